using System.Collections.Concurrent;
using CallSid.Dashboard.Telemetry;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Collector.Metrics.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Metrics.V1;

namespace CallSid.Dashboard.Otlp;

/// <summary>
/// Data points of one export into the metric store (and the webhook panel). Gauges, sums and explicit-bucket
/// histograms are kept; exponential histograms and summaries are rejected by count, as the specification's
/// partial success allows.
/// </summary>
public sealed class OtlpMetricIngest(OtlpResources resources, OtlpAttributes attributes, MetricStore store, WebhookDeliveryTracker webhooks)
{
    private const int MaxSharedBounds = 1_000;

    // Histograms repeat the same bucket bounds in every point; one array per distinct set is kept.
    private readonly ConcurrentDictionary<double[], double[]> _sharedBounds = new(BoundsComparer.Instance);

    public ExportMetricsServiceResponse Add(ExportMetricsServiceRequest request)
    {
        var counters = new IngestCounters();
        var points = new List<ReceivedMetricPoint>();
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var resource = resources.Read(resourceMetrics.Resource, counters);
            foreach (var scopeMetrics in resourceMetrics.ScopeMetrics)
            {
                var scope = attributes.Intern(scopeMetrics.Scope?.Name ?? string.Empty);
                foreach (var metric in scopeMetrics.Metrics)
                {
                    Convert(metric, resource, scope, points, counters);
                }
            }
        }

        store.Add(points);
        foreach (var point in points)
        {
            webhooks.Add(point);
        }

        var message = counters.Message("data points", attributes.MaxCount, attributes.MaxLength);
        return new ExportMetricsServiceResponse
        {
            PartialSuccess = message is null ? null : new ExportMetricsPartialSuccess { RejectedDataPoints = counters.Rejected, ErrorMessage = message },
        };
    }

    private void Convert(Metric metric, TelemetryResource resource, string scope, List<ReceivedMetricPoint> points, IngestCounters counters)
    {
        if (string.IsNullOrEmpty(metric.Name))
        {
            counters.Reject("a metric must have a name", CountPoints(metric));
            return;
        }

        var name = attributes.Intern(metric.Name);
        var description = attributes.Intern(metric.Description);
        var unit = attributes.Intern(metric.Unit);
        ReceivedMetricPoint Received(InstrumentType type, bool cumulative, RepeatedField<KeyValue> pointAttributes, MetricPoint point)
        {
            var converted = attributes.Convert(pointAttributes, counters);
            return new ReceivedMetricPoint(resource, scope, name, description, unit, type, cumulative, SeriesKey(converted), converted, point);
        }

        switch (metric.DataCase)
        {
            case Metric.DataOneofCase.Gauge:
                foreach (var point in metric.Gauge.DataPoints.Where(HasValue))
                {
                    points.Add(Received(InstrumentType.Gauge, false, point.Attributes, ToNumber(point)));
                }

                break;
            case Metric.DataOneofCase.Sum:
                var type = metric.Sum.IsMonotonic ? InstrumentType.Counter : InstrumentType.UpDownCounter;
                var cumulative = metric.Sum.AggregationTemporality == AggregationTemporality.Cumulative;
                foreach (var point in metric.Sum.DataPoints.Where(HasValue))
                {
                    points.Add(Received(type, cumulative, point.Attributes, ToNumber(point)));
                }

                break;
            case Metric.DataOneofCase.Histogram:
                var cumulativeHistogram = metric.Histogram.AggregationTemporality == AggregationTemporality.Cumulative;
                foreach (var point in metric.Histogram.DataPoints)
                {
                    if ((point.Flags & (uint)DataPointFlags.NoRecordedValueMask) != 0)
                    {
                        continue;
                    }

                    if (point.BucketCounts.Count != 0 && point.BucketCounts.Count != point.ExplicitBounds.Count + 1)
                    {
                        counters.Reject("a histogram point needs one more bucket count than explicit bounds");
                        continue;
                    }

                    points.Add(Received(InstrumentType.Histogram, cumulativeHistogram, point.Attributes, ToHistogram(point)));
                }

                break;
            case Metric.DataOneofCase.ExponentialHistogram or Metric.DataOneofCase.Summary:
                counters.Reject($"{metric.DataCase} metrics are not supported (metric {metric.Name})", CountPoints(metric));
                break;
        }
    }

    private static bool HasValue(NumberDataPoint point) => (point.Flags & (uint)DataPointFlags.NoRecordedValueMask) == 0;

    private static NumberPoint ToNumber(NumberDataPoint point) => new(
        (long)point.StartTimeUnixNano,
        (long)point.TimeUnixNano,
        point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble);

    private HistogramPoint ToHistogram(HistogramDataPoint point)
    {
        var bounds = point.ExplicitBounds.ToArray();
        if (!_sharedBounds.TryGetValue(bounds, out var shared) && _sharedBounds.Count < MaxSharedBounds)
        {
            shared = _sharedBounds.GetOrAdd(bounds, bounds);
        }

        return new HistogramPoint(
            (long)point.StartTimeUnixNano,
            (long)point.TimeUnixNano,
            point.Count,
            point.HasSum ? point.Sum : null,
            point.BucketCounts.ToArray(),
            shared ?? bounds,
            point.HasMin ? point.Min : null,
            point.HasMax ? point.Max : null);
    }

    /// <summary>Identifies a series by its attributes, whatever order the exporter listed them in.</summary>
    private static string SeriesKey(KeyValuePair<string, string>[] attributes)
    {
        if (attributes.Length == 0)
        {
            return string.Empty;
        }

        var sorted = attributes.Select(a => a.Key + "=" + a.Value).Order(StringComparer.Ordinal);
        return string.Join('\u001f', sorted);
    }

    private static long CountPoints(Metric metric) => metric.DataCase switch
    {
        Metric.DataOneofCase.Gauge => metric.Gauge.DataPoints.Count,
        Metric.DataOneofCase.Sum => metric.Sum.DataPoints.Count,
        Metric.DataOneofCase.Histogram => metric.Histogram.DataPoints.Count,
        Metric.DataOneofCase.ExponentialHistogram => metric.ExponentialHistogram.DataPoints.Count,
        Metric.DataOneofCase.Summary => metric.Summary.DataPoints.Count,
        _ => 0,
    };

    private sealed class BoundsComparer : IEqualityComparer<double[]>
    {
        public static readonly BoundsComparer Instance = new();

        public bool Equals(double[]? x, double[]? y) => x is not null && y is not null && x.AsSpan().SequenceEqual(y);

        public int GetHashCode(double[] bounds)
        {
            var hash = new HashCode();
            foreach (var bound in bounds)
            {
                hash.Add(bound);
            }

            return hash.ToHashCode();
        }
    }
}

using CallSid.Dashboard.Analysis;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Resources;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Queries;

/// <summary>Instruments per resource, one instrument's chart, and the webhook panel.</summary>
public sealed class MetricQuery(MetricStore store, ResourceCatalog catalog, WebhookDeliveryTracker webhooks)
{
    public InstrumentsResponse Instruments(string? resource)
    {
        var names = catalog.TelemetryNames();
        var instruments = store.Instruments(ResourceCatalog.Filter(resource, names))
            .GroupBy(i => i.Name, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.First();
                return new InstrumentItem(
                    first.Name, first.Scope, first.Description, first.Unit, MetricChartBuilder.TypeName(first.Type),
                    first.IsCumulative ? "cumulative" : "delta",
                    g.Select(i => names.GetValueOrDefault(i.Resource, i.Resource.ServiceName)).Distinct().Order(StringComparer.Ordinal).ToList(),
                    g.Sum(i => i.SeriesCount), g.Sum(i => i.PointCount));
            })
            .ToList();
        return new InstrumentsResponse(resource, instruments);
    }

    /// <summary>Null when no resource matching <paramref name="resource"/> has the instrument.</summary>
    public MetricChartResponse? Chart(string resource, string instrument, string? filter)
    {
        var names = catalog.TelemetryNames();
        var instruments = store.Instruments(ResourceCatalog.Filter(resource, names), instrument, withSeries: true);
        return instruments.Count == 0 ? null : MetricChartBuilder.Build(resource, instruments, names, filter);
    }

    public WebhookPanelResponse Webhooks(int minutes)
    {
        var window = webhooks.LastMinutes(minutes);
        var names = window.SelectMany(m => m.Counts.Keys.Select(k => k.Webhook))
            .Concat(["transcription", "post_call"])
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var series = names.Select(webhook =>
        {
            var counts = WebhookDeliveryTracker.Outcomes.ToDictionary(
                outcome => outcome,
                outcome => (IReadOnlyList<double>)window.Select(m => m.Counts.GetValueOrDefault((webhook, outcome))).ToList());
            return new WebhookSeriesItem(webhook, counts, counts.Values.Sum(c => c.Sum()));
        }).ToList();
        return new WebhookPanelResponse(window.Select(m => m.Minute).ToList(), WebhookDeliveryTracker.Outcomes, series);
    }
}

using CallSid.Dashboard.Analysis;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Resources;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Queries;

/// <summary>Traces, newest first, and one trace as a waterfall.</summary>
public sealed class TraceQuery(TraceStore store, ResourceCatalog catalog)
{
    public const int DefaultLimit = 100;
    public const int MaxLimit = 5_000;

    public TracesResponse Find(TraceFilter filter)
    {
        var names = catalog.TelemetryNames();
        var resource = ResourceCatalog.Filter(filter.Resource, names);
        var traces = store.Snapshot();
        var matches = new List<TraceSummaryItem>();
        var total = 0;
        for (var i = traces.Length - 1; i >= 0; i--)
        {
            var spans = traces[i].Spans;
            if (spans.Length == 0 || !spans.Any(s => resource(s.Resource)) || !MatchesCall(spans, filter.CallSid, filter.ConversationId)
                || (filter.ErrorsOnly && !spans.Any(s => s.HasError))
                || (!string.IsNullOrEmpty(filter.Text) && !ContainsText(traces[i].TraceId, spans, filter.Text)))
            {
                continue;
            }

            total++;
            if (matches.Count < filter.Limit)
            {
                matches.Add(Summarize(traces[i].TraceId, spans, names));
            }
        }

        return new TracesResponse(total, matches);
    }

    public TraceDetail? Get(string traceId)
    {
        var trace = store.Find(traceId.ToLowerInvariant());
        if (trace is null || trace.Spans.Length == 0)
        {
            return null;
        }

        var names = catalog.TelemetryNames();
        var spans = trace.Spans;
        var start = spans.Min(s => s.StartUnixNano);
        var summary = Summarize(trace.TraceId, spans, names);
        var rows = TraceWaterfall.Layout(spans).Select(row => new SpanItem(
            row.Span.SpanId,
            row.Span.ParentSpanId,
            row.Span.Name,
            row.Span.Kind,
            NameOf(row.Span.Resource, names),
            row.Span.Scope,
            ToTime(row.Span.StartUnixNano),
            Milliseconds(row.Span.StartUnixNano - start),
            Milliseconds(row.Span.EndUnixNano - row.Span.StartUnixNano),
            row.Depth,
            row.Span.Status,
            row.Span.StatusMessage,
            Attributes.ToDictionary(row.Span.Attributes),
            row.Span.Events.Select(e => new SpanEventItem(e.Name, ToTime(e.TimeUnixNano), Milliseconds(e.TimeUnixNano - start), Attributes.ToDictionary(e.Attributes))).ToList(),
            row.Span.Links.Select(l => new SpanLinkItem(l.TraceId, l.SpanId, Attributes.ToDictionary(l.Attributes))).ToList(),
            row.Span.Attribute(TelemetryFields.CallSid)))
            .ToList();
        return new TraceDetail(trace.TraceId, summary.Name, summary.Start, summary.DurationMs, summary.Resources, rows);
    }

    public static TraceSummaryItem Summarize(string traceId, SpanRecord[] spans, IReadOnlyDictionary<TelemetryResource, string> names)
    {
        var start = long.MaxValue;
        var end = long.MinValue;
        SpanRecord? root = null;
        foreach (var span in spans)
        {
            start = Math.Min(start, span.StartUnixNano);
            end = Math.Max(end, span.EndUnixNano);
            if (span.ParentSpanId is null && (root is null || span.StartUnixNano < root.StartUnixNano))
            {
                root = span;
            }
        }

        // Without its root yet (still being exported), a trace is named after its earliest span.
        root ??= spans.MinBy(s => s.StartUnixNano)!;
        var resources = spans.OrderBy(s => s.StartUnixNano).Select(s => NameOf(s.Resource, names)).Distinct(StringComparer.Ordinal).ToList();
        var callSids = spans.Select(s => s.Attribute(TelemetryFields.CallSid)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        return new TraceSummaryItem(
            traceId, $"{NameOf(root.Resource, names)}: {root.Name}", ToTime(start), Milliseconds(end - start), spans.Length, resources,
            spans.Any(s => s.HasError), callSids);
    }

    private static bool MatchesCall(SpanRecord[] spans, string? callSid, string? conversationId) =>
        (callSid is null && conversationId is null)
        || spans.Any(s => (callSid is not null && s.Attribute(TelemetryFields.CallSid) == callSid)
                          || (conversationId is not null && s.Attribute(TelemetryFields.ConversationId) == conversationId));

    private static bool ContainsText(string traceId, SpanRecord[] spans, string text) =>
        traceId.StartsWith(text, StringComparison.OrdinalIgnoreCase)
        || spans.Any(s => s.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                          || s.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase)));

    private static string NameOf(TelemetryResource resource, IReadOnlyDictionary<TelemetryResource, string> names) =>
        names.GetValueOrDefault(resource, resource.ServiceName);

    private static DateTimeOffset ToTime(long unixNano) => DateTimeOffset.UnixEpoch.AddTicks(unixNano / 100);

    private static double Milliseconds(long nanoseconds) => Math.Round(nanoseconds / 1e6, 3);
}

using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Analysis;

/// <summary>One row of a trace's waterfall: a span and how deep it sits under its root.</summary>
public sealed record WaterfallRow(SpanRecord Span, int Depth);

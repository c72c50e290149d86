using CallSid.Dashboard.Analysis;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Tests.Analysis;

public sealed class TraceWaterfallTests
{
    private static readonly TelemetryResource Edge = new("edge", null, []);

    private static SpanRecord Span(string id, string? parent, long start) => new()
    {
        TraceId = "t", SpanId = id, ParentSpanId = parent, Name = id, Kind = "internal", StartUnixNano = start, EndUnixNano = start + 10,
        Resource = Edge, Scope = "s", Attributes = [], Status = "unset",
    };

    [Fact]
    public void Children_follow_their_parent_depth_first_in_start_order_whatever_order_they_arrived_in()
    {
        SpanRecord[] arrived = [Span("c2", "a", 30), Span("b1", "c1", 25), Span("a", null, 0), Span("c1", "a", 20)];
        var rows = TraceWaterfall.Layout(arrived);
        Assert.Equal(["a", "c1", "b1", "c2"], rows.Select(r => r.Span.SpanId));
        Assert.Equal([0, 1, 2, 1], rows.Select(r => r.Depth));
    }

    [Fact]
    public void A_span_whose_parent_has_not_arrived_is_shown_as_a_root()
    {
        var rows = TraceWaterfall.Layout([Span("late", "missing", 5), Span("root", null, 0), Span("child", "late", 6)]);
        Assert.Equal([("root", 0), ("late", 0), ("child", 1)], rows.Select(r => (r.Span.SpanId, r.Depth)));
    }

    [Fact]
    public void Spans_in_a_parent_cycle_are_still_shown_once()
    {
        var rows = TraceWaterfall.Layout([Span("x", "y", 0), Span("y", "x", 1)]);
        Assert.Equal(2, rows.Count);
        Assert.Equal(["x", "y"], rows.Select(r => r.Span.SpanId).Order());
    }
}

using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Analysis;

/// <summary>
/// Orders a trace's spans as a waterfall: each span right under its parent, siblings by start time, depth first.
/// A span whose parent never arrived (another process's export still on its way, or dropped) is shown as a root.
/// </summary>
public static class TraceWaterfall
{
    public static IReadOnlyList<WaterfallRow> Layout(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(s => s.SpanId).ToHashSet(StringComparer.Ordinal);
        var children = spans
            .Where(s => s.ParentSpanId is not null && ids.Contains(s.ParentSpanId) && s.ParentSpanId != s.SpanId)
            .GroupBy(s => s.ParentSpanId!)
            .ToDictionary(g => g.Key, g => g.OrderBy(s => s.StartUnixNano).ThenBy(s => s.SpanId, StringComparer.Ordinal).ToList());
        var roots = spans
            .Where(s => s.ParentSpanId is null || !ids.Contains(s.ParentSpanId) || s.ParentSpanId == s.SpanId)
            .OrderBy(s => s.StartUnixNano)
            .ThenBy(s => s.SpanId, StringComparer.Ordinal);

        var rows = new List<WaterfallRow>(spans.Count);
        var placed = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<WaterfallRow>();
        foreach (var root in roots.Reverse())
        {
            pending.Push(new WaterfallRow(root, 0));
        }

        Drain(pending, children, placed, rows);

        // Spans caught in a parent cycle (malformed input) reach no root; show them rather than lose them.
        foreach (var orphan in spans.Where(s => !placed.Contains(s.SpanId)).OrderBy(s => s.StartUnixNano))
        {
            pending.Push(new WaterfallRow(orphan, 0));
            Drain(pending, children, placed, rows);
        }

        return rows;
    }

    private static void Drain(Stack<WaterfallRow> pending, Dictionary<string, List<SpanRecord>> children, HashSet<string> placed, List<WaterfallRow> rows)
    {
        while (pending.TryPop(out var row))
        {
            if (!placed.Add(row.Span.SpanId))
            {
                continue;
            }

            rows.Add(row);
            if (children.TryGetValue(row.Span.SpanId, out var kids))
            {
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    pending.Push(new WaterfallRow(kids[i], row.Depth + 1));
                }
            }
        }
    }
}

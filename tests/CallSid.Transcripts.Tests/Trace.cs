using System.Diagnostics;

namespace CallSid.Transcripts.Tests;

public sealed record Trace(ActivitySpanId RemoteParent, IReadOnlyList<Activity> Spans)
{
    public Activity Single(Func<Activity, bool> match) => Assert.Single(Spans, s => match(s));

    public Activity Child(Activity parent, Func<Activity, bool> match) => Assert.Single(Spans, s => s.ParentSpanId == parent.SpanId && match(s));

    public bool IsBelow(Activity span, Activity ancestor)
    {
        for (var current = span; current is not null; current = Spans.FirstOrDefault(s => s.SpanId == current.ParentSpanId))
        {
            if (current.ParentSpanId == ancestor.SpanId)
            {
                return true;
            }
        }

        return false;
    }
}

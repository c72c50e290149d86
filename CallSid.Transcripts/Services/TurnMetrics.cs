using System.Diagnostics.Metrics;

namespace CallSid.Transcripts.Services;

/// <summary>What became of each per-turn webhook, so an SRE sees lost turns without reading logs.</summary>
public sealed class TurnMetrics(IMeterFactory meters)
{
    private readonly Counter<long> _turns = meters.Create(CallSidResolver.ActivitySourceName).CreateCounter<long>(
        "callsid.turns", "{turn}",
        "Per-turn webhooks by result (callsid.turn.result): stored; duplicate (already stored, answered 200); invalid (400); " +
        "unknown_call (no call or no conversation for the call_sid, 400); refused (503: a dependency down or the deadline passed; ElevenLabs does not resend it)");

    public void Record(string result) => _turns.Add(1, new KeyValuePair<string, object?>("callsid.turn.result", result));
}

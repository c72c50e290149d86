namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// Calls placed for one load segment: call_sids <c>{Prefix}{n}{Suffix}</c> for n in [First, First + Count).
/// <see cref="Fresh"/>: every request takes a call not used before (the first turn of a call); otherwise requests
/// rotate over all of them.
/// </summary>
public sealed record CallRange(string Prefix, string Suffix, int First, int Count, bool Fresh)
{
    public string CallSid(int n) => $"{Prefix}{n}{Suffix}";

    public string ConversationId(int n) => $"conv_bench{Suffix}_{n}";
}

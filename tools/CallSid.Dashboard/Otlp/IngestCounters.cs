namespace CallSid.Dashboard.Otlp;

/// <summary>
/// What one export lost: items rejected (malformed, unsupported) and attributes dropped or cut over the limits. The
/// receiver turns it into OTLP's <c>partial_success</c>.
/// </summary>
public sealed class IngestCounters
{
    private readonly SortedSet<string> _reasons = new(StringComparer.Ordinal);

    public long Rejected { get; private set; }

    public long DroppedAttributes { get; set; }

    public long TruncatedValues { get; set; }

    public void Reject(string reason, long count = 1)
    {
        Rejected += count;
        _reasons.Add(reason);
    }

    /// <summary>
    /// Null when nothing was lost. A non-empty message with 0 rejected is the specification's way to warn about data
    /// that was accepted in part (attributes over the limits).
    /// </summary>
    public string? Message(string items, int maxAttributeCount, int maxAttributeLength)
    {
        var parts = new List<string>();
        if (Rejected > 0)
        {
            parts.Add($"{Rejected} {items} rejected: {string.Join("; ", _reasons)}");
        }

        if (DroppedAttributes > 0)
        {
            parts.Add($"{DroppedAttributes} attributes dropped over the limit of {maxAttributeCount} per item");
        }

        if (TruncatedValues > 0)
        {
            parts.Add($"{TruncatedValues} attribute values cut to {maxAttributeLength} characters");
        }

        return parts.Count == 0 ? null : string.Join(". ", parts);
    }
}

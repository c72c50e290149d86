namespace CallSid.Conventions.Http;

/// <summary>
/// How long a request may take in all, retries included. Endpoints get one with <c>.WithRequestBudget(...)</c>; while
/// such a request runs, <see cref="Remaining"/> lets whatever retries inside it (the database's execution strategy)
/// decide whether another attempt still fits. When the budget runs out the request answers 503 with Retry-After.
/// </summary>
public sealed record RequestBudget(TimeSpan Budget)
{
    private static readonly AsyncLocal<DateTimeOffset?> CurrentDeadline = new();

    /// <summary>Time left for the request this code runs for; null outside a budgeted request.</summary>
    public static TimeSpan? Remaining =>
        CurrentDeadline.Value is { } deadline ? deadline - DateTimeOffset.UtcNow : null;

    internal static IDisposable Begin(TimeSpan budget)
    {
        var previous = CurrentDeadline.Value;
        CurrentDeadline.Value = DateTimeOffset.UtcNow + budget;
        return new Restore(previous);
    }

    private sealed class Restore(DateTimeOffset? previous) : IDisposable
    {
        public void Dispose() => CurrentDeadline.Value = previous;
    }
}

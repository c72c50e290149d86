namespace CallSid.Conventions.Http;

/// <summary>A budgeted request's state: whether its budget, rather than its client, ended it.</summary>
public sealed class RequestBudgetFeature(TimeSpan budget, CancellationToken budgetToken, CancellationToken clientToken)
{
    public TimeSpan Budget { get; } = budget;

    public bool Spent => budgetToken.IsCancellationRequested && !clientToken.IsCancellationRequested;
}

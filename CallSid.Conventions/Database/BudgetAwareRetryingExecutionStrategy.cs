using CallSid.Conventions.Http;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace CallSid.Conventions.Database;

/// <summary>
/// Npgsql's retrying strategy (transient failures retried with exponential back-off), except that inside a budgeted
/// request (<see cref="RequestBudget"/>) a retry whose delay would not fit the time left is not attempted: the request
/// fails at once with the database's own error (503) instead of waiting for a retry that cannot finish in time.
/// </summary>
public sealed class BudgetAwareRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, errorCodesToAdd: null)
{
    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException);
        return delay is { } next && RequestBudget.Remaining is { } left && next >= left ? null : delay;
    }
}

using System.Net.Sockets;
using CallSid.Conventions.Http;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql.EntityFrameworkCore.PostgreSQL;

namespace CallSid.Conventions.Database;

/// <summary>
/// Npgsql's retrying strategy (transient failures retried with exponential back-off), except that inside a budgeted
/// request (<see cref="RequestBudget"/>) a retry whose delay would not fit the time left is not attempted: the request
/// fails at once with the database's own error (503) instead of waiting for a retry that cannot finish in time.
/// Inside such a request a refused connection is not retried at all: the server is down, not busy, and waiting would
/// only delay the 503. Outside one (migrations, background work) it is retried: the server may be restarting.
/// </summary>
public sealed class BudgetAwareRetryingExecutionStrategy(ExecutionStrategyDependencies dependencies, int maxRetryCount, TimeSpan maxRetryDelay)
    : NpgsqlRetryingExecutionStrategy(dependencies, maxRetryCount, maxRetryDelay, errorCodesToAdd: null)
{
    protected override bool ShouldRetryOn(Exception? exception) =>
        !(RequestBudget.Remaining is not null && exception is not null && IsRefused(exception)) && base.ShouldRetryOn(exception);

    protected override TimeSpan? GetNextDelay(Exception lastException)
    {
        var delay = base.GetNextDelay(lastException);
        return delay is { } next && RequestBudget.Remaining is { } left && next >= left ? null : delay;
    }

    private static bool IsRefused(Exception exception) => exception switch
    {
        SocketException { SocketErrorCode: SocketError.ConnectionRefused } => true,
        _ => exception.InnerException is { } inner && IsRefused(inner),
    };
}

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallSid.Conventions.Http;

public static class RequestBudgetExtensions
{
    /// <summary>The endpoint answers within <paramref name="budget"/>: 503 with Retry-After when its work does not.</summary>
    public static TBuilder WithRequestBudget<TBuilder>(this TBuilder builder, TimeSpan budget) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequestBudget(budget));

    /// <summary>
    /// Applies the endpoint's <see cref="RequestBudget"/>: the request's cancellation token fires when it is spent, and
    /// the cancellation that follows becomes a 503 (see <see cref="JsonApiDefaults"/>), not a dropped connection.
    /// </summary>
    internal static IApplicationBuilder UseRequestBudgets(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequestBudget>() is not { } budget)
        {
            await next(context);
            return;
        }

        var client = context.RequestAborted;
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(client);
        timer.CancelAfter(budget.Budget);
        context.Features.Set(new RequestBudgetFeature(budget.Budget, timer.Token, client));
        context.RequestAborted = timer.Token;
        try
        {
            using (RequestBudget.Begin(budget.Budget))
            {
                await next(context);
            }
        }
        finally
        {
            // The exception handler takes a cancelled RequestAborted for a client that went away (499); this one is still there.
            context.RequestAborted = client;
        }
    });
}

using System.Net;
using System.Net.Sockets;
using Polly;
using Polly.CircuitBreaker;
using Polly.Registry;
using Polly.Retry;
using Polly.Timeout;

namespace CallSid.ServiceDefaults.Resilience;

/// <summary>
/// Timeouts, retries with jitter and a circuit breaker for every HttpClient, built on Polly.Core (our feed lacks
/// Microsoft.Extensions.Http.Resilience). One rule decides what may be sent again:
/// <list type="bullet">
/// <item>any request, when it surely never left this process (the name did not resolve, the connection was refused);</item>
/// <item>idempotent requests (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) also on 5xx, 408, 429, timeouts and broken connections.</item>
/// </list>
/// A POST that may have reached the other side is never repeated: for ElevenLabs that could dial a driver twice.
/// (Microsoft's <c>AddStandardResilienceHandler</c> retries every method unless told otherwise, hence a name of our own.)
/// </summary>
public sealed class IdempotentResilienceHandler(ResiliencePipeline<HttpResponseMessage> pipeline) : DelegatingHandler
{
    private static readonly ResiliencePropertyKey<HttpRequestMessage> RequestKey = new("callsid.http-request");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(RequestKey, request);
        try
        {
            var outcome = await pipeline.ExecuteOutcomeAsync(
                static async (context, state) =>
                {
                    try
                    {
                        return Outcome.FromResult(await state.Handler.SendCoreAsync(state.Request, context.CancellationToken));
                    }
                    catch (Exception e)
                    {
                        return Outcome.FromException<HttpResponseMessage>(e);
                    }
                },
                context,
                (Handler: this, Request: request));
            outcome.ThrowIfException();
            return outcome.Result!;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The pipeline for one named client; cached by the registry so the circuit's state outlives handler rotation.</summary>
    public static ResiliencePipeline<HttpResponseMessage> GetPipeline(
        ResiliencePipelineRegistry<string> registry, string clientName, HttpResilienceOptions options) =>
        registry.GetOrAddPipeline<HttpResponseMessage>(clientName, builder =>
        {
            builder.AddTimeout(options.TotalTimeout);
            if (options.MaxRetryAttempts > 0)
            {
                builder.AddRetry(new RetryStrategyOptions<HttpResponseMessage>
                {
                    MaxRetryAttempts = options.MaxRetryAttempts,
                    Delay = options.RetryDelay,
                    BackoffType = DelayBackoffType.Exponential,
                    UseJitter = true,
                    ShouldHandle = args => ValueTask.FromResult(ShouldRetry(args.Outcome, args.Context.Properties.GetValue(RequestKey, null!))),
                    OnRetry = args =>
                    {
                        // The response we discard will not be read; release its connection.
                        args.Outcome.Result?.Dispose();
                        return ValueTask.CompletedTask;
                    },
                });
            }

            if (options.CircuitBreakerEnabled)
            {
                builder.AddCircuitBreaker(new CircuitBreakerStrategyOptions<HttpResponseMessage>
                {
                    FailureRatio = options.CircuitBreakerFailureRatio,
                    MinimumThroughput = options.CircuitBreakerMinimumThroughput,
                    SamplingDuration = options.CircuitBreakerSamplingDuration,
                    BreakDuration = options.CircuitBreakerBreakDuration,
                    ShouldHandle = args => ValueTask.FromResult(IsTransientFailure(args.Outcome)),
                });
            }

            builder.AddTimeout(options.AttemptTimeout);
        });

    /// <summary>True when the request cannot have reached the server, so sending it again is safe for any method.</summary>
    public static bool SurelyNeverSent(Exception exception) => exception switch
    {
        BrokenCircuitException => true,
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: SocketException socket }
            => socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain,
        _ => false,
    };

    internal static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, HttpRequestMessage request)
    {
        if (outcome.Exception is { } exception && SurelyNeverSent(exception))
        {
            return exception is not BrokenCircuitException;
        }

        return IsIdempotent(request.Method) && IsTransientFailure(outcome);
    }

    private static bool IsTransientFailure(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException or TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode >= 500
            || response.StatusCode is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests,
        _ => false,
    };

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
        || method == HttpMethod.Delete || method == HttpMethod.Options || method == HttpMethod.Trace;

    private Task<HttpResponseMessage> SendCoreAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
        base.SendAsync(request, cancellationToken);
}

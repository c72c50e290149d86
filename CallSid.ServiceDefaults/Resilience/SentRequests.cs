using System.Net.Sockets;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Polly.CircuitBreaker;

namespace CallSid.ServiceDefaults.Resilience;

/// <summary>
/// What may be sent again: any request that surely never left this process (the name did not resolve, the connection
/// was refused); an idempotent one (GET, HEAD, PUT, DELETE, OPTIONS, TRACE) also on transient failures. A POST that may
/// have reached the other side is never repeated: for ElevenLabs that could dial a driver twice.
/// </summary>
public static class SentRequests
{
    public static bool SurelyNeverSent(Exception? exception) => exception switch
    {
        HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError, InnerException: SocketException socket }
            => socket.SocketErrorCode is SocketError.ConnectionRefused or SocketError.HostNotFound or SocketError.TryAgain,
        _ => false,
    };

    public static bool MaySendAgain(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        if (outcome.Exception is BrokenCircuitException)
        {
            return false;
        }

        if (SurelyNeverSent(outcome.Exception))
        {
            return true;
        }

        return context.GetRequestMessage() is { } request && IsIdempotent(request.Method) && HttpClientResiliencePredicates.IsTransient(outcome);
    }

    private static bool IsIdempotent(HttpMethod method) =>
        method == HttpMethod.Get || method == HttpMethod.Head || method == HttpMethod.Put
        || method == HttpMethod.Delete || method == HttpMethod.Options || method == HttpMethod.Trace;
}

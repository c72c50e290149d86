using System.Diagnostics;
using CallSid.Calls.Services;

namespace CallSid.Calls.ElevenLabs;

/// <summary>Times every request to ElevenLabs' API (<c>callsid.elevenlabs.request.duration</c>), by operation and outcome.</summary>
public sealed class ElevenLabsRequestMetricsHandler(CallsMetrics metrics) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var operation = request.RequestUri?.AbsolutePath.Contains("outbound-call", StringComparison.Ordinal) == true ? "outbound_call" : "get_conversation";
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            metrics.RecordElevenLabsRequest(operation, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture), Stopwatch.GetElapsedTime(started));
            return response;
        }
        catch (Exception e)
        {
            metrics.RecordElevenLabsRequest(operation, e.GetType().Name, Stopwatch.GetElapsedTime(started));
            throw;
        }
    }
}

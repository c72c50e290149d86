using System.Net.Http.Headers;
using System.Text;

namespace CallSid.Benchmarks.Throughput;

/// <summary>Per-turn webhooks from this process, for the paced (open-loop) segments; a plain pooled HttpClient.</summary>
public sealed class WebhookSender : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private static readonly AuthenticationHeaderValue Bearer = new("Bearer", SystemUnderTest.TranscriptionToken);
    private readonly HttpClient _client;
    private readonly string _nonce = Guid.NewGuid().ToString("N")[..8];

    public WebhookSender(Uri target, int connections)
    {
        _client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections, UseProxy = false, UseCookies = false })
        {
            BaseAddress = target,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>Turn <paramref name="n"/>: a new message for a call of <paramref name="calls"/>; true when stored (200 or 201).</summary>
    public async Task<bool> SendAsync(CallRange calls, long n, CancellationToken cancellationToken)
    {
        var callSid = calls.CallSid(calls.First + (int)(n % calls.Count));
        var body = $$"""{"call_sid":"{{callSid}}","speaker":"agent","message":"turn {{_nonce}}-{{n}}","timestamp":"2024-11-21T10:30:00Z"}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription")
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body)) { Headers = { ContentType = Json } },
        };
        request.Headers.Authorization = Bearer;
        try
        {
            using var response = await _client.SendAsync(request, cancellationToken);
            await response.Content.LoadIntoBufferAsync(cancellationToken);
            return (int)response.StatusCode is 200 or 201;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // timed out
        }
    }

    public void Dispose() => _client.Dispose();
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Edge.Tests;

public sealed class EdgeRoutingTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    private const string TurnPath = "/webhooks/elevenlabs/transcription";
    private const string TurnBody = """{"call_sid":"EL_1_2024-11-21T10:00:00Z","speaker":"agent","message":"Hello","timestamp":"2024-11-21T10:30:00Z"}""";

    private readonly HttpClient _client = system.Edge.CreateClient();

    [Fact]
    public async Task A_turn_with_the_right_token_reaches_Transcripts_unchanged()
    {
        var marker = Guid.NewGuid().ToString();
        using var response = await SendTurnAsync(TurnBody.Replace("Hello", marker), "Bearer " + EdgeWithRecordingBackends.TranscriptionToken);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var forwarded = Assert.Single(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(marker));
        Assert.Equal("transcripts", forwarded.Service);
        Assert.Equal(("POST", TurnPath), (forwarded.Method, forwarded.Path));
        Assert.Equal(TurnBody.Replace("Hello", marker), Encoding.UTF8.GetString(forwarded.Body));
        Assert.Equal("127.0.0.1", forwarded.Headers["X-Forwarded-For"]);
        Assert.Equal("http", forwarded.Headers["X-Forwarded-Proto"]);
        Assert.False(forwarded.Headers.ContainsKey("Authorization")); // the secret stops at the edge
    }

    [Fact]
    public async Task Behind_a_listed_proxy_the_real_client_is_forwarded()
    {
        var settings = system.Settings();
        settings["Edge:TrustedProxies:0"] = "127.0.0.1";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var marker = Guid.NewGuid().ToString();

        using var response = await edge.CreateClient().SendAsync(TurnFrom("203.0.113.7", marker), TestContext.Current.CancellationToken);

        var forwarded = Assert.Single(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(marker));
        Assert.Equal("203.0.113.7", forwarded.Headers["X-Forwarded-For"]);
    }

    [Fact]
    public async Task From_a_peer_that_is_not_a_listed_proxy_a_made_up_forwarded_for_is_replaced_by_the_peer()
    {
        var marker = Guid.NewGuid().ToString();

        using var response = await _client.SendAsync(TurnFrom("203.0.113.7", marker), TestContext.Current.CancellationToken);

        var forwarded = Assert.Single(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(marker));
        Assert.Equal("127.0.0.1", forwarded.Headers["X-Forwarded-For"]);
    }

    private static HttpRequestMessage TurnFrom(string forwardedFor, string marker)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TurnPath) { Content = new StringContent(TurnBody.Replace("Hello", marker), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        return request;
    }

    [Theory]
    [InlineData(null, "missing Authorization: Bearer token")]
    [InlineData("Bearer wrong-token", "invalid bearer token")]
    [InlineData("Basic dXNlcjpwYXNz", "missing Authorization: Bearer token")]
    public async Task A_turn_without_the_right_token_is_a_401_and_goes_nowhere(string? authorization, string reason)
    {
        var marker = Guid.NewGuid().ToString();

        using var response = await SendTurnAsync(TurnBody.Replace("Hello", marker), authorization);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal(reason, body.GetProperty("details").GetString());
        Assert.DoesNotContain(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(marker));
    }

    [Theory]
    [InlineData("GET", TurnPath)]
    [InlineData("POST", "/calls/EL_1_x/status")]
    [InlineData("GET", "/calls/EL_1_x")]
    [InlineData("POST", "/driver_data/call-elevenlabs")]
    [InlineData("GET", "/anything/else")]
    public async Task Everything_else_is_a_404_at_the_edge(string method, string path)
    {
        var before = system.Forwarded.Count;

        using var response = await _client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        Assert.Equal(before, system.Forwarded.Count);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_body_over_the_limit_is_a_413_and_goes_nowhere(bool withContentLength)
    {
        var before = system.Forwarded.Count;
        var huge = new string('x', 1024 * 1024 + 10);
        HttpContent content = withContentLength
            ? new StringContent(huge, Encoding.UTF8, "application/json")
            : new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(huge))); // chunked: no length up front
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, TurnPath) { Content = content };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);
        request.Headers.ExpectContinue = true; // a 413 sent before the body is read cannot race the upload into a broken pipe

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
        Assert.Equal(before, system.Forwarded.Count);
    }

    [Fact]
    public async Task A_post_to_an_unknown_webhook_path_is_a_404_without_its_body_being_read()
    {
        // Chunked and over the limit: were the body read, the answer would be 413.
        var content = new StreamContent(new MemoryStream(new byte[1024 * 1024 + 10]));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        // Expect: 100-continue, so the client sends the body only if the edge asks for it: a 404 answered without reading
        // it cannot race the upload into a broken pipe (seen once in CI).
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/unknown") { Content = content };
        request.Headers.ExpectContinue = true;

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task The_callers_trace_context_travels_on()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var marker = Guid.NewGuid().ToString();
        var request = new HttpRequestMessage(HttpMethod.Post, TurnPath) { Content = new StringContent(TurnBody.Replace("Hello", marker), Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        var forwarded = Assert.Single(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(marker));
        Assert.Contains($"-{traceId}-", forwarded.Headers["traceparent"]);
    }

    [Fact]
    public async Task Health_endpoints_answer()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/alive", TestContext.Current.CancellationToken)).StatusCode);
    }

    private Task<HttpResponseMessage> SendTurnAsync(string json, string? authorization)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, TurnPath) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return _client.SendAsync(request, TestContext.Current.CancellationToken);
    }
}

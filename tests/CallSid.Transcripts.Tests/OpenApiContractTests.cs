using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using CallSid.Edge;
using CallSid.Edge.Webhooks;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests;

/// <summary>Transcripts' and the edge's OpenAPI documents list every route they map, and real answers are what they say.</summary>
public sealed class OpenApiContractTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    private const string Turn = "/webhooks/elevenlabs/transcription";
    private const string PostCall = "/webhooks/elevenlabs/post-call";

    [Fact]
    public async Task Every_mapped_route_of_transcripts_and_the_edge_is_documented()
    {
        var transcripts = await OpenApiContract.LoadAsync(system.Transcripts.CreateClient());
        var edge = await OpenApiContract.LoadAsync(system.Edge.CreateClient());

        Assert.Empty(transcripts.UndocumentedRoutes(system.Transcripts.Services));
        Assert.Empty(edge.UndocumentedRoutes(system.Edge.Services));
    }

    [Fact]
    public async Task Real_answers_of_transcripts_match_its_document()
    {
        var client = system.Transcripts.CreateClient();
        var contract = await OpenApiContract.LoadAsync(client);
        var (callSid, conversationId) = await system.PlaceCallAsync(611);
        var turn = JsonSerializer.Serialize(WebhookSystem.Turn(callSid, "contract"));
        var (uncached, _) = await system.PlaceCallAsync(612);
        await using var withoutCalls = system.StartTranscripts(new Uri($"http://127.0.0.1:{PortAllocator.GetFreePort()}"));
        var problems = new List<string>();
        async Task ExpectAsync(HttpClient on, HttpStatusCode status, string method, string template, HttpRequestMessage request)
        {
            using var response = await on.SendAsync(request, TestContext.Current.CancellationToken);
            problems.AddRange(response.StatusCode == status ? [] : [$"{method} {template}: expected {(int)status}, got {(int)response.StatusCode}"]);
            problems.AddRange(await contract.ProblemsWithAsync(method, template, response));
        }

        await ExpectAsync(client, HttpStatusCode.Created, "POST", Turn, OpenApiContract.Json(HttpMethod.Post, Turn, turn));
        await ExpectAsync(client, HttpStatusCode.OK, "POST", Turn, OpenApiContract.Json(HttpMethod.Post, Turn, turn));
        await ExpectAsync(client, HttpStatusCode.BadRequest, "POST", Turn, OpenApiContract.Json(HttpMethod.Post, Turn, """{"speaker":"agent"}"""));
        await ExpectAsync(client, HttpStatusCode.BadRequest, "POST", Turn, OpenApiContract.Json(HttpMethod.Post, Turn, JsonSerializer.Serialize(WebhookSystem.Turn("EL_0_nobody", "m"))));
        await ExpectAsync(client, HttpStatusCode.UnsupportedMediaType, "POST", Turn, OpenApiContract.Json(HttpMethod.Post, Turn, turn, "application/json; charset=nonsense"));
        await ExpectAsync(withoutCalls.CreateClient(), HttpStatusCode.ServiceUnavailable, "POST", Turn,
            OpenApiContract.Json(HttpMethod.Post, Turn, JsonSerializer.Serialize(WebhookSystem.Turn(uncached, "Calls unreachable"))));
        await ExpectAsync(client, HttpStatusCode.OK, "GET", "/calls/{callSid}/transcript", new HttpRequestMessage(HttpMethod.Get, $"/calls/{Uri.EscapeDataString(callSid)}/transcript"));
        await ExpectAsync(client, HttpStatusCode.NotFound, "GET", "/calls/{callSid}/transcript", new HttpRequestMessage(HttpMethod.Get, "/calls/EL_0_nobody/transcript"));
        const string recovery = "/conversations/{conversationId}/transcript";
        var recovered = JsonSerializer.Serialize(new
        {
            call_sid = callSid,
            conversation_start = "2024-11-21T10:30:00Z",
            turns = new object[] { new { role = "agent", message = "contract", time_in_call_secs = 0 }, new { role = "user", message = "recovered", time_in_call_secs = 2 } },
        });
        await ExpectAsync(client, HttpStatusCode.OK, "POST", recovery, OpenApiContract.Json(HttpMethod.Post, $"/conversations/{Uri.EscapeDataString(conversationId!)}/transcript", recovered));
        await ExpectAsync(client, HttpStatusCode.BadRequest, "POST", recovery, OpenApiContract.Json(HttpMethod.Post, $"/conversations/{Uri.EscapeDataString(conversationId!)}/transcript", "{}"));
        await ExpectAsync(client, HttpStatusCode.NotFound, "POST", recovery, OpenApiContract.Json(HttpMethod.Post, "/conversations/conv_nobody/transcript", recovered));
        await ExpectAsync(client, HttpStatusCode.OK, "GET", "/health", new HttpRequestMessage(HttpMethod.Get, "/health"));

        Assert.Empty(problems);
    }

    [Fact]
    public async Task Real_answers_of_the_edge_match_its_document()
    {
        var client = system.Edge.CreateClient();
        var contract = await OpenApiContract.LoadAsync(client);
        var (callSid, conversationId) = await system.PlaceCallAsync(613);
        var turn = JsonSerializer.Serialize(WebhookSystem.Turn(callSid, "through the edge"));
        var settings = new Dictionary<string, string?>
        {
            ["services:transcripts:http:0"] = $"http://127.0.0.1:{PortAllocator.GetFreePort()}",
            ["services:calls:http:0"] = system.Calls.BaseAddress.ToString(),
            ["Webhooks:TranscriptionToken"] = WebhookSystem.TranscriptionToken,
            ["Webhooks:PostCallSecret"] = WebhookSystem.PostCallSecret,
            ["Edge:FailedAuthenticationLimit"] = "1",
        };
        await using var lonelyEdge = new ServiceHost<EdgeEntryPoint>(settings);
        var problems = new List<string>();
        async Task ExpectAsync(HttpClient on, HttpStatusCode status, string template, HttpRequestMessage request)
        {
            using var response = await on.SendAsync(request, TestContext.Current.CancellationToken);
            problems.AddRange(response.StatusCode == status ? [] : [$"POST {template}: expected {(int)status}, got {(int)response.StatusCode}"]);
            problems.AddRange(await contract.ProblemsWithAsync("POST", template, response));
        }

        await ExpectAsync(client, HttpStatusCode.Created, Turn, Bearer(OpenApiContract.Json(HttpMethod.Post, Turn, turn)));
        await ExpectAsync(client, HttpStatusCode.OK, Turn, Bearer(OpenApiContract.Json(HttpMethod.Post, Turn, turn)));
        await ExpectAsync(client, HttpStatusCode.BadRequest, Turn, Bearer(OpenApiContract.Json(HttpMethod.Post, Turn, "{}")));
        await ExpectAsync(client, HttpStatusCode.Unauthorized, Turn, OpenApiContract.Json(HttpMethod.Post, Turn, turn));
        // Expect: 100-continue, so the edge's 413 (sent without reading the body) cannot race the upload into a broken pipe.
        var tooLarge = Bearer(OpenApiContract.Json(HttpMethod.Post, Turn, $"\"{new string('x', 1_100_000)}\""));
        tooLarge.Headers.ExpectContinue = true;
        await ExpectAsync(client, HttpStatusCode.RequestEntityTooLarge, Turn, tooLarge);
        await ExpectAsync(client, HttpStatusCode.UnsupportedMediaType, Turn, Bearer(OpenApiContract.Json(HttpMethod.Post, Turn, turn, "application/json; charset=nonsense")));
        await ExpectAsync(lonelyEdge.CreateClient(), HttpStatusCode.ServiceUnavailable, Turn, Bearer(OpenApiContract.Json(HttpMethod.Post, Turn, turn)));
        await ExpectAsync(lonelyEdge.CreateClient(), HttpStatusCode.Unauthorized, Turn, OpenApiContract.Json(HttpMethod.Post, Turn, turn));
        await ExpectAsync(lonelyEdge.CreateClient(), HttpStatusCode.TooManyRequests, Turn, OpenApiContract.Json(HttpMethod.Post, Turn, turn));
        await ExpectAsync(client, HttpStatusCode.OK, PostCall, Signed(PostCallEvent(callSid, conversationId!)));
        await ExpectAsync(client, HttpStatusCode.NotFound, PostCall, Signed(PostCallEvent("EL_0_nobody", "conv_nobody")));
        await ExpectAsync(client, HttpStatusCode.BadRequest, PostCall, Signed("""{"data":{}}"""));
        await ExpectAsync(client, HttpStatusCode.Unauthorized, PostCall, OpenApiContract.Json(HttpMethod.Post, PostCall, "{}"));

        Assert.Empty(problems);
    }

    private static HttpRequestMessage Bearer(HttpRequestMessage request)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhookSystem.TranscriptionToken);
        return request;
    }

    private static HttpRequestMessage Signed(string json)
    {
        var request = OpenApiContract.Json(HttpMethod.Post, PostCall, json);
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        var signature = Convert.ToHexStringLower(ElevenLabsSignature.Compute(WebhookSystem.PostCallSecret, t, System.Text.Encoding.UTF8.GetBytes(json)));
        request.Headers.TryAddWithoutValidation(ElevenLabsSignature.HeaderName, $"t={t},v0={signature}");
        return request;
    }

    private static string PostCallEvent(string callSid, string conversationId) => JsonSerializer.Serialize(new
    {
        type = "post_call_transcription",
        data = new { conversation_id = conversationId, status = "done", conversation_initiation_client_data = new { dynamic_variables = new { call_sid = callSid } } },
    });
}

using System.Net;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>Calls' OpenAPI document lists every route it maps, and its real answers are what the document says.</summary>
public sealed class OpenApiContractTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    [Fact]
    public async Task Every_mapped_route_is_documented()
    {
        var contract = await OpenApiContract.LoadAsync(_client);

        Assert.Empty(contract.UndocumentedRoutes(services.Calls.Services));
    }

    [Fact]
    public async Task Real_answers_of_every_route_match_their_documented_status_and_schema()
    {
        var contract = await OpenApiContract.LoadAsync(_client);
        var (callSid, conversationId) = await services.PlaceCallAsync(601);
        var (finished, _) = await services.PlaceCallAsync(602);
        var sid = Uri.EscapeDataString(callSid);
        var done = Uri.EscapeDataString(finished);
        var problems = new List<string>();
        async Task ExpectAsync(HttpStatusCode status, string method, string template, HttpRequestMessage request)
        {
            using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
            if (response.StatusCode != status)
            {
                problems.Add($"{method} {template}: expected {(int)status}, got {(int)response.StatusCode}");
            }

            problems.AddRange(await contract.ProblemsWithAsync(method, template, response));
        }

        const string batch = "/driver_data/call-elevenlabs";
        const string call = "/calls/{callSid}";
        const string status = "/calls/{callSid}/status";
        const string postCall = "/webhooks/elevenlabs/post-call";
        await ExpectAsync(HttpStatusCode.OK, "POST", batch, OpenApiContract.Json(HttpMethod.Post, batch, Batch(603, "+15551230603")));
        await ExpectAsync(HttpStatusCode.OK, "POST", batch, OpenApiContract.Json(HttpMethod.Post, batch, Batch([604, 605], "+15551230604")));
        await ExpectAsync(HttpStatusCode.BadGateway, "POST", batch, OpenApiContract.Json(HttpMethod.Post, batch, Batch(606, "+15551230000")));
        await ExpectAsync(HttpStatusCode.BadRequest, "POST", batch, OpenApiContract.Json(HttpMethod.Post, batch, """{"callType":"violation"}"""));
        await ExpectAsync(HttpStatusCode.BadRequest, "POST", batch, OpenApiContract.Json(HttpMethod.Post, batch, "{\"callType\": "));
        await ExpectAsync(HttpStatusCode.UnsupportedMediaType, "POST", batch, OpenApiContract.Json(HttpMethod.Post, batch, "{}", "application/json; charset=nonsense"));
        await ExpectAsync(HttpStatusCode.OK, "GET", call, new HttpRequestMessage(HttpMethod.Get, $"/calls/{sid}"));
        await ExpectAsync(HttpStatusCode.NotFound, "GET", call, new HttpRequestMessage(HttpMethod.Get, "/calls/EL_0_nobody"));
        await ExpectAsync(HttpStatusCode.OK, "PUT", status, OpenApiContract.Json(HttpMethod.Put, $"/calls/{done}/status", """{"status":"completed"}"""));
        await ExpectAsync(HttpStatusCode.Conflict, "PUT", status, OpenApiContract.Json(HttpMethod.Put, $"/calls/{done}/status", """{"status":"failed"}"""));
        await ExpectAsync(HttpStatusCode.BadRequest, "PUT", status, OpenApiContract.Json(HttpMethod.Put, $"/calls/{done}/status", """{"status":"done"}"""));
        await ExpectAsync(HttpStatusCode.NotFound, "PUT", status, OpenApiContract.Json(HttpMethod.Put, "/calls/EL_0_nobody/status", """{"status":"completed"}"""));
        await ExpectAsync(HttpStatusCode.OK, "POST", postCall, OpenApiContract.Json(HttpMethod.Post, postCall, PostCall(callSid, conversationId!)));
        await ExpectAsync(HttpStatusCode.NotFound, "POST", postCall, OpenApiContract.Json(HttpMethod.Post, postCall, PostCall("EL_0_nobody", "conv_nobody")));
        await ExpectAsync(HttpStatusCode.BadRequest, "POST", postCall, OpenApiContract.Json(HttpMethod.Post, postCall, """{"data":{}}"""));
        await ExpectAsync(HttpStatusCode.OK, "GET", "/health", new HttpRequestMessage(HttpMethod.Get, "/health"));
        await ExpectAsync(HttpStatusCode.OK, "GET", "/alive", new HttpRequestMessage(HttpMethod.Get, "/alive"));

        Assert.Empty(problems);
    }

    private static string Batch(int driverId, string phoneNumber) => Batch([driverId], phoneNumber);

    private static string Batch(int[] driverIds, string phoneNumber) => JsonSerializer.Serialize(CallRequests.BatchAt(
        "2024-11-21T12:00:00Z", driverIds.Select(id => CallRequests.Driver(id, phoneNumber.Length > 4 && driverIds.Length > 1 ? phoneNumber[..^4] + id.ToString("0000") : phoneNumber)).ToArray()));

    private static string PostCall(string callSid, string conversationId) => JsonSerializer.Serialize(new
    {
        type = "post_call_transcription",
        data = new
        {
            conversation_id = conversationId,
            status = "done",
            conversation_initiation_client_data = new { dynamic_variables = new { call_sid = callSid } },
        },
    });
}

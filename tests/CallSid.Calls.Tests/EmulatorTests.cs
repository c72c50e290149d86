using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CallSid.Calls.Tests;

/// <summary>The emulator must answer like ElevenLabs, or the tests above would prove nothing.</summary>
public sealed class EmulatorTests(CallsServices services) : IClassFixture<CallsServices>
{
    private const string Path = "/v1/convai/twilio/outbound-call";

    [Fact]
    public async Task A_wrong_or_missing_api_key_is_a_401_in_ElevenLabs_shape()
    {
        var client = services.Emulator.CreateClient();
        var wrong = new HttpRequestMessage(HttpMethod.Post, Path) { Content = JsonContent.Create(ValidBody()) };
        wrong.Headers.Add("xi-api-key", "not-the-key");

        var wrongResponse = await client.SendAsync(wrong, TestContext.Current.CancellationToken);
        var missingResponse = await client.PostAsJsonAsync(Path, ValidBody(), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, wrongResponse.StatusCode);
        var detail = (await wrongResponse.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail");
        Assert.Equal("invalid_api_key", detail.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Unauthorized, missingResponse.StatusCode);
        Assert.Equal("needs_authorization", (await missingResponse.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Missing_fields_are_a_422_with_FastAPI_style_details()
    {
        var response = await SendAsync("""{"agent_id":"a","to_number":5}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var details = (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").EnumerateArray().ToList();
        Assert.Contains(details, d => d.GetProperty("type").GetString() == "missing" && Loc(d) == "body.agent_phone_number_id" && d.GetProperty("msg").GetString() == "Field required");
        Assert.Contains(details, d => d.GetProperty("type").GetString() == "string_type" && Loc(d) == "body.to_number");
    }

    [Fact]
    public async Task Success_answers_a_fresh_conversation_id_and_a_Twilio_call_sid_with_ElevenLabs_casing()
    {
        var first = await (await SendAsync(JsonSerializer.Serialize(ValidBody()))).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var second = await (await SendAsync(JsonSerializer.Serialize(ValidBody()))).Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        using var a = JsonDocument.Parse(first);
        using var b = JsonDocument.Parse(second);
        Assert.Equal(["success", "message", "conversation_id", "callSid"], a.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.True(a.RootElement.GetProperty("success").GetBoolean());
        Assert.Matches("^CA[0-9a-f]{32}$", a.RootElement.GetProperty("callSid").GetString());
        Assert.NotEqual(a.RootElement.GetProperty("conversation_id").GetString(), b.RootElement.GetProperty("conversation_id").GetString());
    }

    [Fact]
    public async Task The_conversation_endpoint_checks_the_key_and_answers_in_ElevenLabs_shape()
    {
        var placed = await (await SendAsync(JsonSerializer.Serialize(new
        {
            agent_id = "agent_x",
            agent_phone_number_id = "phnum_x",
            to_number = "+15551230099",
            conversation_initiation_client_data = new { dynamic_variables = new { call_sid = "EL_99_x" } },
        }))).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var conversationId = placed.GetProperty("conversation_id").GetString()!;
        var client = services.Emulator.CreateClient();

        var wrongKey = new HttpRequestMessage(HttpMethod.Get, $"/v1/convai/conversations/{conversationId}");
        wrongKey.Headers.Add("xi-api-key", "not-the-key");
        using var refused = await client.SendAsync(wrongKey, TestContext.Current.CancellationToken);
        using var unknown = await GetConversationAsync("conv_nobody");
        using var found = await GetConversationAsync(conversationId);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("conversation_not_found", (await unknown.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("detail").GetProperty("status").GetString());
        var conversation = await found.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("agent_x", conversation.GetProperty("agent_id").GetString());
        Assert.Equal(conversationId, conversation.GetProperty("conversation_id").GetString());
        Assert.Equal("initiated", conversation.GetProperty("status").GetString()); // these tests play no conversations
        Assert.Equal(0, conversation.GetProperty("transcript").GetArrayLength());
        var metadata = conversation.GetProperty("metadata");
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("start_time_unix_secs").ValueKind);
        Assert.Equal(JsonValueKind.Number, metadata.GetProperty("call_duration_secs").ValueKind);
        var phoneCall = metadata.GetProperty("phone_call");
        Assert.Equal("twilio", phoneCall.GetProperty("type").GetString());
        Assert.Equal(placed.GetProperty("callSid").GetString(), phoneCall.GetProperty("call_sid").GetString());
        Assert.Equal("+15551230099", phoneCall.GetProperty("external_number").GetString());
        Assert.Equal("EL_99_x", conversation.GetProperty("conversation_initiation_client_data").GetProperty("dynamic_variables").GetProperty("call_sid").GetString());
    }

    private Task<HttpResponseMessage> GetConversationAsync(string conversationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v1/convai/conversations/{conversationId}");
        request.Headers.Add("xi-api-key", CallsServices.ApiKey);
        return services.Emulator.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    private Task<HttpResponseMessage> SendAsync(string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.Add("xi-api-key", CallsServices.ApiKey);
        return services.Emulator.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    private static object ValidBody() => new { agent_id = "agent", agent_phone_number_id = "phone", to_number = "+15551234567" };

    private static string Loc(JsonElement detail) => string.Join('.', detail.GetProperty("loc").EnumerateArray().Select(l => l.ToString()));
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CallSid.Calls.Tests;

/// <summary>Input that once made Calls answer 500 (found by a fault-and-fuzz run): each is now a 4xx in the error shape.</summary>
public sealed class UnreadableInputTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    [Theory]
    [InlineData("POST", "/driver_data/call-elevenlabs")]
    [InlineData("PUT", "/calls/EL_1_2024-11-21T10%3A00%3A00Z/status")]
    [InlineData("POST", "/webhooks/elevenlabs/post-call")]
    public async Task A_body_in_an_unknown_charset_is_a_415(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Content.Headers.TryAddWithoutValidation("Content-Type", "application/json; charset=nonsense");

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("charset 'nonsense' is not accepted", error.GetProperty("details").GetString());
    }

    [Fact]
    public async Task A_post_call_event_whose_call_sid_is_a_lone_surrogate_is_a_400()
    {
        using var response = await PostCallAsync(Encoding.UTF8.GetBytes(
            """{"type":"post_call_transcription","data":{"conversation_id":"conv_x","status":"done","conversation_initiation_client_data":{"dynamic_variables":{"call_sid":"\ud800"}}}}"""));

        await AssertUnreadableCallSidAsync(response);
    }

    [Fact]
    public async Task A_post_call_event_whose_call_sid_is_invalid_utf8_is_a_400()
    {
        var json = Encoding.UTF8.GetBytes("""{"type":"post_call_transcription","data":{"conversation_id":"conv_x","status":"done","conversation_initiation_client_data":{"dynamic_variables":{"call_sid":"EL_??"}}}}""");
        var at = Array.IndexOf(json, (byte)'?');
        json[at] = 0xC3; // a lead byte followed by "?" (not a continuation byte): invalid UTF-8
        using var response = await PostCallAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(71, "9999-12-31T23:59:59Z")]
    [InlineData(72, "0001-01-01T00:00:00Z")]
    [InlineData(73, "2024-11-21T10:04:10Z\n")]
    public async Task A_call_end_time_outside_the_stored_range_or_with_a_trailing_newline_is_a_400_and_changes_nothing(int driverId, string endTime)
    {
        var (callSid, _) = await services.PlaceCallAsync(driverId);
        var before = await services.Table.FindAsync(callSid);

        using var response = await _client.PutAsJsonAsync($"/calls/{Uri.EscapeDataString(callSid)}/status", new { status = "completed", call_end_time = endTime }, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await services.Table.FindAsync(callSid));
    }

    private Task<HttpResponseMessage> PostCallAsync(byte[] json)
    {
        var content = new ByteArrayContent(json);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        return _client.PostAsync("/webhooks/elevenlabs/post-call", content, TestContext.Current.CancellationToken);
    }

    private static async Task AssertUnreadableCallSidAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal(
            "data.conversation_initiation_client_data.dynamic_variables.call_sid is not readable text (invalid UTF-8 or a lone surrogate)",
            error.GetProperty("details").GetString());
    }
}

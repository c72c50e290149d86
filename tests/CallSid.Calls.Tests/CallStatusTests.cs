using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallSid.Calls.Tests;

public sealed class CallStatusTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    [Fact]
    public async Task Get_reads_one_call_and_404s_for_an_unknown_one()
    {
        var callSid = await PlaceAsync(600);

        var call = await _client.GetFromJsonAsync<JsonElement>(Url(callSid), TestContext.Current.CancellationToken);
        var missing = await _client.GetAsync(Url("EL_0_unknown"), TestContext.Current.CancellationToken);
        var unstorable = await _client.GetAsync(Url("EL_0_\0"), TestContext.Current.CancellationToken);

        Assert.Equal(callSid, call.GetProperty("call_sid").GetString());
        Assert.StartsWith("conv_", call.GetProperty("conversation_id").GetString());
        Assert.Equal(600, call.GetProperty("driver_id").GetInt32());
        Assert.Equal("in_progress", call.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, call.GetProperty("call_end_time").ValueKind);
        Assert.Matches("^CA[0-9a-f]{32}$", call.GetProperty("twilio_call_sid").GetString());
        Assert.Equal(JsonValueKind.Null, call.GetProperty("failure_reason").ValueKind);
        foreach (var field in new[] { "call_start_time", "created_at", "updated_at" })
        {
            Assert.EndsWith("Z", call.GetProperty(field).GetString());
        }

        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, unstorable.StatusCode); // Kestrel refuses a NUL in the path: never a database error
        var error = await missing.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("Call not found for call_sid: EL_0_unknown", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task An_in_progress_call_completes_once_and_is_never_reopened()
    {
        var callSid = await PlaceAsync(601);
        var end = DateTimeOffset.UtcNow.AddMinutes(3).ToString("O");

        var completed = await PutAsync(callSid, new { status = "completed", call_end_time = end });
        var again = await PutAsync(callSid, new { status = "completed" });
        var reopen = await PutAsync(callSid, new { status = "in_progress" });
        var fail = await PutAsync(callSid, new { status = "failed" });

        Assert.Equal(HttpStatusCode.OK, completed.StatusCode);
        var body = await completed.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("completed", body.GetProperty("status").GetString());
        Assert.Equal(DateTimeOffset.Parse(end).UtcDateTime, body.GetProperty("call_end_time").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reopen.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, fail.StatusCode);
        var conflict = await fail.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal($"Call {callSid} is completed; a call only moves from in_progress to how it ended", conflict.GetProperty("message").GetString());
        Assert.Equal("completed", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task Failing_without_an_end_time_ends_the_call_now()
    {
        var callSid = await PlaceAsync(602);

        var response = await PutAsync(callSid, new { status = "failed" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("failed", row!.Status);
        Assert.InRange(row.CallEndTime!.Value, row.CallStartTime, DateTime.UtcNow.AddSeconds(5));
        Assert.Equal("marked failed through PUT /calls/{call_sid}/status", row.FailureReason);
        Assert.Equal(row.FailureReason, (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("failure_reason").GetString());
    }

    [Theory]
    [InlineData("""{"status":"done"}""", "status must be one of in_progress, completed, failed, voicemail, no_answer, busy, queued; got 'done'")]
    [InlineData("""{}""", "status must be one of in_progress, completed, failed, voicemail, no_answer, busy, queued; got ''")]
    [InlineData("""{"status":"completed","call_end_time":"yesterday"}""", "call_end_time 'yesterday' is not an ISO 8601 date-time")]
    [InlineData("""{"status":"completed","call_end_time":"2001-01-01T00:00:00Z"}""", "is before the call started")]
    public async Task Bad_updates_are_400s_and_change_nothing(string json, string expected)
    {
        var callSid = await PlaceAsync(603);

        var response = await _client.PutAsync(Url(callSid) + "/status", new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains(expected, body.GetProperty("details").GetString());
        Assert.Equal("in_progress", (await services.Table.FindAsync(callSid))!.Status);
    }

    [Fact]
    public async Task Updating_an_unknown_call_is_a_404()
    {
        var response = await PutAsync("EL_0_nobody", new { status = "completed" });

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Racing_completed_and_failed_updates_leave_exactly_one_winner()
    {
        var callSid = await PlaceAsync(604);

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => PutAsync(callSid, new { status = i % 2 == 0 ? "completed" : "failed" })));

        var final = (await services.Table.FindAsync(callSid))!.Status;
        Assert.Contains(final, new[] { "completed", "failed" });
        // Every request that asked for the final state got 200; every other one got 409.
        var bodies = await Task.WhenAll(responses.Select(async r => (r.StatusCode, Body: await r.Content.ReadAsStringAsync())));
        Assert.All(bodies, b => Assert.True(b.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, b.Body));
        Assert.Equal(5, bodies.Count(b => b.StatusCode == HttpStatusCode.OK));
    }

    private async Task<string> PlaceAsync(int driverId) =>
        (await services.PlaceCallAsync(driverId, $"2025-03-0{driverId % 9 + 1}T08:00:00Z")).CallSid;

    private Task<HttpResponseMessage> PutAsync(string callSid, object update) =>
        _client.PutAsJsonAsync(Url(callSid) + "/status", update, TestContext.Current.CancellationToken);

    private static string Url(string callSid) => "/calls/" + Uri.EscapeDataString(callSid);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

public sealed class CallPlacementTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    [Fact]
    public async Task The_call_row_is_committed_before_ElevenLabs_is_asked_and_completed_after()
    {
        var callSid = CallRequests.CallSid(333);
        CallRow? rowWhenElevenLabsWasAsked = null;
        services.Received.OnOutboundCall = async body =>
        {
            if (CallSidOf(body) == callSid)
            {
                rowWhenElevenLabsWasAsked = await services.Table.FindAsync(callSid);
            }
        };

        var response = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(333, "(555) 123-4567")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(rowWhenElevenLabsWasAsked);
        Assert.Equal("in_progress", rowWhenElevenLabsWasAsked.Status);
        Assert.Null(rowWhenElevenLabsWasAsked.ConversationId);
        Assert.Equal(333, rowWhenElevenLabsWasAsked.DriverId);

        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("success", body.GetProperty("status").GetString());
        Assert.Equal("Call initiated successfully via ElevenLabs", body.GetProperty("message").GetString());
        Assert.Equal(callSid, body.GetProperty("call_sid").GetString());
        var conversationId = body.GetProperty("conversation_id").GetString();
        Assert.StartsWith("conv_", conversationId);
        Assert.Matches("^CA[0-9a-f]{32}$", body.GetProperty("callSid").GetString());
        Assert.Equal(CallRequests.Timestamp, body.GetProperty("timestamp").GetString());
        Assert.Equal(333, body.GetProperty("driver").GetProperty("driverId").GetInt32());
        Assert.Equal("Test Driver", body.GetProperty("driver").GetProperty("driverName").GetString());
        Assert.Equal("+15551234567", body.GetProperty("driver").GetProperty("phoneNumber").GetString());
        Assert.Equal(2, body.GetProperty("triggers_count").GetInt32());

        var row = await services.Table.FindAsync(callSid);
        Assert.Equal(conversationId, row!.ConversationId);
        Assert.Equal("in_progress", row.Status);
        Assert.Equal(body.GetProperty("callSid").GetString(), row.TwilioCallSid);
        Assert.Null(row.FailureReason);
    }

    [Fact]
    public async Task ElevenLabs_is_sent_the_real_request_shape()
    {
        var callSid = CallRequests.CallSid(334);

        await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(334, "555.123.4500", "Dana Reyes")), TestContext.Current.CancellationToken);

        var sent = services.Received.All.Single(c => CallSidOf(c.Body) == callSid);
        Assert.True(sent.ApiKeyPresent);
        var body = sent.Body;
        Assert.Equal("agent_test_01", body.GetProperty("agent_id").GetString());
        Assert.Equal("phnum_test_01", body.GetProperty("agent_phone_number_id").GetString());
        Assert.Equal("+15551234500", body.GetProperty("to_number").GetString());
        var clientData = body.GetProperty("conversation_initiation_client_data");
        var variables = clientData.GetProperty("dynamic_variables");
        Assert.Equal(callSid, variables.GetProperty("call_sid").GetString());
        Assert.Equal("334", variables.GetProperty("driver_id").GetString());
        Assert.Equal("Dana Reyes", variables.GetProperty("driver_name").GetString());
        Assert.Equal("trip_334", variables.GetProperty("trip_id").GetString());
        Assert.Equal("+18005550100", variables.GetProperty("transfer_to").GetString());
        Assert.Equal("AGY Dispatcher", variables.GetProperty("dispatcher_name").GetString());
        var agent = clientData.GetProperty("conversation_config_override").GetProperty("agent");
        var prompt = agent.GetProperty("prompt").GetProperty("prompt").GetString()!;
        Assert.Contains("Dana Reyes", prompt);
        Assert.Contains("trip_334", prompt);
        Assert.Contains("1. temperature: Temperature out of range", prompt);
        Assert.Contains("2. route: Left the planned route for 12 miles", prompt);
        Assert.Contains("Reefer must stay below 40F", prompt);
        Assert.Contains("AGY Dispatcher", prompt);
        Assert.StartsWith("Hi Dana Reyes", agent.GetProperty("first_message").GetString());
        Assert.Contains("2 issues", agent.GetProperty("first_message").GetString());
    }

    [Fact]
    public async Task An_ElevenLabs_error_leaves_a_failed_call_and_answers_502()
    {
        var callSid = CallRequests.CallSid(410);

        var response = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(410, "+15557770000")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal(callSid, body.GetProperty("call_sid").GetString());
        Assert.Contains("ElevenLabs failed (500)", body.GetProperty("details").GetString());
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("failed", row!.Status);
        Assert.Equal(body.GetProperty("details").GetString(), row.FailureReason);
        Assert.Null(row.ConversationId);
        Assert.NotNull(row.CallEndTime);
        Assert.Single(services.Received.All, c => CallSidOf(c.Body) == callSid); // a 500 after sending is not repeated
    }

    [Fact]
    public async Task Success_false_is_a_failure_with_ElevenLabs_reason()
    {
        var response = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(411, "+15557770001")), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith("ElevenLabs did not place the call: Failed to place the call to +15557770001", body.GetProperty("details").GetString());
        var row = await services.Table.FindAsync(CallRequests.CallSid(411));
        Assert.Equal("failed", row!.Status);
        // What the response said, with the phone number masked as in the logs: the calls table keeps no numbers.
        Assert.Equal("ElevenLabs did not place the call: Failed to place the call to +155***01: the number is not reachable", row.FailureReason);
    }

    [Fact]
    public async Task A_timeout_fails_the_call_and_is_not_repeated()
    {
        var callSid = CallRequests.CallSid(412);

        var response = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(412, CallsServices.SlowNumber)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Contains("did not answer within 2 s; the call may have been placed, so it is not retried", body.GetProperty("details").GetString());
        var row = await services.Table.FindAsync(callSid);
        Assert.Equal("failed", row!.Status);
        Assert.Equal(body.GetProperty("details").GetString(), row.FailureReason);
        // A retry would follow the timeout within a few hundred milliseconds; there is none.
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken);
        Assert.Single(services.Received.All, c => CallSidOf(c.Body) == callSid);
    }

    [Fact]
    public async Task A_retried_request_does_not_dial_again()
    {
        var request = CallRequests.Batch(CallRequests.Driver(420));
        var first = await (await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", request, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);

        var retry = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(body.GetProperty("already_placed").GetBoolean());
        Assert.Equal("Call already initiated for this call_sid; not dialled again", body.GetProperty("message").GetString());
        Assert.Equal(first.GetProperty("conversation_id").GetString(), body.GetProperty("conversation_id").GetString());
        Assert.Matches("^CA[0-9a-f]{32}$", body.GetProperty("callSid").GetString());
        Assert.Equal(first.GetProperty("callSid").GetString(), body.GetProperty("callSid").GetString()); // the stored Twilio call SID
        Assert.Single(services.Received.All, c => CallSidOf(c.Body) == CallRequests.CallSid(420));
    }

    [Fact]
    public async Task A_retry_of_a_failed_call_does_not_dial_again_either()
    {
        var request = CallRequests.Batch(CallRequests.Driver(421, "+15557770000"));
        await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", request, TestContext.Current.CancellationToken);

        var retry = await _client.PostAsJsonAsync("/driver_data/call-elevenlabs", request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, retry.StatusCode);
        var body = await retry.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("A call for this call_sid already failed; not dialled again", body.GetProperty("message").GetString());
        Assert.StartsWith("It failed: ElevenLabs failed (500)", body.GetProperty("details").GetString());
        Assert.Single(services.Received.All, c => CallSidOf(c.Body) == CallRequests.CallSid(421));
    }

    [Fact]
    public async Task Concurrent_identical_requests_dial_once()
    {
        var request = CallRequests.Batch(CallRequests.Driver(422));

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            _client.PostAsJsonAsync("/driver_data/call-elevenlabs", request, TestContext.Current.CancellationToken)));

        Assert.Single(services.Received.All, c => CallSidOf(c.Body) == CallRequests.CallSid(422));
        // The others find the call being dialled (409) or dialled: with no limit it is written live, never queued.
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadFromJsonAsync<JsonElement>()));
        Assert.Single(bodies, b => !b.GetProperty("already_placed").GetBoolean());
    }

    [Fact]
    public async Task A_mixed_batch_answers_each_driver_in_order()
    {
        var response = await _client.PostAsJsonAsync(
            "/driver_data/call-elevenlabs",
            CallRequests.Batch(CallRequests.Driver(430), CallRequests.Driver(431, "+15557770000"), CallRequests.Driver(432, "+15557770001"), CallRequests.Driver(433)),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("partial", body.GetProperty("status").GetString());
        Assert.Equal("2 of 4 calls initiated", body.GetProperty("message").GetString());
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([430, 431, 432, 433], results.Select(r => r.GetProperty("driver").GetProperty("driverId").GetInt32()));
        Assert.Equal(["success", "error", "error", "success"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Contains("(500)", results[1].GetProperty("details").GetString());
        Assert.Contains("did not place the call", results[2].GetProperty("details").GetString());
        Assert.Equal(["in_progress", "failed", "failed", "in_progress"], await Task.WhenAll(
            new[] { 430, 431, 432, 433 }.Select(async id => (await services.Table.FindAsync(CallRequests.CallSid(id)))!.Status)));
    }

    [Fact]
    public async Task A_batch_dials_with_bounded_concurrency()
    {
        var inFlight = 0;
        var peak = 0;
        var secondArrived = new TaskCompletionSource();
        services.Received.OnOutboundCall = async body =>
        {
            if (CallSidOf(body)?.StartsWith("EL_44", StringComparison.Ordinal) != true)
            {
                return;
            }

            var now = Interlocked.Increment(ref inFlight);
            InterlockedMax(ref peak, now);
            if (now >= 2)
            {
                secondArrived.TrySetResult();
            }

            // Hold each dial until two overlap (or give up after 5 s), so a third could only be seen if it were allowed.
            await Task.WhenAny(secondArrived.Task, Task.Delay(5000));
            await Task.Delay(100);
            Interlocked.Decrement(ref inFlight);
        };

        var response = await _client.PostAsJsonAsync(
            "/driver_data/call-elevenlabs",
            CallRequests.Batch(Enumerable.Range(440, 6).Select(id => CallRequests.Driver(id)).ToArray()),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, peak); // CallPlacement:MaxConcurrentDials is 2 in these tests: parallel, but never more
    }

    private static string? CallSidOf(JsonElement body) =>
        body.TryGetProperty("conversation_initiation_client_data", out var data)
            ? data.GetProperty("dynamic_variables").GetProperty("call_sid").GetString()
            : null;

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}

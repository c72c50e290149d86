using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>
/// How a call ended, as ElevenLabs' post-call events say it (shapes from its documentation and Python SDK): voicemail,
/// no answer, busy, failed with its error, and the analysis, readable through GET /calls/{call_sid}.
/// </summary>
public sealed class CallOutcomeTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    [Fact]
    public async Task A_done_conversation_records_the_termination_reason_and_the_analysis_readable_through_get()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(800);
        var analysis = new
        {
            call_successful = "success",
            transcript_summary = "The driver confirmed the violation and will rest at 5 pm.",
            data_collection_results = new Dictionary<string, object>
            {
                ["rest_time"] = new { data_collection_id = "rest_time", value = "5 pm", rationale = "The driver said so." },
            },
            evaluation_criteria_results = new { },
        };

        var response = await Post(PostCallEvents.Transcription(conversationId, callSid, "done", terminationReason: "Call ended by remote party", analysis: analysis));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await GetAsync(callSid);
        Assert.Equal("completed", call.GetProperty("status").GetString());
        Assert.Equal("Call ended by remote party", call.GetProperty("termination_reason").GetString());
        Assert.Equal("success", call.GetProperty("call_successful").GetString());
        Assert.Equal("The driver confirmed the violation and will rest at 5 pm.", call.GetProperty("summary").GetString());
        Assert.Equal("5 pm", call.GetProperty("data_collection_results").GetProperty("rest_time").GetProperty("value").GetString());
        Assert.Equal(JsonValueKind.Null, call.GetProperty("failure_reason").ValueKind);
    }

    [Fact]
    public async Task The_voicemail_detection_tool_call_makes_the_call_voicemail_counted_by_outcome_after_it_was_live()
    {
        var measured = new ConcurrentQueue<(string Instrument, long Value, string? Outcome)>();
        using var listener = new MeterListener
        {
            // Only this test's Calls service: its own meter factory.
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Scope == services.Calls.GetService<IMeterFactory>() && instrument.Name is "callsid.calls.finished" or "callsid.calls.live")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            measured.Enqueue((instrument.Name, value, tags.Length > 0 ? tags[0].Value as string : null)));
        listener.Start();
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(801);
        await Readiness.WaitAsync(() =>
        {
            listener.RecordObservableInstruments(); // the dispatcher refreshes the count every poll (2 s)
            return measured.Any(m => m is ("callsid.calls.live", >= 1, _)) ? null : "no live call counted yet";
        }, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200), TestContext.Current.CancellationToken);
        var transcript = new object[]
        {
            new { role = "agent", message = (string?)"Hello, this is dispatch.", tool_calls = Array.Empty<object>(), time_in_call_secs = 0 },
            new { role = "agent", message = (string?)null, tool_calls = new[] { new { type = "system", tool_name = "voicemail_detection", params_as_json = "{}" } }, time_in_call_secs = 4 },
        };

        await Post(PostCallEvents.Transcription(conversationId, callSid, "done", terminationReason: "end_call tool was called.", transcript: transcript));

        var call = await GetAsync(callSid);
        Assert.Equal("voicemail", call.GetProperty("status").GetString());
        Assert.Equal("end_call tool was called.", call.GetProperty("termination_reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, call.GetProperty("call_end_time").ValueKind);
        Assert.Equal(["voicemail"], measured.Where(m => m.Instrument == "callsid.calls.finished").Select(m => m.Outcome));
    }

    [Fact]
    public async Task A_termination_reason_naming_voicemail_makes_the_call_voicemail()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(802);

        await Post(PostCallEvents.Transcription(conversationId, callSid, "done", terminationReason: "Voicemail detected"));

        Assert.Equal("voicemail", (await GetAsync(callSid)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData(803, "busy", "busy")]
    [InlineData(804, "no-answer", "no_answer")]
    [InlineData(805, "unknown", "failed")]
    public async Task A_call_initiation_failure_ends_the_call_as_its_failure_reason_says(int driverId, string failureReason, string status)
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(driverId);

        var response = await Post(PostCallEvents.InitiationFailure(conversationId, failureReason));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var call = await GetAsync(callSid);
        Assert.Equal(status, call.GetProperty("status").GetString());
        Assert.Equal($"call_initiation_failure: {failureReason}", call.GetProperty("failure_reason").GetString());
        Assert.NotEqual(JsonValueKind.Null, call.GetProperty("call_end_time").ValueKind);
    }

    [Fact]
    public async Task A_call_initiation_failure_that_outruns_the_dials_answer_waits_for_it_and_is_applied()
    {
        var placing = _client.PostAsJsonAsync("/driver_data/call-elevenlabs",
            CallRequests.Batch(CallRequests.Driver(809, CallsServices.LateAnswerNumber)), TestContext.Current.CancellationToken);
        // The emulator knows the conversation_id on arrival; Calls learns it only from the answer, half a second later.
        string? conversationId = null;
        await Readiness.WaitAsync(
            () => (conversationId = services.Received.All.FirstOrDefault(c => c.Body.GetProperty("to_number").GetString() == CallsServices.LateAnswerNumber)?.ConversationId) is null ? "not dialled yet" : null,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(20), TestContext.Current.CancellationToken);

        var response = await Post(PostCallEvents.InitiationFailure(conversationId!, "busy"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var placed = await (await placing).Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var call = await GetAsync(placed.GetProperty("call_sid").GetString()!);
        Assert.Equal("busy", call.GetProperty("status").GetString());
        Assert.Equal(conversationId, call.GetProperty("conversation_id").GetString());
    }

    [Fact]
    public async Task A_failed_conversation_keeps_ElevenLabs_error_and_termination_reason()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(806);

        await Post(PostCallEvents.Transcription(conversationId, callSid, "failed", terminationReason: "Twilio stream closed", error: new { code = 1011, reason = "upstream LLM error" }));

        var call = await GetAsync(callSid);
        Assert.Equal("failed", call.GetProperty("status").GetString());
        Assert.Equal("post_call_transcription: ElevenLabs reports the conversation failed (code 1011 upstream LLM error); termination reason: Twilio stream closed",
            call.GetProperty("failure_reason").GetString());
        Assert.Equal("Twilio stream closed", call.GetProperty("termination_reason").GetString());
    }

    [Fact]
    public async Task A_settled_outcome_is_not_changed_by_a_contradicting_event()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(807);
        await Post(PostCallEvents.InitiationFailure(conversationId, "no-answer"));

        var contradicting = await Post(PostCallEvents.Transcription(conversationId, callSid, "done", terminationReason: "Call ended by remote party"));

        Assert.Equal("ignored", (await contradicting.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        Assert.Equal("no_answer", (await GetAsync(callSid)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Events_of_another_agent_are_a_200_and_change_nothing()
    {
        var (callSid, conversationId) = await services.PlaceAcceptedCallAsync(808);
        var otherAgents = new[]
        {
            PostCallEvents.Transcription(conversationId, callSid, "done", terminationReason: "Call ended by remote party", agentId: "agent_someone_else"),
            PostCallEvents.Transcription("conv_not_ours", "EL_1_not_ours", "done", terminationReason: "x", agentId: "agent_someone_else"),
            new { type = "post_call_transcription", data = new { agent_id = "agent_someone_else" } }, // not even valid for us
        };

        foreach (var otherAgent in otherAgents)
        {
            var response = await Post(otherAgent);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("ignored", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
        }

        Assert.Equal("in_progress", (await GetAsync(callSid)).GetProperty("status").GetString());
    }

    [Theory]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","analysis":{"call_successful":5}}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","metadata":{"termination_reason":["x"]}}}""")]
    [InlineData("""{"type":"post_call_transcription","data":{"conversation_id":"c","transcript":[{"role":"agent","tool_calls":[{"tool_name":7}]}]}}""")]
    public async Task Malformed_outcome_fields_are_400s(string json)
    {
        var response = await _client.PostAsync(PostCallEvents.Url, new StringContent(json, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("error", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("status").GetString());
    }

    private Task<HttpResponseMessage> Post(object body) => _client.PostAsJsonAsync(PostCallEvents.Url, body, TestContext.Current.CancellationToken);

    private Task<JsonElement> GetAsync(string callSid) =>
        _client.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}", TestContext.Current.CancellationToken);
}

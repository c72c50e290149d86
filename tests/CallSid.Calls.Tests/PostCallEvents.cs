namespace CallSid.Calls.Tests;

/// <summary>ElevenLabs' post-call events, shaped as its documentation and Python SDK give them (the edge has checked the signature).</summary>
public static class PostCallEvents
{
    public const string Url = "/webhooks/elevenlabs/post-call";

    /// <summary>
    /// A <c>post_call_transcription</c>; without <paramref name="callSid"/> it carries no dynamic variables, so only its
    /// conversation_id names the call. <paramref name="start"/> defaults to now.
    /// </summary>
    public static object Transcription(
        string conversationId, string? callSid, string status = "done", long? start = null, long duration = 12, string? terminationReason = null,
        object[]? transcript = null, object? analysis = null, object? error = null, string agentId = "agent_test_01") => new
    {
        type = "post_call_transcription",
        event_timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        data = new
        {
            agent_id = agentId,
            conversation_id = conversationId,
            status,
            transcript = transcript ?? [new { role = "agent", message = "Hello", time_in_call_secs = 0 }],
            metadata = new
            {
                start_time_unix_secs = start ?? DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                call_duration_secs = duration,
                termination_reason = terminationReason,
                error,
            },
            analysis,
            conversation_initiation_client_data = callSid is null
                ? null
                : new { dynamic_variables = new Dictionary<string, object> { ["call_sid"] = callSid, ["driver_id"] = "7" } },
        },
    };

    /// <summary>A <c>call_initiation_failure</c>: no dynamic variables, Twilio's own callback in its metadata.</summary>
    public static object InitiationFailure(string conversationId, string reason) => new
    {
        type = "call_initiation_failure",
        event_timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        data = new
        {
            agent_id = "agent_test_01",
            conversation_id = conversationId,
            failure_reason = reason,
            metadata = new { type = "twilio", body = new { CallSid = "CA0123456789abcdef0123456789abcdef", CallStatus = reason } },
        },
    };
}

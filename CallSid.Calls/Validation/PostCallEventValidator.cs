using CallSid.Calls.Model;
using CallSid.ServiceDefaults.Validation;

namespace CallSid.Calls.Validation;

/// <summary>What makes a post-call event unusable (400), checked before anything is looked up.</summary>
public static class PostCallEventValidator
{
    private const long MaxUnixSeconds = 32_503_680_000; // year 3000
    private const long MaxDurationSecs = 7 * 24 * 3600;
    private const int MaxIdLength = 255;

    /// <summary>Why the event cannot be used, or null. Event types we do not act on are not checked further.</summary>
    public static string? FindProblem(PostCallEvent? postCallEvent)
    {
        if (postCallEvent is not { Type: { Length: > 0 } type })
        {
            return "type is required";
        }

        if (!PostCallEvent.IsHandled(type))
        {
            return null;
        }

        var data = postCallEvent.Data;
        if (data is null || (data.CallSid is null && string.IsNullOrEmpty(data.ConversationId)))
        {
            return "data.conversation_id or data.conversation_initiation_client_data.dynamic_variables.call_sid is required";
        }

        if (data.ConversationId is { } conversation && !TextRules.IsStorable(conversation))
        {
            return "data.conversation_id must not contain NUL characters";
        }

        if (data.Metadata is { StartTimeUnixSecs: < 0 or > MaxUnixSeconds } or { CallDurationSecs: < 0 or > MaxDurationSecs })
        {
            return "data.metadata.start_time_unix_secs or call_duration_secs is out of range";
        }

        return FindProblemInReport(data, "data.");
    }

    /// <summary>
    /// What in a conversation report (a post-call event's data, or ElevenLabs' GET conversation answer) cannot be
    /// stored: the Twilio call SID and the transcript's words and times. <paramref name="at"/> prefixes field names.
    /// </summary>
    public static string? FindProblemInReport(PostCallEventData data, string at = "")
    {
        var problems = new List<string>();
        TextRules.Optional(problems, $"{at}metadata.phone_call.call_sid", data.Metadata?.TwilioCallSid, MaxIdLength);
        var transcript = data.Transcript ?? [];
        for (var i = 0; i < transcript.Count && problems.Count == 0; i++)
        {
            TextRules.Optional(problems, $"{at}transcript[{i}].message", transcript[i]?.Message, int.MaxValue);
            if (transcript[i]?.TimeInCallSecs is { } secs && !(secs >= 0 && secs <= MaxDurationSecs))
            {
                problems.Add($"{at}transcript[{i}].time_in_call_secs is out of range");
            }
        }

        return problems.FirstOrDefault();
    }
}

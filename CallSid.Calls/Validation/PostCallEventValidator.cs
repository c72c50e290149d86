using CallSid.Calls.Model;
using CallSid.Conventions.Validation;

namespace CallSid.Calls.Validation;

/// <summary>What makes a post-call event unusable (400), checked before anything is looked up.</summary>
public static class PostCallEventValidator
{
    private const long MaxDurationSecs = 7 * 24 * 3600;
    private const int MaxIdLength = 255;
    private static readonly long EndUnixSeconds = StoredTimeRange.End.ToUnixTimeSeconds();

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
        if (data is { CallSidIsReadable: false })
        {
            return "data.conversation_initiation_client_data.dynamic_variables.call_sid is not readable text (invalid UTF-8 or a lone surrogate)";
        }

        if (data is null || (data.CallSid is null && string.IsNullOrEmpty(data.ConversationId)))
        {
            return "data.conversation_id or data.conversation_initiation_client_data.dynamic_variables.call_sid is required";
        }

        var idProblems = new List<string>();
        if (!TextRules.OptionalIdentifier(idProblems, "data.conversation_id", data.ConversationId, MaxIdLength))
        {
            return idProblems[0];
        }

        // The call's start and end are stored: both within the one range of stored times (the epoch is its start).
        if (data.Metadata is { StartTimeUnixSecs: < 0 } or { CallDurationSecs: < 0 or > MaxDurationSecs }
            || data.Metadata is { StartTimeUnixSecs: { } start } && (start >= EndUnixSeconds || start + (data.Metadata.CallDurationSecs ?? 0) >= EndUnixSeconds))
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
        TextRules.OptionalIdentifier(problems, $"{at}metadata.phone_call.call_sid", data.Metadata?.TwilioCallSid, MaxIdLength);
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

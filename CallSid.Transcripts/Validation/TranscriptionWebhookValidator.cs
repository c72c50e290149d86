using CallSid.Conventions.Http;
using CallSid.Conventions.Validation;
using CallSid.Transcripts.Model;

namespace CallSid.Transcripts.Validation;

/// <summary>The per-turn webhook's fields, every problem named (the seed's messages).</summary>
public static class TranscriptionWebhookValidator
{
    public const int MaxCallSidLength = 255;

    public static bool TryValidate(TranscriptionWebhookRequest? request, int maxMessageLength, out ValidTurn turn, out List<string> problems)
    {
        turn = null!;
        problems = [];
        if (request is null)
        {
            problems.Add("the body must be a JSON object with call_sid, speaker, message and timestamp");
            return false;
        }

        TextRules.RequiredIdentifier(problems, "call_sid", request.CallSid, MaxCallSidLength);
        var speaker = ValidateSpeaker(request.Speaker, problems);
        TextRules.Required(problems, "message", request.Message, maxMessageLength, countCharacters: true);

        DateTimeOffset timestamp = default;
        if (string.IsNullOrWhiteSpace(request.Timestamp))
        {
            problems.Add("timestamp is required");
        }
        else if (!Iso8601.TryParse(request.Timestamp, out timestamp))
        {
            problems.Add($"timestamp '{request.Timestamp}' must be a valid ISO8601 format");
        }
        else if (!StoredTimeRange.Contains(timestamp))
        {
            problems.Add(StoredTimeRange.Describe("timestamp", request.Timestamp));
        }

        if (problems.Count > 0)
        {
            return false;
        }

        turn = new ValidTurn(request.CallSid!, speaker, request.Message!, timestamp.UtcDateTime);
        return true;
    }

    /// <summary>ElevenLabs' <c>user</c> is the driver on the phone; we store <c>driver</c>.</summary>
    private static SpeakerType ValidateSpeaker(string? speaker, List<string> problems)
    {
        switch (speaker)
        {
            case "agent":
                return SpeakerType.Agent;
            case "user":
                return SpeakerType.Driver;
            case null or "":
                problems.Add("speaker is required");
                return default;
            default:
                problems.Add($"speaker must be 'agent' or 'user'; got '{speaker}'");
                return default;
        }
    }
}

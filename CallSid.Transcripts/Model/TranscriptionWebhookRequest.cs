using CallSid.ServiceDefaults.Http;

namespace CallSid.Transcripts.Model;

/// <summary>
/// The per-turn webhook, sent by the ElevenLabs agent's server tool: <c>{call_sid, speaker, message, timestamp}</c>.
/// Members are nullable so a missing one is reported by name.
/// </summary>
public sealed record TranscriptionWebhookRequest(string? CallSid, string? Speaker, string? Message, string? Timestamp);

/// <summary>A turn that passed validation.</summary>
public sealed record ValidTurn(string CallSid, SpeakerType Speaker, string Message, DateTime Timestamp);

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

        if (string.IsNullOrWhiteSpace(request.CallSid))
        {
            problems.Add("call_sid is required");
        }
        else if (request.CallSid.Length > MaxCallSidLength)
        {
            problems.Add($"call_sid is longer than {MaxCallSidLength} characters");
        }
        else if (request.CallSid.Contains('\0'))
        {
            problems.Add("call_sid must not contain NUL characters");
        }

        SpeakerType speaker = default;
        switch (request.Speaker)
        {
            case "agent":
                speaker = SpeakerType.Agent;
                break;
            case "user":
                speaker = SpeakerType.Driver; // ElevenLabs' "user" is the driver on the phone
                break;
            case null or "":
                problems.Add("speaker is required");
                break;
            default:
                problems.Add($"speaker must be 'agent' or 'user'; got '{request.Speaker}'");
                break;
        }

        if (string.IsNullOrWhiteSpace(request.Message))
        {
            problems.Add("message is required");
        }
        else if (request.Message.Length > maxMessageLength)
        {
            problems.Add($"message is {request.Message.Length} characters; at most {maxMessageLength}");
        }
        else if (request.Message.Contains('\0'))
        {
            problems.Add("message must not contain NUL characters"); // PostgreSQL text cannot hold them
        }

        DateTimeOffset timestamp = default;
        if (string.IsNullOrWhiteSpace(request.Timestamp))
        {
            problems.Add("timestamp is required");
        }
        else if (!Iso8601.TryParse(request.Timestamp, out timestamp))
        {
            problems.Add($"timestamp '{request.Timestamp}' must be a valid ISO8601 format");
        }

        if (problems.Count > 0)
        {
            return false;
        }

        turn = new ValidTurn(request.CallSid!, speaker, request.Message!, timestamp.UtcDateTime);
        return true;
    }
}

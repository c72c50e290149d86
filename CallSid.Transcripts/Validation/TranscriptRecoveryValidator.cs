using CallSid.Conventions.Http;
using CallSid.Conventions.Validation;
using CallSid.Transcripts.Model;
using CallSid.Transcripts.Services;

namespace CallSid.Transcripts.Validation;

/// <summary>
/// The recovery request's fields, every problem named. No length limit on a turn's words: these come from
/// ElevenLabs' own transcript, and a compliance reader needs all of them.
/// </summary>
public static class TranscriptRecoveryValidator
{
    public const int MaxTurns = 10_000;
    private const double MaxTimeInCallSecs = 7 * 24 * 3600;

    public static bool TryValidate(string conversationId, TranscriptRecoveryRequest? request, out List<SpokenTurn> turns, out List<string> problems)
    {
        turns = [];
        problems = [];
        TextRules.RequiredIdentifier(problems, "conversation_id", conversationId, TranscriptionWebhookValidator.MaxCallSidLength);
        if (request is null)
        {
            problems.Add("the body must be a JSON object with call_sid, conversation_start and turns");
            return false;
        }

        TextRules.OptionalIdentifier(problems, "call_sid", request.CallSid, TranscriptionWebhookValidator.MaxCallSidLength);
        DateTimeOffset start = default;
        if (string.IsNullOrWhiteSpace(request.ConversationStart))
        {
            problems.Add("conversation_start is required");
        }
        else if (!Iso8601.TryParse(request.ConversationStart, out start))
        {
            problems.Add($"conversation_start '{request.ConversationStart}' must be a valid ISO8601 format");
        }

        if (request.Turns is null || request.Turns.Count == 0)
        {
            problems.Add("turns must hold at least one turn");
        }
        else if (request.Turns.Count > MaxTurns)
        {
            problems.Add($"turns holds {request.Turns.Count}; at most {MaxTurns}");
        }

        for (var i = 0; i < (request.Turns?.Count ?? 0) && i < MaxTurns && problems.Count < 20; i++)
        {
            if (Validate(request.Turns![i], $"turns[{i}]", problems) is { } turn && problems.Count == 0)
            {
                turns.Add(new SpokenTurn(turn.Speaker, turn.Message, start.UtcDateTime.AddTicks((long)Math.Round(turn.Secs * 1_000_000) * TimeSpan.TicksPerMicrosecond)));
            }
        }

        return problems.Count == 0;
    }

    private static (SpeakerType Speaker, string Message, double Secs)? Validate(RecoveryTurn? turn, string at, List<string> problems)
    {
        if (turn is null)
        {
            problems.Add($"{at} must be an object");
            return null;
        }

        var before = problems.Count;
        SpeakerType speaker = default;
        switch (turn.Role)
        {
            case "agent":
                speaker = SpeakerType.Agent;
                break;
            case "user":
                speaker = SpeakerType.Driver; // ElevenLabs' user is the driver on the phone
                break;
            default:
                problems.Add($"{at}.role must be 'agent' or 'user'; got '{turn.Role}'");
                break;
        }

        TextRules.Required(problems, $"{at}.message", turn.Message, int.MaxValue);
        if (turn.TimeInCallSecs is not (>= 0 and <= MaxTimeInCallSecs))
        {
            problems.Add($"{at}.time_in_call_secs must be a number of seconds from 0 to {MaxTimeInCallSecs}");
        }

        return problems.Count > before ? null : (speaker, turn.Message!, turn.TimeInCallSecs!.Value);
    }
}

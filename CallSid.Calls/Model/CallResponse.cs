using System.Text.Json;

namespace CallSid.Calls.Model;

/// <summary>
/// GET /calls/{call_sid}: one call as Transcripts and operators see it, with how it ended as ElevenLabs reported it
/// (<c>termination_reason</c>, <c>call_successful</c>, <c>summary</c>, <c>data_collection_results</c>; null until reported).
/// A redial is <c>attempt</c> 2, 3, ... with the first attempt's call_sid in <c>first_call_sid</c>.
/// </summary>
public sealed record CallResponse(
    string CallSid,
    string? ConversationId,
    int? DriverId,
    CallStatus Status,
    DateTime CallStartTime,
    DateTime? CallEndTime,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? FailureReason,
    string? TwilioCallSid,
    string? TerminationReason,
    string? CallSuccessful,
    string? Summary,
    IReadOnlyDictionary<string, JsonElement>? DataCollectionResults,
    int Attempt,
    string? FirstCallSid)
{
    public static CallResponse From(Call call) => new(
        call.CallSid, call.ConversationId, call.DriverId, call.Status, call.CallStartTime, call.CallEndTime, call.CreatedAt, call.UpdatedAt,
        call.FailureReason, call.TwilioCallSid, call.TerminationReason, call.CallSuccessful, call.Summary, ParseResults(call.DataCollectionResults),
        call.Attempt, call.FirstCallSid);

    /// <summary>The stored object (only objects are stored), keyed by data-collection id.</summary>
    private static IReadOnlyDictionary<string, JsonElement>? ParseResults(string? json) =>
        json is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json);
}

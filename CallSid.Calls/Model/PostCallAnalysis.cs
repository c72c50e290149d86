using System.Text.Json;

namespace CallSid.Calls.Model;

/// <summary>
/// <c>data.analysis</c> of a post-call transcription (and GET conversation): ElevenLabs' verdict on the call, its
/// summary and the data-collection results (an object keyed by data-collection id, kept as sent).
/// </summary>
public sealed record PostCallAnalysis(string? CallSuccessful, string? TranscriptSummary, JsonElement? DataCollectionResults);

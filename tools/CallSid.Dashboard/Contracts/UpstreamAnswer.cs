using System.Text.Json;

namespace CallSid.Dashboard.Contracts;

/// <summary>
/// What the Calls or Transcripts API answered. <c>status</c>: ok, not_found, unavailable (503, timeout, refused),
/// error (another answer) or not_configured (no services:*:http:0); <c>body</c> is their JSON as they sent it.
/// </summary>
public sealed record UpstreamAnswer(string Status, int? HttpStatus, JsonElement? Body, string? Message);

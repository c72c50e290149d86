using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;

namespace CallSid.AppHost.CallView;

/// <summary>
/// One call as an SRE asks about it: its record from Calls, its transcript from Transcripts, and links to the
/// dashboard's traces and structured logs filtered to it, as Markdown for a command's result.
/// </summary>
public static class CallReport
{
    private static readonly string[] RecordFields =
        ["status", "outcome", "driver_id", "conversation_id", "twilio_call_sid", "call_start_time", "call_end_time", "failure_reason", "termination_reason", "call_successful", "summary", "created_at", "updated_at"];

    public static async Task<(bool Found, string Markdown)> BuildAsync(HttpClient http, Uri calls, Uri transcripts, string callSid, CancellationToken cancellationToken)
    {
        var path = $"/calls/{Uri.EscapeDataString(callSid)}";
        using var record = await http.GetAsync(new Uri(calls, path), cancellationToken);
        if (record.StatusCode == HttpStatusCode.NotFound)
        {
            return (false, $"No call has the call_sid `{Escape(callSid)}`. A call_sid looks like `EL_333_2024-11-21T10:00:00Z` (driver id and the batch's timestamp).");
        }

        record.EnsureSuccessStatusCode();
        using var call = JsonDocument.Parse(await record.Content.ReadAsStringAsync(cancellationToken));
        using var transcript = await http.GetAsync(new Uri(transcripts, path + "/transcript"), cancellationToken);
        using var turns = transcript.IsSuccessStatusCode ? JsonDocument.Parse(await transcript.Content.ReadAsStringAsync(cancellationToken)) : null;

        var markdown = new StringBuilder($"### {Escape(callSid)}\n\n| field | value |\n|---|---|\n");
        foreach (var field in RecordFields)
        {
            if (call.RootElement.TryGetProperty(field, out var value) && value.ValueKind is not JsonValueKind.Null)
            {
                markdown.Append(CultureInfo.InvariantCulture, $"| {field} | {Escape(value.ToString())} |\n");
            }
        }

        markdown.Append("\n#### Transcript\n\n");
        var spoken = turns?.RootElement.GetProperty("turns").EnumerateArray().ToList() ?? [];
        if (spoken.Count == 0)
        {
            markdown.Append("No turns stored yet.\n");
        }

        foreach (var turn in spoken)
        {
            var source = turn.GetProperty("source").GetString() == "webhook" ? "per-turn webhook" : "post-call recovery";
            var time = turn.GetProperty("timestamp").GetDateTime().ToUniversalTime().ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture);
            markdown.Append(CultureInfo.InvariantCulture,
                $"{turn.GetProperty("sequence_number").GetInt32()}. **{turn.GetProperty("speaker").GetString()}** at {time} UTC, from the {source}: {Escape(turn.GetProperty("message").GetString() ?? "")}\n");
        }

        markdown.Append(CultureInfo.InvariantCulture,
            $"\n[Traces of this call](/traces?filters={Filter(callSid)}) · [Structured logs of this call](/structuredlogs?filters={Filter(callSid)})\n");
        return (true, markdown.ToString());
    }

    /// <summary>The dashboard's filter syntax: field and value URL-encoded, then the whole filter encoded again.</summary>
    private static string Filter(string callSid) =>
        Uri.EscapeDataString($"{Uri.EscapeDataString("callsid.call_sid")}:equals:{Uri.EscapeDataString(callSid)}");

    private static string Escape(string text) => text.Replace("|", "\\|").Replace("*", "\\*").Replace("_", "\\_").Replace("`", "'").Replace("\n", " ");
}

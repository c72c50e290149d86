using System.Text;

namespace CallSid.Calls.Services;

/// <summary>
/// Hands a conversation's transcript to the Transcripts service (<c>http://transcripts</c>, which owns
/// <c>call_transcriptions</c>). Its recovery endpoint is idempotent, so a hand-over that may have arrived is simply
/// sent again by the dispatcher; this client itself sends a POST again only when it surely never left.
/// </summary>
public sealed class TranscriptsClient(HttpClient http)
{
    public const string HttpClientName = "transcripts";

    private const int MaxErrorBodyLength = 300;

    /// <summary>Null when Transcripts took it (2xx); otherwise why not.</summary>
    public async Task<string?> HandOverAsync(ClaimedHandover handover, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(handover.Payload, Encoding.UTF8, "application/json");
            using var response = await http.PostAsync($"conversations/{Uri.EscapeDataString(handover.ConversationId)}/transcript", content, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return $"Transcripts answered {(int)response.StatusCode}: {(body.Length <= MaxErrorBodyLength ? body : body[..MaxErrorBodyLength] + "...")}";
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return $"Transcripts could not be reached: {e.GetType().Name}: {e.Message}";
        }
    }
}

using System.Net;
using System.Text.Json;
using CallSid.Calls.Model;
using CallSid.Conventions.Http;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CallSid.Calls.ElevenLabs;

/// <summary>
/// Places outbound calls through ElevenLabs' Twilio integration. Every failure (an error status, success=false,
/// a timeout, an unreadable body) comes back as a readable reason, never as an exception. The API key travels only
/// in the <c>xi-api-key</c> header; it is never logged.
/// </summary>
public sealed class ElevenLabsClient(HttpClient http, IOptions<ElevenLabsOptions> options, ILogger<ElevenLabsClient> logger)
{
    public const string OutboundCallPath = "v1/convai/twilio/outbound-call";
    public const string ConversationsPath = "v1/convai/conversations/";

    private const int MaxReasonLength = 500;

    private static readonly JsonSerializerOptions Json = JsonApiDefaults.CreateSerializerOptions();

    /// <summary>The body of a <c>POST /v1/convai/twilio/outbound-call</c>, as Calls stores it before dialling.</summary>
    public static string Serialize(OutboundCallRequest call) => JsonSerializer.Serialize(call, Json);

    /// <param name="body">The request body, from <see cref="Serialize"/>.</param>
    public async Task<OutboundCallResult> PlaceOutboundCallAsync(string body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, OutboundCallPath)
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("xi-api-key", options.Value.ApiKey);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (TimeoutRejectedException)
        {
            return OutboundCallResult.Failed(
                $"ElevenLabs did not answer within {options.Value.RequestTimeout.TotalSeconds:0} s; the call may have been placed, so it is not retried");
        }
        catch (BrokenCircuitException)
        {
            return OutboundCallResult.Failed("ElevenLabs has been failing; the request was not sent (circuit open)");
        }
        catch (HttpRequestException e)
        {
            return OutboundCallResult.Failed($"ElevenLabs could not be reached: {e.Message}");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever else goes wrong, the caller needs a reason to record, not an exception that strands the call.
            return OutboundCallResult.Failed($"The request to ElevenLabs failed: {e.Message}");
        }

        using (response)
        {
            try
            {
                return await ReadAsync(response, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                return OutboundCallResult.Failed($"ElevenLabs' answer ({(int)response.StatusCode}) could not be read: {e.Message}");
            }
        }
    }

    /// <summary>
    /// Reads a conversation's state and transcript. A GET changes nothing, so the resilience pipeline may send it again
    /// after a 5xx or a timeout (unlike the outbound call).
    /// </summary>
    public async Task<ConversationLookup> GetConversationAsync(string conversationId, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, ConversationsPath + Uri.EscapeDataString(conversationId));
        request.Headers.Add("xi-api-key", options.Value.ApiKey);
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new ConversationLookup.NotFound($"ElevenLabs has no conversation {conversationId} (404): {Truncate(body)}");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new ConversationLookup.Failed($"ElevenLabs answered {(int)response.StatusCode}: {Truncate(body)}");
            }

            return JsonSerializer.Deserialize<PostCallEventData>(body, Json) is { } conversation
                ? new ConversationLookup.Found(conversation)
                : new ConversationLookup.Failed("ElevenLabs answered with an empty body");
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return new ConversationLookup.Failed($"ElevenLabs could not be asked: {e.Message}");
        }
    }

    private async Task<OutboundCallResult> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                // too_many_concurrent_requests or system_busy: refused before any phone rang (the caller queues it again).
                return OutboundCallResult.Over($"ElevenLabs is over capacity (429): {Truncate(body)}");
            }

            logger.LogWarning("ElevenLabs answered {StatusCode} to an outbound call request", (int)response.StatusCode);

            return OutboundCallResult.Failed(response.StatusCode switch
            {
                HttpStatusCode.UnprocessableEntity => $"ElevenLabs rejected the request (422): {DescribeValidationErrors(body)}",
                HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => $"ElevenLabs refused the API key ({(int)response.StatusCode}): {Truncate(body)}",
                _ => $"ElevenLabs failed ({(int)response.StatusCode}): {Truncate(body)}",
            });
        }

        OutboundCallResponse? answer;
        try
        {
            answer = JsonSerializer.Deserialize<OutboundCallResponse>(body, Json);
        }
        catch (JsonException)
        {
            answer = null;
        }

        return answer switch
        {
            null => OutboundCallResult.Failed($"ElevenLabs answered {(int)response.StatusCode} with an unreadable body: {Truncate(body)}"),
            { Success: false } => OutboundCallResult.Failed($"ElevenLabs did not place the call: {answer.Message ?? "no reason given"}"),
            { ConversationId: null or "" } => OutboundCallResult.Failed("ElevenLabs reported success without a conversation_id"),
            _ => OutboundCallResult.Placed(answer.ConversationId, answer.CallSid),
        };
    }

    private static string DescribeValidationErrors(string body)
    {
        try
        {
            var errors = JsonSerializer.Deserialize<ValidationErrorResponse>(body, Json)?.Detail;
            if (errors is { Count: > 0 })
            {
                return Truncate(string.Join("; ", errors.Select(e => $"{string.Join('.', e.Loc ?? [])}: {e.Msg}")));
            }
        }
        catch (JsonException)
        {
        }

        return Truncate(body);
    }

    private static string Truncate(string text) =>
        string.IsNullOrWhiteSpace(text) ? "(empty body)" : text.Length <= MaxReasonLength ? text : text[..MaxReasonLength] + "...";
}

using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace CallSid.ElevenLabsEmulator;

/// <summary>
/// Plays an accepted call's conversation back as ElevenLabs would: each turn to the per-turn webhook (the agent's
/// server tool, with call_sid from the call's dynamic variables), then a signed <c>post_call_transcription</c>.
/// </summary>
public sealed class ConversationPlayback(
    IHttpClientFactory httpClients,
    IOptions<PlaybackOptions> options,
    ILogger<ConversationPlayback> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.General);

    private static readonly (string Speaker, string Message)[] Script =
    [
        ("agent", "{first_message}"),
        ("user", "Yes, I have a minute. What is it about?"),
        ("agent", "Trip {trip_id} shows a recorded violation. Can you tell me what happened?"),
        ("user", "The reefer unit alarmed at the last stop; I reset it and the temperature came back."),
        ("agent", "Thank you. Please report the alarm to maintenance when you reach the yard."),
        ("user", "Will do. Anything else?"),
        ("agent", "That's all. Drive safe, {driver_name}."),
        ("user", "Thanks, bye."),
    ];

    private readonly Channel<(string ConversationId, JsonElement Request)> _accepted = Channel.CreateUnbounded<(string, JsonElement)>();

    public bool Enabled => options.Value is { ConversationTurns: > 0, WebhookBaseUrl: not null };

    public void Enqueue(string conversationId, JsonElement request)
    {
        if (Enabled)
        {
            _accepted.Writer.TryWrite((conversationId, request.Clone()));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            await foreach (var (conversationId, request) in _accepted.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(task => task.IsCompleted);
                running.Add(PlayAsync(conversationId, request, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }

    private async Task PlayAsync(string conversationId, JsonElement request, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var variables = Variables(request);
        var callSid = variables.GetValueOrDefault("call_sid");
        var startedAt = DateTimeOffset.UtcNow;
        var transcript = new List<object>();
        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            await Task.Delay(settings.AnswerDelay, stoppingToken);
            for (var turn = 0; turn < settings.ConversationTurns; turn++)
            {
                if (turn > 0)
                {
                    await Task.Delay(settings.TurnInterval, stoppingToken);
                }

                var (speaker, template) = Script[turn % Script.Length];
                var message = Fill(template, request, variables);
                var at = DateTimeOffset.UtcNow;
                transcript.Add(new { role = speaker, message, time_in_call_secs = (int)(at - startedAt).TotalSeconds });
                if (callSid is null)
                {
                    continue; // no call_sid dynamic variable: the server tool would have nothing to send
                }

                using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.WebhookBaseUrl!, "webhooks/elevenlabs/transcription"))
                {
                    Content = new StringContent(
                        JsonSerializer.Serialize(new { call_sid = callSid, speaker, message, timestamp = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") }, Json),
                        Encoding.UTF8,
                        "application/json"),
                };
                if (settings.TranscriptionToken is { Length: > 0 } token)
                {
                    post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                await SendAsync(http, post, $"turn {turn + 1} of {callSid}", stoppingToken);
            }

            await SendPostCallAsync(http, conversationId, request, transcript, startedAt, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("Playback of {ConversationId} stopped: {Reason}", conversationId, e.Message);
        }
    }

    private async Task SendPostCallAsync(HttpClient http, string conversationId, JsonElement request, List<object> transcript, DateTimeOffset startedAt, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var body = JsonSerializer.Serialize(
            new
            {
                type = "post_call_transcription",
                event_timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
                data = new
                {
                    agent_id = request.GetProperty("agent_id").GetString(),
                    conversation_id = conversationId,
                    status = "done",
                    transcript,
                    metadata = new
                    {
                        start_time_unix_secs = startedAt.ToUnixTimeSeconds(),
                        call_duration_secs = (int)Math.Ceiling((DateTimeOffset.UtcNow - startedAt).TotalSeconds),
                    },
                    conversation_initiation_client_data = request.TryGetProperty("conversation_initiation_client_data", out var clientData) ? clientData : default(JsonElement?),
                },
            },
            Json);

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.WebhookBaseUrl!, "webhooks/elevenlabs/post-call"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (settings.PostCallSecret is { Length: > 0 } secret)
        {
            post.Headers.Add("ElevenLabs-Signature", Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        }

        await SendAsync(http, post, $"post-call event of {conversationId}", stoppingToken);
    }

    /// <summary>ElevenLabs' webhook signature: <c>t={unix},v0={hex HMAC-SHA256(secret, "{t}.{body}")}</c>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v0={Convert.ToHexStringLower(hash)}";
    }

    private async Task SendAsync(HttpClient http, HttpRequestMessage request, string what, CancellationToken stoppingToken)
    {
        using var response = await http.SendAsync(request, stoppingToken);
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            logger.LogWarning("{What}: the receiver is unavailable (503)", what);
        }
        else if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("{What}: {StatusCode} {Body}", what, (int)response.StatusCode, await response.Content.ReadAsStringAsync(stoppingToken));
        }
    }

    private static Dictionary<string, string> Variables(JsonElement request) =>
        request.TryGetProperty("conversation_initiation_client_data", out var data) && data.ValueKind == JsonValueKind.Object
        && data.TryGetProperty("dynamic_variables", out var variables) && variables.ValueKind == JsonValueKind.Object
            ? variables.EnumerateObject().ToDictionary(v => v.Name, v => v.Value.ValueKind == JsonValueKind.String ? v.Value.GetString()! : v.Value.GetRawText())
            : [];

    private static string Fill(string template, JsonElement request, Dictionary<string, string> variables)
    {
        var firstMessage = request.TryGetProperty("conversation_initiation_client_data", out var data) && data.ValueKind == JsonValueKind.Object
            && data.TryGetProperty("conversation_config_override", out var overrides) && overrides.TryGetProperty("agent", out var agent)
            && agent.TryGetProperty("first_message", out var first) && first.ValueKind == JsonValueKind.String
                ? first.GetString()!
                : "Hello, this is your dispatcher's assistant.";
        return template
            .Replace("{first_message}", firstMessage, StringComparison.Ordinal)
            .Replace("{trip_id}", variables.GetValueOrDefault("trip_id", "on record"), StringComparison.Ordinal)
            .Replace("{driver_name}", variables.GetValueOrDefault("driver_name", "driver"), StringComparison.Ordinal);
    }
}

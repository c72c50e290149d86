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
/// server tool, with call_sid from the call's dynamic variables; turns in <c>Emulator:SkipTurns</c> are not sent),
/// then a signed <c>post_call_transcription</c> carrying every turn (unless <c>Emulator:PostCallEvents</c> is false).
/// </summary>
public sealed class ConversationPlayback(
    IHttpClientFactory httpClients,
    IOptions<PlaybackOptions> options,
    WebhookDeliveries deliveries,
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

    private readonly Channel<EmulatedConversation> _accepted = Channel.CreateUnbounded<EmulatedConversation>();

    public bool Enabled => options.Value is { ConversationTurns: > 0, WebhookBaseUrl: not null };

    public void Enqueue(EmulatedConversation conversation)
    {
        if (Enabled)
        {
            _accepted.Writer.TryWrite(conversation);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var running = new List<Task>();
        try
        {
            await foreach (var conversation in _accepted.Reader.ReadAllAsync(stoppingToken))
            {
                running.RemoveAll(task => task.IsCompleted);
                running.Add(PlayAsync(conversation, stoppingToken));
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await Task.WhenAll(running);
    }

    private async Task PlayAsync(EmulatedConversation conversation, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var skipped = settings.SkippedTurns();
        var request = conversation.Request;
        var variables = Variables(request);
        var callSid = variables.GetValueOrDefault("call_sid");
        var http = httpClients.CreateClient(HttpClientName);
        try
        {
            var untilAnswered = conversation.AnswerAt - DateTimeOffset.UtcNow;
            await Task.Delay((untilAnswered > TimeSpan.Zero ? untilAnswered : TimeSpan.Zero) + settings.AnswerDelay, stoppingToken);
            conversation.Start(DateTimeOffset.UtcNow);
            conversation.Scenario = settings.OutcomeFor(Text(request, "to_number"), Random.Shared.NextDouble());
            if (conversation.Scenario is { } scenario)
            {
                await PlayScenarioAsync(http, conversation, scenario, stoppingToken);
                return;
            }

            for (var turn = 1; turn <= settings.ConversationTurns; turn++)
            {
                if (turn > 1)
                {
                    await Task.Delay(settings.TurnInterval, stoppingToken);
                }

                var (speaker, template) = Script[(turn - 1) % Script.Length];
                var message = Fill(template, request, variables);
                var at = DateTimeOffset.UtcNow;
                conversation.Say(speaker, message, at);
                // The per-turn delivery is a server tool the agent's LLM calls, so a turn can be skipped (Emulator:SkipTurns);
                // without a call_sid dynamic variable the tool would have nothing to send.
                if (callSid is null || skipped.Contains(turn))
                {
                    continue;
                }

                var arguments = JsonSerializer.Serialize(new { call_sid = callSid, speaker, message, timestamp = at.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") }, Json);
                using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.WebhookBaseUrl!, "webhooks/elevenlabs/transcription"))
                {
                    Content = new StringContent(arguments, Encoding.UTF8, "application/json"),
                };
                if (settings.TranscriptionToken is { Length: > 0 } token)
                {
                    post.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                }

                var (_, result) = await SendAsync(http, post, $"turn {turn} of {callSid}", stoppingToken);
                // As in ElevenLabs' transcript: the agent's tool call is an entry of its own, without words.
                var requestId = "toolu_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
                conversation.Say("agent", null, DateTimeOffset.UtcNow,
                    [new { request_id = requestId, tool_name = "save_transcription", params_as_json = arguments, tool_has_been_called = true }],
                    [new { request_id = requestId, tool_name = "save_transcription", result_value = result, is_error = result.StartsWith("error", StringComparison.Ordinal), tool_has_been_called = true }]);
            }

            await ProcessAsync(conversation, stoppingToken);
            conversation.End(DateTimeOffset.UtcNow);
            if (settings.PostCallEvents)
            {
                await SendPostCallAsync(http, conversation, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            logger.LogWarning("Playback of {ConversationId} stopped: {Reason}", conversation.ConversationId, e.Message);
        }
    }

    /// <summary>A call that does not reach the driver, or fails, as ElevenLabs reports it (see <see cref="OutcomeRule"/>).</summary>
    private async Task PlayScenarioAsync(HttpClient http, EmulatedConversation conversation, string scenario, CancellationToken stoppingToken)
    {
        var now = DateTimeOffset.UtcNow;
        switch (scenario)
        {
            case OutcomeRule.Busy or OutcomeRule.NoAnswer:
                conversation.End(now, "failed", $"Call initiation failed: {scenario}", reachedDriver: false);
                var failure = new
                {
                    agent_id = Text(conversation.Request, "agent_id"),
                    conversation_id = conversation.ConversationId,
                    failure_reason = scenario,
                    metadata = new { type = "twilio", body = new { CallSid = conversation.TwilioCallSid, CallStatus = scenario } },
                };
                await SendEventAsync(http, "call_initiation_failure", failure.agent_id, failure, conversation.ConversationId, stoppingToken);
                return;
            case OutcomeRule.Voicemail:
                conversation.Say("agent", "Hello, this is your dispatcher's assistant.", now);
                conversation.Say("agent", null, now, [new { type = "system", tool_name = "voicemail_detection", params_as_json = "{}", tool_has_been_called = true }]);
                await ProcessAsync(conversation, stoppingToken);
                conversation.End(DateTimeOffset.UtcNow, "done", "voicemail_detection tool was called.", reachedDriver: false);
                break;
            default:
                await ProcessAsync(conversation, stoppingToken);
                conversation.End(now, "failed", "Conversation failed", reachedDriver: false);
                break;
        }

        if (options.Value.PostCallEvents)
        {
            await SendPostCallAsync(http, conversation, stoppingToken);
        }
    }

    /// <summary>ElevenLabs' analysis after the call: <c>processing</c> for <see cref="PlaybackOptions.ProcessingDelay"/>.</summary>
    private async Task ProcessAsync(EmulatedConversation conversation, CancellationToken stoppingToken)
    {
        if (options.Value.ProcessingDelay > TimeSpan.Zero)
        {
            conversation.Process(DateTimeOffset.UtcNow);
            await Task.Delay(options.Value.ProcessingDelay, stoppingToken);
        }
    }

    private static string? Text(JsonElement request, string property) =>
        request.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private async Task SendPostCallAsync(HttpClient http, EmulatedConversation conversation, CancellationToken stoppingToken)
    {
        await SendEventAsync(http, "post_call_transcription", Text(conversation.Request, "agent_id"), conversation.ToDetails(), conversation.ConversationId, stoppingToken);
        if (options.Value.OtherAgentId is { Length: > 0 } otherAgent)
        {
            // Another agent's conversation: no call_sid of ours, a conversation_id we never saw.
            var other = "conv_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(13));
            var data = new { agent_id = otherAgent, conversation_id = other, status = "done", transcript = Array.Empty<object>(), metadata = new { start_time_unix_secs = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), call_duration_secs = 1 } };
            await SendEventAsync(http, "post_call_transcription", otherAgent, data, other, stoppingToken);
        }
    }

    private async Task SendEventAsync(HttpClient http, string type, string? agentId, object data, string conversationId, CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var body = JsonSerializer.Serialize(new { type, event_timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds(), data }, Json);

        using var post = new HttpRequestMessage(HttpMethod.Post, new Uri(settings.WebhookBaseUrl!, "webhooks/elevenlabs/post-call"))
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (settings.PostCallSecret is { Length: > 0 } secret)
        {
            post.Headers.Add("ElevenLabs-Signature", Sign(secret, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), body));
        }

        var (status, _) = await SendAsync(http, post, $"{type} of {conversationId}", stoppingToken);
        deliveries.Add(new WebhookDelivery(type, agentId, conversationId, status));
    }

    /// <summary>ElevenLabs' webhook signature: <c>t={unix},v0={hex HMAC-SHA256(secret, "{t}.{body}")}</c>.</summary>
    public static string Sign(string secret, long timestamp, string body)
    {
        var hash = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{body}"));
        return $"t={timestamp},v0={Convert.ToHexStringLower(hash)}";
    }

    /// <summary>
    /// Sends a webhook: its HTTP status (0 without an answer) and its outcome as the agent's tool result would say it
    /// ("error ..." when it failed).
    /// </summary>
    private async Task<(int Status, string Result)> SendAsync(HttpClient http, HttpRequestMessage request, string what, CancellationToken stoppingToken)
    {
        try
        {
            using var response = await http.SendAsync(request, stoppingToken);
            var body = await response.Content.ReadAsStringAsync(stoppingToken);
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                logger.LogWarning("{What}: the receiver is unavailable (503)", what);
            }
            else if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("{What}: {StatusCode} {Body}", what, (int)response.StatusCode, body);
            }

            return ((int)response.StatusCode, response.IsSuccessStatusCode ? body : $"error {(int)response.StatusCode}: {body}");
        }
        catch (Exception e) when (!stoppingToken.IsCancellationRequested)
        {
            // ElevenLabs records a failed tool call and goes on with the conversation.
            logger.LogWarning("{What}: {Error}", what, e.Message);
            return (0, $"error: {e.Message}");
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

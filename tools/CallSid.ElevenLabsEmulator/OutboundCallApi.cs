using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace CallSid.ElevenLabsEmulator;

/// <summary>
/// ElevenLabs' <c>POST /v1/convai/twilio/outbound-call</c>, with its real request and response shapes: the
/// <c>xi-api-key</c> header, FastAPI-style 422 validation errors, and <c>{success, message, conversation_id, callSid}</c>.
/// </summary>
public static class OutboundCallApi
{
    private static readonly string[] RequiredFields = ["agent_id", "agent_phone_number_id", "to_number"];

    /// <summary>Names exactly as written: ElevenLabs' wire format mixes snake_case and camelCase (<c>callSid</c>).</summary>
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.General);

    public static IEndpointRouteBuilder MapOutboundCallApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/convai/twilio/outbound-call", HandleAsync);
        app.MapGet("/emulator/calls", (ReceivedCalls received) => TypedResults.Ok(received.All));
        app.MapGet("/emulator/stats", (EmulatedConversations conversations) =>
            TypedResults.Ok(new { live = conversations.Live, max_live = conversations.MaxLive, throttled = conversations.Throttled }));
        return app;
    }

    private static async Task<IResult> HandleAsync(
        HttpRequest request, IOptions<EmulatorOptions> options, ReceivedCalls received, EmulatedConversations conversations,
        ConversationPlayback playback, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (ApiKeyCheck.Refusal(request, settings) is { } refusal)
        {
            return refusal;
        }

        JsonElement body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<JsonElement>(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException e)
        {
            return Unprocessable(new { type = "json_invalid", loc = new object[] { "body", e.BytePositionInLine ?? 0 }, msg = "JSON decode error", input = (object?)null });
        }

        var errors = Validate(body);
        if (errors.Count > 0)
        {
            received.Add(new ReceivedCall(DateTimeOffset.UtcNow, true, body, 422, null, null));
            return Results.Json(new { detail = errors }, Wire, statusCode: 422);
        }

        if (received.OnOutboundCall is { } hook)
        {
            await hook(body);
        }

        // Decide and record the answer on arrival, so a caller that gives up waiting is still on record.
        var toNumber = body.GetProperty("to_number").GetString()!;
        var rule = settings.Failures.FirstOrDefault(r => r.NumberSuffix.Length > 0 && toNumber.EndsWith(r.NumberSuffix, StringComparison.Ordinal));
        var delay = settings.ResponseDelay + (rule?.Delay ?? TimeSpan.Zero);
        string? conversationId = null, callSid = null;
        var status = rule?.StatusCode ?? 200;
        IResult answer;
        if (rule is { StatusCode: not 200 })
        {
            answer = Results.Json(new { detail = new { status = "internal_error", message = "Twilio call could not be created" } }, Wire, statusCode: rule.StatusCode);
        }
        else if (rule is { Success: false })
        {
            answer = Results.Json(new { success = false, message = $"Failed to place the call to {toNumber}: the number is not reachable", conversation_id = (string?)null, callSid = (string?)null }, Wire);
        }
        else
        {
            // As with a real call, the phone rings whether or not the caller waits for this answer (a timed-out dial
            // still connects), and nothing is said before the answer would have been sent.
            var conversation = new EmulatedConversation(
                "conv_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(13)), "CA" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                body.Clone(), DateTimeOffset.UtcNow + delay);
            if (conversations.TryAdmit(conversation, settings.ConcurrencyLimit))
            {
                (conversationId, callSid) = (conversation.ConversationId, conversation.TwilioCallSid);
                answer = Results.Json(new { success = true, message = "Success", conversation_id = conversationId, callSid }, Wire);
                playback.Enqueue(conversation);
            }
            else
            {
                status = 429;
                answer = Results.Json(new { detail = new { status = "too_many_concurrent_requests", message =
                    $"You have too many concurrent requests. Your plan allows {settings.ConcurrencyLimit} concurrent calls." } }, Wire, statusCode: 429);
            }
        }

        received.Add(new ReceivedCall(DateTimeOffset.UtcNow, true, body, status, conversationId, callSid));
        if (delay > TimeSpan.Zero)
        {
            await Task.Delay(delay, cancellationToken);
        }

        return answer;
    }

    private static List<object> Validate(JsonElement body)
    {
        var errors = new List<object>();
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new { type = "model_attributes_type", loc = new[] { "body" }, msg = "Input should be a valid dictionary or object to extract fields from", input = JsonNode.Parse(body.GetRawText()) });
            return errors;
        }

        foreach (var field in RequiredFields)
        {
            if (!body.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                errors.Add(new { type = "missing", loc = new[] { "body", field }, msg = "Field required", input = (object?)null });
            }
            else if (value.ValueKind != JsonValueKind.String)
            {
                errors.Add(new { type = "string_type", loc = new[] { "body", field }, msg = "Input should be a valid string", input = JsonNode.Parse(value.GetRawText()) });
            }
        }

        if (body.TryGetProperty("conversation_initiation_client_data", out var clientData) && clientData.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            errors.Add(new { type = "model_attributes_type", loc = new[] { "body", "conversation_initiation_client_data" }, msg = "Input should be a valid dictionary", input = (object?)null });
        }
        else if (clientData.ValueKind == JsonValueKind.Object && clientData.TryGetProperty("dynamic_variables", out var variables) && variables.ValueKind == JsonValueKind.Object)
        {
            foreach (var variable in variables.EnumerateObject())
            {
                if (variable.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                {
                    errors.Add(new { type = "string_type", loc = new[] { "body", "conversation_initiation_client_data", "dynamic_variables", variable.Name }, msg = "Input should be a valid string, number or boolean", input = (object?)null });
                }
            }
        }

        return errors;
    }

    private static IResult Unprocessable(object error) => Results.Json(new { detail = new[] { error } }, Wire, statusCode: 422);
}

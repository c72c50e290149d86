using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CallSid.ElevenLabsEmulator;

/// <summary>ElevenLabs' <c>GET /v1/convai/conversations/{conversation_id}</c>: a conversation's status, transcript and metadata.</summary>
public static class ConversationsApi
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.General);

    public static IEndpointRouteBuilder MapConversationsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/convai/conversations/{conversationId}", GetConversation);
        // For tests and curious developers: every conversation with its status and how often it was looked up.
        app.MapGet("/emulator/conversations", (EmulatedConversations conversations) => TypedResults.Ok(conversations.All.Select(c => new
        {
            conversation_id = c.ConversationId,
            call_sid = c.TwilioCallSid,
            status = c.Status,
            outcome = c.Scenario ?? "conversation",
            lookups = c.Lookups,
        })));
        app.MapGet("/emulator/webhooks", (WebhookDeliveries deliveries) => TypedResults.Ok(deliveries.All));
        return app;
    }

    private static IResult GetConversation(string conversationId, HttpRequest request, IOptions<EmulatorOptions> options, EmulatedConversations conversations)
    {
        if (ApiKeyCheck.Refusal(request, options.Value) is { } refusal)
        {
            return refusal;
        }

        if (conversations.Find(conversationId) is not { } conversation)
        {
            return Results.Json(new { detail = new { status = "conversation_not_found", message = $"Conversation {conversationId} not found" } }, Wire, statusCode: 404);
        }

        conversation.CountLookup();
        return Results.Json(conversation.ToDetails(), Wire);
    }
}

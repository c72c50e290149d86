using CallSid.Calls.Model;
using CallSid.Calls.Services;
using CallSid.Conventions.Database;
using CallSid.Conventions.Http;
using CallSid.Conventions.Validation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using CallSid.Conventions.Telemetry;

namespace CallSid.Calls.Apis;

/// <summary>Internal API: reading a call (Transcripts' call_sid lookup) and moving it to its final status.</summary>
public static class CallsApi
{
    /// <summary>What a call failed through this API remembers (the API takes no reason of its own).</summary>
    public const string ManualFailureReason = "marked failed through PUT /calls/{call_sid}/status";

    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/calls");
        api.MapGet("/{callSid}", GetCallAsync).WithName("GetCall").WithSummary("Read one call by its call_sid")
            .WithRequestBudget(app.ServiceProvider.GetRequiredService<IOptions<CallsApiOptions>>().Value.LookupBudget)
            .ProducesServerErrors();
        api.MapPut("/{callSid}/status", UpdateStatusAsync).WithName("UpdateCallStatus").WithSummary("Finish a call: in_progress to completed, voicemail, no_answer, busy or failed")
            .ProducesBodyErrors();
        return app;
    }

    public static async Task<Results<Ok<CallResponse>, NotFound<ErrorResponse>>> GetCallAsync(string callSid, CallStore calls, CancellationToken cancellationToken)
    {
        var call = await calls.FindAsync(callSid, cancellationToken);
        CallTelemetry.Tag(callSid, call?.ConversationId);
        return call is not null ? TypedResults.Ok(CallResponse.From(call)) : TypedResults.NotFound(NotFound(callSid));
    }

    public static async Task<Results<Ok<CallResponse>, NotFound<ErrorResponse>, BadRequest<ErrorResponse>, Conflict<ErrorResponse>>> UpdateStatusAsync(
        string callSid, CallStatusUpdate? update, CallStore calls, CancellationToken cancellationToken)
    {
        CallTelemetry.Tag(callSid);
        if (!SnakeCaseEnumConverter<CallStatus>.TryFromText(update?.Status, out var status))
        {
            return TypedResults.BadRequest(new ErrorResponse("Invalid request", $"status must be one of {string.Join(", ", Enum.GetValues<CallStatus>().Select(s => s.ToText()))}; got '{update?.Status}'"));
        }

        DateTime? endTime = null;
        if (update!.CallEndTime is not null)
        {
            if (!Iso8601.TryParse(update.CallEndTime, out var parsed))
            {
                return TypedResults.BadRequest(new ErrorResponse("Invalid request", $"call_end_time '{update.CallEndTime}' is not an ISO 8601 date-time"));
            }

            if (!StoredTimeRange.Contains(parsed))
            {
                return TypedResults.BadRequest(new ErrorResponse("Invalid request", StoredTimeRange.Describe("call_end_time", update.CallEndTime)));
            }

            endTime = parsed.UtcDateTime;
        }

        var (outcome, call) = await calls.FinishAsync(callSid, status, endTime, ManualFailureReason, cancellationToken);
        return outcome switch
        {
            FinishOutcome.NotFound => TypedResults.NotFound(NotFound(callSid)),
            FinishOutcome.EndBeforeStart => TypedResults.BadRequest(new ErrorResponse(
                "Invalid request", $"call_end_time {endTime:O} is before the call started ({call!.CallStartTime:O})")),
            FinishOutcome.Reopening => TypedResults.Conflict(new ErrorResponse(
                $"Call {callSid} is {call!.Status.ToText()}; a call only moves from in_progress to how it ended")),
            _ => TypedResults.Ok(CallResponse.From(call!)),
        };
    }

    private static ErrorResponse NotFound(string callSid) => new($"Call not found for call_sid: {callSid}");
}

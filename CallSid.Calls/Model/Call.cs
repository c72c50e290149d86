namespace CallSid.Calls.Model;

/// <summary>
/// One phone call we asked ElevenLabs to place. The row is written before dialling, so a call that never
/// connected still leaves its audit record (status <see cref="CallStatus.Failed"/>).
/// </summary>
public sealed class Call
{
    /// <summary>Longer reasons are cut (ElevenLabs' error bodies are already cut to 500 characters).</summary>
    public const int MaxFailureReasonLength = 1000;

    /// <summary>Longer termination reasons are cut like failure reasons.</summary>
    public const int MaxTerminationReasonLength = 1000;

    /// <summary>The values of <c>analysis.call_successful</c> fit in this.</summary>
    public const int MaxCallSuccessfulLength = 20;

    public int Id { get; private set; }

    /// <summary>Our identifier, <c>EL_{driverId}_{timestamp}</c>; ElevenLabs echoes it back in every webhook.</summary>
    public required string CallSid { get; init; }

    /// <summary>ElevenLabs' identifier; NULL until ElevenLabs accepted the call.</summary>
    public string? ConversationId { get; set; }

    public int? DriverId { get; init; }

    /// <summary>When the call was dialled (a queued call's is set when it leaves the queue).</summary>
    public DateTime CallStartTime { get; set; }

    public DateTime? CallEndTime { get; set; }

    public CallStatus Status { get; set; } = CallStatus.InProgress;

    /// <summary>
    /// Why the call failed, as the batch response's details said it (ElevenLabs' status and message, a timeout, an
    /// unreachable ElevenLabs) or as ElevenLabs or the sweeper reported it. A call ElevenLabs later reported done keeps
    /// why we had marked it failed.
    /// </summary>
    public string? FailureReason { get; set; }

    /// <summary>Twilio's call SID (<c>CA...</c>), from ElevenLabs' answer to the dial or from its post-call event.</summary>
    public string? TwilioCallSid { get; set; }

    /// <summary>ElevenLabs' <c>metadata.termination_reason</c>: why the conversation ended, in its words.</summary>
    public string? TerminationReason { get; set; }

    /// <summary>ElevenLabs' <c>analysis.call_successful</c>: <c>success</c>, <c>failure</c> or <c>unknown</c>.</summary>
    public string? CallSuccessful { get; set; }

    /// <summary>ElevenLabs' <c>analysis.transcript_summary</c>.</summary>
    public string? Summary { get; set; }

    /// <summary>ElevenLabs' <c>analysis.data_collection_results</c>, the JSON object as sent (jsonb).</summary>
    public string? DataCollectionResults { get; set; }

    /// <summary>1 for a first call; a redial is attempt 2, 3, ... of the same driver and trip.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>A redial's first attempt (its call_sid); null for a first call.</summary>
    public string? FirstCallSid { get; init; }

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>A reason cut to what the column holds.</summary>
    public static string FitReason(string reason) =>
        reason.Length <= MaxFailureReasonLength ? reason : reason[..(MaxFailureReasonLength - 3)] + "...";

    /// <summary>True once ElevenLabs (or the sweeper) settled the call; <c>in_progress</c> is live, <c>queued</c> waits.</summary>
    public bool IsSettled => Status is not (CallStatus.InProgress or CallStatus.Queued);
}

namespace CallSid.Calls.Model;

/// <summary>
/// One phone call we asked ElevenLabs to place. The row is written before dialling, so a call that never
/// connected still leaves its audit record (status <see cref="CallStatus.Failed"/>).
/// </summary>
public sealed class Call
{
    /// <summary>Longer reasons are cut (ElevenLabs' error bodies are already cut to 500 characters).</summary>
    public const int MaxFailureReasonLength = 1000;

    public int Id { get; private set; }

    /// <summary>Our identifier, <c>EL_{driverId}_{timestamp}</c>; ElevenLabs echoes it back in every webhook.</summary>
    public required string CallSid { get; init; }

    /// <summary>ElevenLabs' identifier; NULL until ElevenLabs accepted the call.</summary>
    public string? ConversationId { get; set; }

    public int? DriverId { get; init; }

    public DateTime CallStartTime { get; init; }

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

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    /// <summary>A reason cut to what the column holds.</summary>
    public static string FitReason(string reason) =>
        reason.Length <= MaxFailureReasonLength ? reason : reason[..(MaxFailureReasonLength - 3)] + "...";
}

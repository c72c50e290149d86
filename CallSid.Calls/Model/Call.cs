namespace CallSid.Calls.Model;

/// <summary>
/// One phone call we asked ElevenLabs to place. The row is written before dialling, so a call that never
/// connected still leaves its audit record (status <see cref="CallStatus.Failed"/>).
/// </summary>
public sealed class Call
{
    public int Id { get; private set; }

    /// <summary>Our identifier, <c>EL_{driverId}_{timestamp}</c>; ElevenLabs echoes it back in every webhook.</summary>
    public required string CallSid { get; init; }

    /// <summary>ElevenLabs' identifier; NULL until ElevenLabs accepted the call.</summary>
    public string? ConversationId { get; set; }

    public int? DriverId { get; init; }

    public DateTime CallStartTime { get; init; }

    public DateTime? CallEndTime { get; set; }

    public CallStatus Status { get; set; } = CallStatus.InProgress;

    public DateTime CreatedAt { get; init; }

    public DateTime UpdatedAt { get; set; }
}

namespace CallSid.Calls.Model;

/// <summary>A batch that passed validation: the timestamp as sent and each driver with a normalised phone number.</summary>
public sealed record ValidBatch(string CallType, string Timestamp, IReadOnlyList<DriverCall> Drivers);

namespace CallSid.Calls.Model;

/// <summary>PUT /calls/{call_sid}/status. Text fields, so a bad value is reported by name rather than as unreadable JSON.</summary>
public sealed record CallStatusUpdate(string? Status, string? CallEndTime);

namespace CallSid.Calls.Model;

/// <summary>A request with several drivers: 200 with every driver's own result, in request order.</summary>
public sealed record BatchCallResponse(
    string Status,
    string Message,
    string Timestamp,
    int Total,
    int Succeeded,
    int Failed,
    IReadOnlyList<DriverCallResult> Results);

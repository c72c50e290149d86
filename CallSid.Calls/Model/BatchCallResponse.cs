namespace CallSid.Calls.Model;

/// <summary>
/// A request with several drivers: 200 with every driver's own result, in request order. <c>succeeded</c> counts the
/// drivers dialled (now or before), <c>queued</c> those waiting for ElevenLabs' capacity, <c>failed</c> the rest.
/// </summary>
public sealed record BatchCallResponse(
    string Status,
    string Message,
    string Timestamp,
    int Total,
    int Succeeded,
    int Queued,
    int Failed,
    IReadOnlyList<DriverCallResult> Results);

namespace CallSid.Dashboard.Resources;

/// <summary>What the resource service answered to a command (200 accepted, 404, 409), or 503 when it could not be reached.</summary>
public sealed record CommandOutcome(int StatusCode, string Message);

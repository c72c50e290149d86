namespace CallSid.ElevenLabsEmulator;

public sealed class FailureRule
{
    public string NumberSuffix { get; set; } = string.Empty;

    /// <summary>The HTTP status to answer; 200 with <see cref="Success"/> false means "accepted the request, placed no call".</summary>
    public int StatusCode { get; set; } = 200;

    public bool Success { get; set; }

    public TimeSpan Delay { get; set; } = TimeSpan.Zero;
}

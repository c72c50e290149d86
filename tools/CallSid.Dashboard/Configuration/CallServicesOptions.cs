namespace CallSid.Dashboard.Configuration;

/// <summary>Where the call view reads a call and its transcript. Both optional: without them it shows telemetry only.</summary>
public sealed class CallServicesOptions
{
    /// <summary>From <c>services:calls:http:0</c>.</summary>
    public string? CallsUrl { get; set; }

    /// <summary>From <c>services:transcripts:http:0</c>.</summary>
    public string? TranscriptsUrl { get; set; }

    /// <summary>The call view waits this long for either API, then says it is unavailable.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);
}

namespace CallSid.Dashboard.Telemetry;

/// <summary>OTLP severity numbers as .NET's log level names (what people filter by).</summary>
public static class LogLevels
{
    public static readonly IReadOnlyList<string> Names = ["Trace", "Debug", "Information", "Warning", "Error", "Critical"];

    /// <summary>1-4 Trace, 5-8 Debug, 9-12 Information, 13-16 Warning, 17-20 Error, 21-24 Critical.</summary>
    public static string Name(int severityNumber) => severityNumber <= 0 ? "Unspecified" : Names[Math.Min(severityNumber - 1, 23) / 4];

    /// <summary>The lowest severity number of a level given by name (Information, info, warn...) or number; null if unknown.</summary>
    public static int? MinimumSeverity(string? level)
    {
        if (string.IsNullOrWhiteSpace(level))
        {
            return null;
        }

        if (int.TryParse(level, out var number))
        {
            return Math.Clamp(number, 0, 24);
        }

        var severity = FromText(level);
        return severity == 0 ? null : severity;
    }

    /// <summary>A severity text's number (0 when unknown): the first number of its range.</summary>
    public static int FromText(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "trace" => 1,
        "debug" => 5,
        "information" or "info" => 9,
        "warning" or "warn" => 13,
        "error" => 17,
        "critical" or "fatal" => 21,
        _ => 0,
    };
}

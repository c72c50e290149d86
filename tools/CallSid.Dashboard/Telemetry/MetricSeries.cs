namespace CallSid.Dashboard.Telemetry;

/// <summary>The points of one instrument for one set of attributes, oldest first.</summary>
public sealed class MetricSeries(string key, KeyValuePair<string, string>[] attributes)
{
    public string Key { get; } = key;

    public KeyValuePair<string, string>[] Attributes { get; } = attributes;

    internal Queue<MetricPoint> Points { get; } = new();
}

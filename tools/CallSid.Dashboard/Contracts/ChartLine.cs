namespace CallSid.Dashboard.Contracts;

public sealed record ChartLine(string Label, IReadOnlyList<ChartPoint> Points);

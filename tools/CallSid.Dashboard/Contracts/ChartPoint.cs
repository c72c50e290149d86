namespace CallSid.Dashboard.Contracts;

public sealed record ChartPoint(DateTimeOffset Time, double Value);

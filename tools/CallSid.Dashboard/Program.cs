using CallSid.Dashboard.Extensions;
using CallSid.Dashboard.Measurement;

if (args is ["measure", ..])
{
    // Not the dashboard: a measurement of its memory when full and its ingest rate (see README-section.md).
    return await StoreFillMeasurement.RunAsync();
}

await using var app = DashboardApplication.Create(args);
await app.RunAsync();
return 0;

using CallSid.Dashboard.Extensions;

await using var app = DashboardApplication.Create(args);
await app.RunAsync();

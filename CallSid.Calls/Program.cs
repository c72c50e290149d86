using CallSid.Calls.Infrastructure;
using CallSid.ServiceDefaults.Database;
using CallSid.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<CallsDbContext>();

var app = builder.Build();

app.UseJsonErrors();
app.MapDefaultEndpoints();

app.Run();

using CallSid.ServiceDefaults.Database;
using CallSid.ServiceDefaults.Http;
using CallSid.Transcripts.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddNpgsqlDbContext<TranscriptsDbContext>();

var app = builder.Build();

app.UseJsonErrors();
app.MapDefaultEndpoints();

app.Run();

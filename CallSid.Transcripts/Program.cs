using CallSid.Conventions.Http;
using CallSid.Conventions.OpenApi;
using CallSid.Transcripts.Apis;
using CallSid.Transcripts.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi();
builder.AddApplicationServices();

var app = builder.Build();

app.UseJsonErrors();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapTranscriptionWebhookApi();
app.MapTranscriptsApi();
app.MapTranscriptRecoveryApi();

app.Run();

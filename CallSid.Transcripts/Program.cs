using CallSid.ServiceDefaults.Http;
using CallSid.Transcripts.Apis;
using CallSid.Transcripts.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseJsonErrors();
app.MapDefaultEndpoints();
app.MapTranscriptionWebhookApi();
app.MapTranscriptsApi();
app.MapTranscriptRecoveryApi();

app.Run();

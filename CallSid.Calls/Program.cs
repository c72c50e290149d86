using CallSid.Calls.Apis;
using CallSid.Calls.Extensions;
using CallSid.Conventions.Http;
using CallSid.Conventions.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddDefaultOpenApi();
builder.AddApplicationServices();

var app = builder.Build();

app.UseJsonErrors();
app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapDriverCallsApi();
app.MapCallsApi();
app.MapPostCallWebhookApi();
app.MapOperationsApi();

app.Run();

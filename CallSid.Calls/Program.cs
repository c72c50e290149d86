using CallSid.Calls.Apis;
using CallSid.Calls.Extensions;
using CallSid.ServiceDefaults.Http;
using CallSid.ServiceDefaults.OpenApi;

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

app.Run();

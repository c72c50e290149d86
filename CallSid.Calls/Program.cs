using CallSid.Calls.Apis;
using CallSid.Calls.Extensions;
using CallSid.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.UseJsonErrors();
app.MapDefaultEndpoints();
app.MapDriverCallsApi();
app.MapCallsApi();
app.MapPostCallWebhookApi();

app.Run();

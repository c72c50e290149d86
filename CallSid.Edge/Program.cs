using CallSid.Edge.Extensions;
using CallSid.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdgeServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseJsonErrors();
app.UseFailedAuthenticationLimit();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseWebhookBodyBuffering();

app.MapDefaultEndpoints();
app.MapWebhookProxy();
app.MapNotFoundFallback();

app.Run();

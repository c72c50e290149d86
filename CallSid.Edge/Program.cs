using CallSid.Edge.Extensions;
using CallSid.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdgeServices();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseJsonErrors();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();
app.UseWebhookBodyBuffering();

app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapNotFoundFallback();

app.Run();

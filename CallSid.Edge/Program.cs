using CallSid.Edge.Extensions;
using CallSid.ServiceDefaults.Http;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdgeServices();

var app = builder.Build();

app.UseJsonErrors();
app.UseWebhookBodyBuffering();
app.UseRateLimiter();
app.UseAuthentication();
app.UseAuthorization();

app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapNotFoundFallback();

app.Run();

using CallSid.Edge.Extensions;
using CallSid.Conventions.Http;
using CallSid.Conventions.OpenApi;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddEdgeServices();
builder.AddDefaultOpenApi(openApi => openApi.AddDocumentTransformer<PublicRoutesDocumentTransformer>());

var app = builder.Build();

app.UseWebhookDeliveryMetrics();
app.UseForwardedHeaders();
app.UseSourceAddressAllowList();
app.UseJsonErrors();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseWebhookBodyBuffering();

app.MapDefaultEndpoints();
app.MapDefaultOpenApi();
app.MapWebhookProxy();
app.MapNotFoundFallback();

app.Run();

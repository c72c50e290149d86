using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using CallSid.Edge.Webhooks;
using CallSid.Conventions.Http;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.Health;

namespace CallSid.Edge.Extensions;

public static class EdgeServiceExtensions
{
    public const string TranscriptionWebhookPolicy = "transcription-webhook";
    public const string PostCallWebhookPolicy = "post-call-webhook";
    public const string DeliveryCapacityLimit = "delivery-capacity";

    public static void AddEdgeServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookSecretsRequired>();
        builder.Services.AddSingleton(TimeProvider.System);

        var edge = builder.Configuration.GetSection(EdgeOptions.SectionName).Get<EdgeOptions>() ?? new EdgeOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = edge.MaxRequestBodySize);
        builder.UseInlineIO(edge.InlineIO);
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            // Only the proxies the operator lists name the client; by default ASP.NET Core also trusts loopback, which
            // let any local process lift its own limits with a made-up X-Forwarded-For. (Empty lists would mean "trust
            // every proxy", so with none listed the headers are not read at all.)
            forwarded.ForwardedHeaders = edge.TrustedProxies.Count == 0
                ? ForwardedHeaders.None
                : ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var proxy in edge.TrustedProxies)
            {
                if (proxy.Contains('/'))
                {
                    forwarded.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(proxy));
                }
                else
                {
                    forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
                }
            }
        });

        builder.RequireServices("transcripts", "calls");
        // http://transcripts in a destination becomes one destination per replica (services__transcripts__http__0..n-1).
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy")).AddServiceDiscoveryDestinationResolver();
        builder.Services.AddSingleton<IPassiveHealthCheckPolicy, RefusedConnectionHealthPolicy>();

        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TranscriptionTokenHandler>(TranscriptionTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ElevenLabsSignatureHandler>(ElevenLabsSignatureHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TranscriptionWebhookPolicy, policy => policy.AddAuthenticationSchemes(TranscriptionTokenHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(PostCallWebhookPolicy, policy => policy.AddAuthenticationSchemes(ElevenLabsSignatureHandler.SchemeName).RequireAuthenticatedUser());

        builder.Services.AddSingleton(new SourceAddressAllowList(edge.AllowedSourceAddresses)); // a bad entry stops the start, named
        builder.Services.AddSingleton<FailedAuthenticationLimiter>();
        builder.Services.AddSingleton<TranscriptionTokenVerifier>();
        builder.Services.AddRateLimiter(limiter =>
        {
            // One limit on authenticated deliveries from all senders together, sized from what the backends can take;
            // a full queue means the system is at capacity, which a retry later may find otherwise: 503, not 429.
            limiter.AddConcurrencyLimiter(DeliveryCapacityLimit, capacity =>
            {
                capacity.PermitLimit = edge.MaxConcurrentDeliveries;
                capacity.QueueLimit = edge.DeliveryQueueLimit;
                capacity.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = (rejected, cancellationToken) => new ValueTask(rejected.HttpContext.Response.WriteErrorAsync(
                StatusCodes.Status503ServiceUnavailable,
                new ErrorResponse("Service at capacity. Please retry.", $"More than {edge.MaxConcurrentDeliveries + edge.DeliveryQueueLimit} deliveries in progress"),
                cancellationToken));
        });
    }

    /// <summary>No webhook secret, no start: unless Development explicitly allows it.</summary>
    private sealed class WebhookSecretsRequired(IHostEnvironment environment) : IValidateOptions<WebhookOptions>
    {
        public ValidateOptionsResult Validate(string? name, WebhookOptions options)
        {
            var missing = new List<string>();
            if (string.IsNullOrEmpty(options.TranscriptionToken))
            {
                missing.Add("Webhooks__TranscriptionToken");
            }

            if (string.IsNullOrEmpty(options.PostCallSecret))
            {
                missing.Add("Webhooks__PostCallSecret");
            }

            if (missing.Count == 0 || (options.AllowUnauthenticated && environment.IsDevelopment()))
            {
                return ValidateOptionsResult.Success;
            }

            return ValidateOptionsResult.Fail(
                $"The edge refuses to start without webhook secrets: set {string.Join(" and ", missing)} " +
                "(or, in the Development environment only, Webhooks__AllowUnauthenticated=true).");
        }
    }
}

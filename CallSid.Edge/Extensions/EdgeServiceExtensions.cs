using System.Threading.RateLimiting;
using CallSid.Edge.Webhooks;
using CallSid.ServiceDefaults.Http;
using CallSid.ServiceDefaults.ServiceDiscovery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;
using Yarp.ReverseProxy.ServiceDiscovery;

namespace CallSid.Edge.Extensions;

public static class EdgeServiceExtensions
{
    public const string TranscriptionWebhookPolicy = "transcription-webhook";
    public const string PostCallWebhookPolicy = "post-call-webhook";
    public const string PerClientRateLimit = "per-client";

    public static void AddEdgeServices(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<EdgeOptions>().BindConfiguration(EdgeOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<WebhookOptions>, WebhookSecretsRequired>();
        builder.Services.AddSingleton(TimeProvider.System);

        var edge = builder.Configuration.GetSection(EdgeOptions.SectionName).Get<EdgeOptions>() ?? new EdgeOptions();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = edge.MaxRequestBodySize);
        builder.Services.Configure<ForwardedHeadersOptions>(forwarded =>
        {
            forwarded.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            foreach (var proxy in edge.TrustedProxies)
            {
                forwarded.KnownProxies.Add(System.Net.IPAddress.Parse(proxy));
            }
        });

        builder.RequireServices("transcripts", "calls");
        builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
        builder.Services.AddSingleton<IDestinationResolver, ServiceDiscoveryDestinationResolver>();

        builder.Services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, TranscriptionTokenHandler>(TranscriptionTokenHandler.SchemeName, null)
            .AddScheme<AuthenticationSchemeOptions, ElevenLabsSignatureHandler>(ElevenLabsSignatureHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(TranscriptionWebhookPolicy, policy => policy.AddAuthenticationSchemes(TranscriptionTokenHandler.SchemeName).RequireAuthenticatedUser())
            .AddPolicy(PostCallWebhookPolicy, policy => policy.AddAuthenticationSchemes(ElevenLabsSignatureHandler.SchemeName).RequireAuthenticatedUser());

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddPolicy(PerClientRateLimit, context => RateLimitPartition.GetTokenBucketLimiter(
                context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = edge.RateLimitBurst,
                    TokensPerPeriod = edge.RateLimitPerPeriod,
                    ReplenishmentPeriod = edge.RateLimitPeriod,
                    QueueLimit = 0,
                }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await response.WriteErrorAsync(
                    StatusCodes.Status429TooManyRequests, new ErrorResponse("Too many requests. Please retry.", "Per-client rate limit reached"), cancellationToken);
            };
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

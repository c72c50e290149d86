using System.Net;
using CallSid.ServiceDefaults.Resilience;
using CallSid.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CallSid.ServiceDefaults.Tests;

/// <summary>
/// The standard resilience handler as AddServiceDefaults configures it. What may be sent twice: anything that never
/// left, and idempotent requests on transient failures. Nothing else.
/// </summary>
public sealed class ResilienceTests
{
    [Fact]
    public async Task A_post_whose_connection_was_refused_is_sent_again_once_the_server_listens()
    {
        var port = PortAllocator.GetFreePort();
        var client = CreateClient(new() { ["HttpResilience:Default:RetryDelay"] = "00:00:00.300", ["HttpResilience:Default:MaxRetryAttempts"] = "5", ["HttpResilience:Default:TotalTimeout"] = "00:00:20" });
        var send = client.PostAsync($"http://127.0.0.1:{port}/dial", new StringContent("{}"), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        await using var server = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("ok"), port);
        using var response = await send;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_post_answered_with_500_is_not_sent_again()
    {
        await using var server = await LocalServer.StartAsync((_, context) => { context.Response.StatusCode = 500; return Task.CompletedTask; });

        using var response = await CreateClient().PostAsync(new Uri(server.Address, "/dial"), new StringContent("{}"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_post_that_times_out_is_not_sent_again()
    {
        await using var server = await LocalServer.StartAsync(async (_, context) => await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted));
        var client = CreateClient(new() { ["HttpResilience:Default:AttemptTimeout"] = "00:00:00.500" });

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.PostAsync(new Uri(server.Address, "/dial"), new StringContent("{}"), TestContext.Current.CancellationToken));

        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task A_get_is_retried_on_5xx_until_it_succeeds()
    {
        await using var server = await LocalServer.StartAsync((attempt, context) =>
        {
            context.Response.StatusCode = attempt < 3 ? 503 : 200;
            return Task.CompletedTask;
        });

        using var response = await CreateClient().GetAsync(new Uri(server.Address, "/calls/x"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(3, server.Requests);
    }

    [Fact]
    public async Task A_get_is_retried_after_an_attempt_times_out()
    {
        await using var server = await LocalServer.StartAsync(async (attempt, context) =>
        {
            if (attempt == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted);
            }
        });
        var client = CreateClient(new() { ["HttpResilience:Default:AttemptTimeout"] = "00:00:00.500" });

        using var response = await client.GetAsync(new Uri(server.Address, "/calls/x"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task A_failing_dependency_opens_the_circuit_and_is_left_alone()
    {
        await using var server = await LocalServer.StartAsync((_, context) => { context.Response.StatusCode = 500; return Task.CompletedTask; });
        var client = CreateClient(new()
        {
            ["HttpResilience:Default:MaxRetryAttempts"] = "0",
            ["HttpResilience:Default:CircuitBreakerMinimumThroughput"] = "4",
            ["HttpResilience:Default:CircuitBreakerBreakDuration"] = "00:00:30",
        });

        for (var i = 0; i < 4; i++)
        {
            using var failed = await client.GetAsync(new Uri(server.Address, "/calls/x"), TestContext.Current.CancellationToken);
        }

        await Assert.ThrowsAsync<BrokenCircuitException>(() => client.GetAsync(new Uri(server.Address, "/calls/x"), TestContext.Current.CancellationToken));
        Assert.Equal(4, server.Requests);
    }

    [Fact]
    public async Task A_client_section_overrides_the_defaults()
    {
        await using var server = await LocalServer.StartAsync((_, context) => { context.Response.StatusCode = 503; return Task.CompletedTask; });
        var client = CreateClient(new() { ["HttpResilience:Default:MaxRetryAttempts"] = "3", ["HttpResilience:probe:MaxRetryAttempts"] = "1" }, "probe");

        using var response = await client.GetAsync(new Uri(server.Address, "/calls/x"), TestContext.Current.CancellationToken);

        Assert.Equal(2, server.Requests);
    }

    [Fact]
    public async Task The_outbound_call_is_sent_again_only_when_its_connection_was_refused()
    {
        var port = PortAllocator.GetFreePort();
        var client = CreateOutboundCallClient(new() { ["HttpResilience:dial:RetryDelay"] = "00:00:00.300", ["HttpResilience:dial:MaxRetryAttempts"] = "5" });
        var send = client.PostAsync($"http://127.0.0.1:{port}/v1/convai/twilio/outbound-call", new StringContent("{}"), TestContext.Current.CancellationToken);
        await Task.Delay(200, TestContext.Current.CancellationToken);

        await using var server = await LocalServer.StartAsync((_, context) => { context.Response.StatusCode = 500; return Task.CompletedTask; }, port);
        using var response = await send;

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(1, server.Requests);
    }

    [Fact]
    public async Task The_outbound_call_that_times_out_is_not_sent_again()
    {
        await using var server = await LocalServer.StartAsync(async (_, context) => await Task.Delay(TimeSpan.FromSeconds(3), context.RequestAborted));
        var client = CreateOutboundCallClient([]);

        await Assert.ThrowsAsync<TimeoutRejectedException>(() => client.PostAsync(new Uri(server.Address, "/v1/convai/twilio/outbound-call"), new StringContent("{}"), TestContext.Current.CancellationToken));

        Assert.Equal(1, server.Requests);
    }

    private static HttpClient CreateClient(Dictionary<string, string?>? settings = null, string name = "test")
    {
        var services = Services(settings).ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        var client = services.AddHttpClient(name);
        if (name != "test")
        {
            client.UseOwnResilienceSettings();
        }

        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient(name);
    }

    /// <summary>As Calls wires its ElevenLabs client: the defaults' handler replaced by the outbound-call one.</summary>
    private static HttpClient CreateOutboundCallClient(Dictionary<string, string?> settings)
    {
        var services = Services(settings).ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        services.AddHttpClient("dial").AddOutboundCallResilienceHandler(_ => (TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(20)));
        return services.BuildServiceProvider().GetRequiredService<IHttpClientFactory>().CreateClient("dial");
    }

    private static IServiceCollection Services(Dictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["HttpResilience:Default:RetryDelay"] = "00:00:00.010" })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddCallSidResilienceSettings();
    }
}

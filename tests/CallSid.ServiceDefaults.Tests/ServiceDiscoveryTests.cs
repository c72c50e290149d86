using System.Net;
using CallSid.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallSid.ServiceDefaults.Tests;

/// <summary>
/// <c>http://calls</c> with several replicas (<c>services:calls:http:0..n-1</c>), through the handlers every service
/// gets from <c>AddServiceDefaults</c> (Microsoft.Extensions.ServiceDiscovery): requests take the replicas in turn, and
/// a retry goes to another replica.
/// </summary>
public sealed class ServiceDiscoveryTests
{
    [Fact]
    public async Task Requests_to_a_service_name_take_every_replica_in_turn()
    {
        await using var first = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("first"));
        await using var second = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("second"));
        var client = CreateClient(new() { ["services:calls:http:0"] = first.Address.ToString(), ["services:calls:http:1"] = second.Address.ToString() });

        var answers = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            answers.Add(await client.GetStringAsync("http://calls/calls/x", TestContext.Current.CancellationToken));
        }

        // Round robin (Microsoft's selector starts at the second): each answer is the other replica, five each.
        Assert.All(answers.Zip(answers.Skip(1)), pair => Assert.NotEqual(pair.First, pair.Second));
        Assert.Equal(5, answers.Count(answer => answer == "first"));
    }

    [Fact]
    public async Task A_post_refused_by_one_replica_is_sent_again_to_the_other()
    {
        await using var live = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("ok"));
        var down = $"http://127.0.0.1:{PortAllocator.GetFreePort()}/";
        var client = CreateClient(new()
        {
            ["services:calls:http:0"] = down, // the first request's turn
            ["services:calls:http:1"] = live.Address.ToString(),
            ["HttpResilience:Default:MaxRetryAttempts"] = "1",
        });

        using var response = await client.PostAsync("http://calls/driver_data/call-elevenlabs", new StringContent("{}"), TestContext.Current.CancellationToken);

        // One retry, and it went to the other replica: the request kept its service name between attempts.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, live.Requests);
    }

    [Fact]
    public async Task Replicas_are_taken_in_the_order_of_their_index_not_of_the_configuration()
    {
        await using var zero = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("0"));
        await using var one = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("1"));
        await using var ten = await LocalServer.StartAsync((_, context) => context.Response.WriteAsync("10"));
        var client = CreateClient(new()
        {
            ["services:calls:http:10"] = ten.Address.ToString(),
            ["services:calls:http:1"] = one.Address.ToString(),
            ["services:calls:http:0"] = zero.Address.ToString(),
        });

        var answers = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            answers.Add(await client.GetStringAsync("http://calls/x", TestContext.Current.CancellationToken));
        }

        // In index order, whichever replica the selector starts with.
        var start = answers.IndexOf("0");
        Assert.Equal(["0", "1", "10"], answers.Skip(start).Take(3));
    }

    /// <summary>A client with the handlers of <c>AddServiceDefaults</c>, in their order.</summary>
    private static HttpClient CreateClient(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["HttpResilience:Default:RetryDelay"] = "00:00:00.010" });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddServiceDefaults();
        return builder.Build().Services.GetRequiredService<IHttpClientFactory>().CreateClient("test");
    }
}

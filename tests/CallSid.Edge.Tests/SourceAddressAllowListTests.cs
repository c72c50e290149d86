using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Edge.Tests;

/// <summary><c>Edge:AllowedSourceAddresses</c>: webhooks only from ElevenLabs' addresses, when the operator lists them.</summary>
public sealed class SourceAddressAllowListTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    [Fact]
    public async Task A_webhook_from_an_address_off_the_list_is_403_and_never_forwarded_while_a_listed_sender_and_probes_pass()
    {
        var settings = system.Settings();
        settings["Edge:TrustedProxies:0"] = "127.0.0.1";
        settings["Edge:TrustedProxies:1"] = "::1/128";
        settings["Edge:AllowedSourceAddresses:0"] = "203.0.113.0/24";
        settings["Edge:AllowedSourceAddresses:1"] = "198.51.100.20";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var client = edge.CreateClient();

        using var stranger = await client.SendAsync(Turn("stranger", "192.0.2.44"), TestContext.Current.CancellationToken);
        using var fromNetwork = await client.SendAsync(Turn("from the listed network", "203.0.113.7"), TestContext.Current.CancellationToken);
        using var fromAddress = await client.SendAsync(Turn("from the listed address", "198.51.100.20"), TestContext.Current.CancellationToken);
        using var probe = await client.GetAsync("/health", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, stranger.StatusCode);
        var error = await stranger.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("192.0.2.44 is not an address webhooks are accepted from", error.GetProperty("details").GetString());
        Assert.Equal(HttpStatusCode.Created, fromNetwork.StatusCode);
        Assert.Equal(HttpStatusCode.Created, fromAddress.StatusCode);
        Assert.Equal(HttpStatusCode.OK, probe.StatusCode);
        Assert.DoesNotContain(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains("stranger", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_entry_that_is_not_an_address_stops_the_edge_at_start_naming_it()
    {
        var settings = system.Settings();
        settings["Edge:AllowedSourceAddresses:0"] = "elevenlabs.io";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);

        var error = Assert.ThrowsAny<Exception>(() => edge.BaseAddress);

        Assert.Contains("Edge:AllowedSourceAddresses: 'elevenlabs.io' is neither an IP address nor a network", error.ToString(), StringComparison.Ordinal);
    }

    private static HttpRequestMessage Turn(string message, string forwardedFor) =>
        EdgeProtectionTests.Turn(EdgeWithRecordingBackends.TranscriptionToken, forwardedFor, message);
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Edge.Tests;

public sealed class EdgeStartupAndLimitsTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    [Fact]
    public async Task Without_secrets_the_edge_refuses_to_start_and_names_them()
    {
        var settings = system.Settings();
        settings.Remove("Webhooks:TranscriptionToken");
        settings.Remove("Webhooks:PostCallSecret");
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);

        var error = Assert.ThrowsAny<Exception>(() => edge.BaseAddress);

        Assert.Contains("The edge refuses to start without webhook secrets: set Webhooks__TranscriptionToken and Webhooks__PostCallSecret", error.ToString());
    }

    [Fact]
    public async Task Allowing_unauthenticated_webhooks_works_in_Development_only()
    {
        var settings = system.Settings();
        settings.Remove("Webhooks:TranscriptionToken");
        settings.Remove("Webhooks:PostCallSecret");
        settings["Webhooks:AllowUnauthenticated"] = "true";
        await using var production = new ServiceHost<EdgeEntryPoint>(new Dictionary<string, string?>(settings) { ["environment"] = "Production" });
        await using var development = new ServiceHost<EdgeEntryPoint>(new Dictionary<string, string?>(settings) { ["environment"] = "Development" });

        Assert.ThrowsAny<Exception>(() => production.BaseAddress);
        using var response = await development.CreateClient().PostAsync(
            "/webhooks/elevenlabs/transcription", new StringContent("{}", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_service_address_stops_start_up_with_the_setting_named()
    {
        var settings = system.Settings();
        settings.Remove("services:calls:http:0");
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);

        var error = Assert.ThrowsAny<Exception>(() => edge.BaseAddress);

        Assert.Contains("No address for service 'calls': set services__calls__http__0", error.ToString());
    }
}

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

    [Fact]
    public async Task A_client_over_its_rate_limit_gets_429_with_retry_after()
    {
        var settings = system.Settings();
        settings["Edge:RateLimitBurst"] = "3";
        settings["Edge:RateLimitPerPeriod"] = "1";
        settings["Edge:RateLimitPeriod"] = "01:00:00"; // no refill during the test, however slow the machine
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var client = edge.CreateClient();

        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);
            last = await client.SendAsync(request, TestContext.Current.CancellationToken);
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
        // Another client (named by the trusted proxy in front, here loopback) has a bucket of its own.
        var other = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription") { Content = new StringContent("{}", Encoding.UTF8, "application/json") };
        other.Headers.Authorization = new AuthenticationHeaderValue("Bearer", EdgeWithRecordingBackends.TranscriptionToken);
        other.Headers.Add("X-Forwarded-For", "203.0.113.7");
        Assert.Equal(HttpStatusCode.Created, (await client.SendAsync(other, TestContext.Current.CancellationToken)).StatusCode);
        Assert.InRange(last!.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1)); // the limiter's own estimate
        Assert.Equal("Too many requests. Please retry.", (await last.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
    }
}

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Testing;
using Microsoft.AspNetCore.Http;

namespace CallSid.Edge.Tests;

/// <summary>The edge's limits aim at what abuses it (failed authentication), not at ElevenLabs' own traffic.</summary>
public sealed class EdgeProtectionTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    [Fact]
    public async Task A_client_that_keeps_guessing_tokens_is_refused_429_and_a_made_up_forwarded_for_changes_nothing_but_the_right_token_still_passes()
    {
        var settings = system.Settings();
        settings["Edge:FailedAuthenticationLimit"] = "3";
        settings["Edge:FailedAuthenticationWindow"] = "01:00:00"; // no refill during the test, however slow the machine
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var client = edge.CreateClient();

        // Each guess claims to come from somewhere else; loopback is not a trusted proxy, so they all count against it.
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var guess = await client.SendAsync(Turn($"wrong-token-{i}", forwardedFor: $"198.51.100.{i}"), TestContext.Current.CancellationToken);
            statuses.Add(guess.StatusCode);
            if (guess.StatusCode == HttpStatusCode.TooManyRequests)
            {
                Assert.InRange(guess.Headers.RetryAfter!.Delta!.Value, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
                Assert.Equal("Too many failed authentications. Please retry later.",
                    (await guess.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
            }
        }

        // ElevenLabs' turns from the same address keep flowing: a right token costs no more to check than a wrong one.
        using var rightToken = await client.SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.Created, rightToken.StatusCode);
    }

    [Fact]
    public async Task Forged_post_call_signatures_block_the_post_call_webhook_for_that_client_before_its_body_is_read_but_not_its_per_turn_deliveries()
    {
        var settings = system.Settings();
        settings["Edge:FailedAuthenticationLimit"] = "2";
        settings["Edge:FailedAuthenticationWindow"] = "01:00:00";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var client = edge.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            var forged = PostCallSignatureTests.Event();
            using var response = await client.SendAsync(PostCall(forged, PostCallSignatureTests.Sign("not-the-secret", PostCallSignatureTests.Now(), forged)), TestContext.Current.CancellationToken);
            statuses.Add(response.StatusCode);
        }

        var genuine = PostCallSignatureTests.Event();
        using var blockedGenuine = await client.SendAsync(
            PostCall(genuine, PostCallSignatureTests.Sign(EdgeWithRecordingBackends.PostCallSecret, PostCallSignatureTests.Now(), genuine)), TestContext.Current.CancellationToken);
        using var turn = await client.SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken), TestContext.Current.CancellationToken);

        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.TooManyRequests, blockedGenuine.StatusCode);
        Assert.DoesNotContain(system.Forwarded, f => Encoding.UTF8.GetString(f.Body) == genuine);
        Assert.Equal(HttpStatusCode.Created, turn.StatusCode);
    }

    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_failure_count()
    {
        var settings = system.Settings();
        settings["Edge:FailedAuthenticationLimit"] = "2";
        settings["Edge:FailedAuthenticationWindow"] = "01:00:00";
        settings["Edge:TrustedProxies:0"] = "127.0.0.1";
        settings["Edge:TrustedProxies:1"] = "::1/128";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var client = edge.CreateClient();

        for (var i = 0; i < 2; i++)
        {
            using var _ = await client.SendAsync(Turn("wrong", forwardedFor: "203.0.113.66"), TestContext.Current.CancellationToken);
        }

        using var attacker = await client.SendAsync(Turn("wrong", forwardedFor: "203.0.113.66"), TestContext.Current.CancellationToken);
        using var neighbour = await client.SendAsync(Turn("wrong", forwardedFor: "203.0.113.7"), TestContext.Current.CancellationToken);
        using var elevenLabs = await client.SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken, forwardedFor: "203.0.113.7"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, attacker.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, neighbour.StatusCode);
        Assert.Equal(HttpStatusCode.Created, elevenLabs.StatusCode);
    }

    [Fact]
    public async Task Six_hundred_authenticated_deliveries_a_second_from_one_address_are_not_throttled()
    {
        // 32 senders at once from one address, as ElevenLabs' few addresses carry every call's turns; the old per-address
        // limit (a burst of 400, then 200 a second) refused about a third of these however slowly they were sent.
        var client = system.Edge.CreateClient();
        var statuses = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await Parallel.ForEachAsync(Enumerable.Range(0, 600), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (_, token) =>
        {
            using var response = await client.SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken), token);
            statuses.Add(response.StatusCode);
        });

        TestContext.Current.TestOutputHelper?.WriteLine($"600 deliveries in {clock.Elapsed.TotalMilliseconds:0} ms");
        Assert.Equal(600, statuses.Count(status => status == HttpStatusCode.Created));
    }

    [Fact]
    public async Task When_every_delivery_place_is_taken_the_next_gets_503_with_retry_after()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var slow = await LocalServer.StartAsync(async (_, context) =>
        {
            if (context.Request.Path == "/health")
            {
                return; // the edge's health probes are answered at once; only deliveries are held
            }

            arrived.TrySetResult();
            await release.Task;
            context.Response.StatusCode = StatusCodes.Status201Created;
        });
        var settings = system.Settings();
        settings["services:transcripts:http:0"] = slow.Address.ToString();
        settings["Edge:MaxConcurrentDeliveries"] = "1";
        settings["Edge:DeliveryQueueLimit"] = "0";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);
        var client = edge.CreateClient();

        var first = client.SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken), TestContext.Current.CancellationToken);
        await arrived.Task.WaitAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken);
        using var second = await client.SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken), TestContext.Current.CancellationToken);
        release.SetResult();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, second.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), second.Headers.RetryAfter!.Delta);
        Assert.Equal("Service at capacity. Please retry.",
            (await second.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.Created, (await first).StatusCode);
    }

    [Fact]
    public async Task A_backend_that_is_down_is_a_503_in_the_error_shape_with_retry_after()
    {
        var settings = system.Settings();
        settings["services:transcripts:http:0"] = $"http://127.0.0.1:{PortAllocator.GetFreePort()}/";
        await using var edge = new ServiceHost<EdgeEntryPoint>(settings);

        using var response = await edge.CreateClient().SendAsync(Turn(EdgeWithRecordingBackends.TranscriptionToken), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter!.Delta);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", error.GetProperty("status").GetString());
        Assert.Equal("Service unavailable. Please retry.", error.GetProperty("message").GetString());
        Assert.StartsWith("The transcripts service could not be reached", error.GetProperty("details").GetString());
    }

    private static HttpRequestMessage PostCall(string body, string signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/post-call") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation(CallSid.Edge.Webhooks.ElevenLabsSignature.HeaderName, signature);
        return request;
    }

    internal static HttpRequestMessage Turn(string token, string? forwardedFor = null, string message = "m")
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription")
        {
            Content = new StringContent($$"""{"call_sid":"EL_1_x","speaker":"agent","message":"{{message}}","timestamp":"2024-11-21T10:30:00Z"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        return request;
    }
}

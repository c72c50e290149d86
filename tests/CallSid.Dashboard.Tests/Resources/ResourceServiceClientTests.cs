using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Resources;
using CallSid.Dashboard.Security;
using CallSid.Dashboard.Tests.Infrastructure;

namespace CallSid.Dashboard.Tests.Resources;

/// <summary>The dashboard against a real local resource service (the contract's AppHost side), through its JSON API.</summary>
public sealed class ResourceServiceClientTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static JsonObject[] System() =>
    [
        FakeResourceService.Resource("calls", "calls", instanceId: "calls-0"),
        FakeResourceService.Resource("transcripts-0", "transcripts", instanceId: "transcripts-0"),
        FakeResourceService.Resource("postgres", "postgres", type: "PostgresServer"),
    ];

    [Fact]
    public async Task Resources_are_listed_with_their_details_and_secrets_never_leave_the_dashboard()
    {
        await using var fake = await FakeResourceService.StartAsync(System());
        await using var dashboard = await DashboardServer.StartAsync(fake.DashboardSettings());

        var resources = await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"),
            found => found.ResourceService.Status == "connected", "the resource service's snapshot");
        Assert.Equal("resource_service", resources.Mode);
        Assert.Equal(["calls", "postgres", "transcripts-0"], resources.Resources.Select(r => r.Name));
        var transcripts = resources.Resources.Single(r => r.Name == "transcripts-0");
        Assert.Equal(("transcripts", "Project", "Running", "Healthy", 4242), (transcripts.DisplayName, transcripts.Type, transcripts.State, transcripts.Health, transcripts.Pid));
        Assert.Equal("http://127.0.0.1:5082", Assert.Single(transcripts.Endpoints).Url);
        Assert.Equal(["stop", "start", "restart"], transcripts.Commands);

        var environment = transcripts.Environment.ToDictionary(e => e.Name);
        Assert.True(environment["ConnectionStrings__callsdb"].Masked);
        Assert.True(environment["ElevenLabs__ApiKey"].Masked); // not flagged secret, but named like one
        Assert.Null(environment["ElevenLabs__ApiKey"].Value);
        Assert.Equal("transcripts", environment["OTEL_SERVICE_NAME"].Value);
        var raw = await dashboard.Api.GetStringAsync("/api/resources", Cancel);
        Assert.DoesNotContain("sk_would_leak", raw);
        Assert.Equal(0, fake.UnauthorizedRequests);
    }

    [Fact]
    public async Task A_state_change_is_upserted_live_and_a_deleted_resource_disappears()
    {
        await using var fake = await FakeResourceService.StartAsync(System());
        await using var dashboard = await DashboardServer.StartAsync(fake.DashboardSettings());
        await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"), found => found.Resources.Count == 3, "the snapshot");

        var crashed = fake.Get("calls");
        crashed["state"] = "Exited";
        crashed["exitCode"] = 137;
        crashed["detail"] = "crash loop: restarting in 8 s";
        fake.Upsert(crashed);
        var after = await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"),
            found => found.Resources.Single(r => r.Name == "calls").State == "Exited", "the upsert");
        var calls = after.Resources.Single(r => r.Name == "calls");
        Assert.Equal((137, "crash loop: restarting in 8 s"), (calls.ExitCode, calls.Detail));

        fake.Delete("postgres");
        await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"),
            found => found.Resources.All(r => r.Name != "postgres"), "the delete");
    }

    [Fact]
    public async Task Console_lines_are_followed_from_where_the_page_left_off()
    {
        await using var fake = await FakeResourceService.StartAsync(System());
        await using var dashboard = await DashboardServer.StartAsync(fake.DashboardSettings());
        fake.WriteConsole("calls", "stdout", "info: Now listening on: http://127.0.0.1:5081");
        fake.WriteConsole("calls", "stderr", "fail: could not reach ElevenLabs");

        var first = await dashboard.GetAsync<ConsoleResponse>("/api/resources/calls/console?after=0");
        Assert.Equal(["stdout", "stderr"], first.Lines.Select(l => l.Stream));
        Assert.Equal("fail: could not reach ElevenLabs", first.Lines[1].Text);

        fake.WriteConsole("calls", "stdout", "info: call placed");
        var next = await dashboard.GetAsync<ConsoleResponse>($"/api/resources/calls/console?after={first.Next}");
        Assert.Equal(["info: call placed"], next.Lines.Select(l => l.Text));
        Assert.Empty((await dashboard.GetAsync<ConsoleResponse>($"/api/resources/calls/console?after={next.Next}")).Lines);

        using var unknown = await dashboard.Api.GetAsync("/api/resources/nope/console", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // The client's console watch streams lines as they are written.
        var client = dashboard.Service<ResourceServiceClient>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        stop.CancelAfter(Eventually.DefaultTimeout);
        var followed = new List<string>();
        var writer = Task.Run(async () =>
        {
            await Task.Yield();
            fake.WriteConsole("calls", "stdout", "info: streamed");
        }, Cancel);
        await foreach (var line in client.FollowConsoleAsync("calls", next.Next, stop.Token))
        {
            followed.Add(line.Text);
            if (line.Text == "info: streamed")
            {
                break;
            }
        }

        await writer;
        Assert.Equal(["info: streamed"], followed);
    }

    [Fact]
    public async Task Restart_reaches_the_resource_services_command_endpoint_and_refusals_come_back()
    {
        await using var fake = await FakeResourceService.StartAsync(System());
        await using var dashboard = await DashboardServer.StartAsync(fake.DashboardSettings());

        using var restart = await Command(dashboard, "transcripts-0", "restart");
        Assert.Equal(HttpStatusCode.OK, restart.StatusCode);
        Assert.Equal("accepted", (await restart.Content.ReadFromJsonAsync<CommandAccepted>(DashboardJson.Options, Cancel))!.Status);
        Assert.Equal([("transcripts-0", "restart")], fake.Commands);
        await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"),
            found => found.Resources.Single(r => r.Name == "transcripts-0").RestartCount == 1, "the restart count");

        using var start = await Command(dashboard, "calls", "start");
        Assert.Equal(HttpStatusCode.Conflict, start.StatusCode);
        var refusal = await start.Content.ReadFromJsonAsync<ErrorResponse>(DashboardJson.Options, Cancel);
        Assert.Equal("calls is Running: start does not apply now", refusal!.Message);

        using var unknown = await Command(dashboard, "nope", "stop");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);

        // Without the anti-CSRF header nothing is sent on.
        using var forged = await dashboard.Api.PostAsync("/api/resources/calls/commands/stop", null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.DoesNotContain(fake.Commands, c => c.Command == "stop" && c.Resource == "calls");
    }

    [Fact]
    public async Task A_dropped_or_gone_resource_service_is_shown_unavailable_and_reconnected()
    {
        var fake = await FakeResourceService.StartAsync(System());
        await using var dashboard = await DashboardServer.StartAsync(fake.DashboardSettings());
        await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"), found => found.ResourceService.Status == "connected", "connected");

        // The stream drops (the AppHost restarting): the dashboard watches again.
        fake.DropWatchers();
        await Eventually.GetAsync(() => Task.FromResult(Volatile.Read(ref fake.WatchConnections)), count => count >= 2, "a second watch");

        // The AppHost is gone: unavailable, with the last known resources kept.
        var port = fake.BaseUri.Port;
        await fake.DisposeAsync();
        var gone = await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"),
            found => found.ResourceService.Status == "unavailable", "unavailable");
        Assert.StartsWith("resource service unavailable", gone.ResourceService.Message);
        Assert.Equal(3, gone.Resources.Count);

        // It comes back (with other resources): reconnected, with backoff, and the new snapshot replaces the old.
        await using var back = await FakeResourceService.StartAsync([FakeResourceService.Resource("edge", "edge")], port);
        var reconnected = await Eventually.GetAsync(() => dashboard.GetAsync<ResourcesResponse>("/api/resources"),
            found => found.ResourceService.Status == "connected", "reconnected");
        Assert.Equal(["edge"], reconnected.Resources.Select(r => r.Name));
    }

    private static Task<HttpResponseMessage> Command(DashboardServer dashboard, string resource, string command)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/resources/{resource}/commands/{command}");
        request.Headers.Add("x-dashboard-request", "1");
        return dashboard.Api.SendAsync(request, Cancel);
    }
}

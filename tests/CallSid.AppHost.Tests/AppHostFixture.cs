using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CallSid.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallSid.AppHost.Tests;

/// <summary>
/// The real AppHost started by Aspire.Hosting.Testing (DCP runs every project, our local PostgreSQL included), once
/// per test class that shares it: free ports, a data directory of its own, a short emulated conversation.
/// </summary>
public class AppHostFixture : IAsyncLifetime
{
    public const string TranscriptionToken = "apphost-test-turn-token";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(6); // one start in CI did not finish within 4

    private DistributedApplication? _app;

    public string DataDirectory { get; } = Path.Combine("/var/tmp", $"callsid-test-apphost-{Guid.NewGuid():N}");

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The AppHost has not started.");

    public HttpClient Calls { get; private set; } = null!;

    public HttpClient Transcripts { get; private set; } = null!;

    public HttpClient Edge { get; private set; } = null!;

    /// <summary>Settings on top of the test defaults (<c>AppHost:Replicas:transcripts=2</c>, ...).</summary>
    protected virtual IEnumerable<string> Settings => [];

    /// <summary>Aspire.Hosting.Testing runs without the dashboard unless a test needs it.</summary>
    protected virtual bool DashboardEnabled => false;

    /// <summary>The resources waited for before the tests run.</summary>
    protected virtual IEnumerable<string> Resources => ["calls", "transcripts", "edge", "elevenlabs"];

    public virtual async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        await BeforeStartAsync(timeout.Token);
        string[] args =
        [
            // Empty ports: free ones (several test runs share the machine); the rest as a developer's run has it.
            "AppHost:Ports:Edge=", "AppHost:Ports:Calls=", "AppHost:Ports:Transcripts=", "AppHost:Ports:Emulator=", "AppHost:Ports:Postgres=",
            $"AppHost:DataDirectory={DataDirectory}",
            $"AppHost:Dashboard:Enabled={DashboardEnabled}",
            "Emulator:ConversationTurns=4",
            "Emulator:TurnInterval=00:00:00.200",
            $"Webhooks:TranscriptionToken={TranscriptionToken}",
            .. Settings,
        ];
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CallSid_AppHost>(
            args, (options, _) => options.DisableDashboard = !DashboardEnabled, timeout.Token);
        if (Environment.GetEnvironmentVariable("CALLSID_TEST_APPHOST_LOGS") == "1")
        {
            builder.Services.AddLogging(logging => logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug));
        }

        _app = await builder.BuildAsync(timeout.Token);
        try
        {
            await _app.StartAsync(timeout.Token);
            foreach (var resource in Resources)
            {
                await _app.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost did not start within {StartTimeout}. Its resources:\n{DescribeResources()}");
        }

        Calls = _app.CreateHttpClient("calls");
        Transcripts = _app.CreateHttpClient("transcripts");
        Edge = _app.CreateHttpClient("edge");
    }

    /// <summary>Each resource's state and health, to say which one a start that timed out was waiting for.</summary>
    private string DescribeResources() => string.Join('\n', App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(resource =>
        App.ResourceNotifications.TryGetCurrentState(resource.Name, out var e)
            ? $"  {resource.Name}: {e.Snapshot.State?.Text ?? "no state"}, {e.Snapshot.HealthStatus?.ToString() ?? "no health"}"
              + string.Concat(e.Snapshot.HealthReports.Where(r => r.Status != Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy).Select(r => $" [{r.Name}: {r.Description ?? r.ExceptionText}]"))
            : $"  {resource.Name}: never reported"));

    /// <summary>What must be in place before the AppHost is even built (a leftover server on the data directory, ...).</summary>
    protected virtual Task BeforeStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    /// <summary>The operating-system process of each running instance of <paramref name="resource"/> (the service itself, below DCP's launcher).</summary>
    public async Task<List<int>> ProcessesOfAsync(string resource, int instances = 1)
    {
        var launchers = new Dictionary<string, int>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // The watch starts with every resource's current state.
        await foreach (var change in App.ResourceNotifications.WatchAsync(timeout.Token))
        {
            if (change.Resource.Name == resource && change.Snapshot.State?.Text == KnownResourceStates.Running
                && int.TryParse(change.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString(), out var pid))
            {
                launchers[change.ResourceId] = pid;
            }

            if (launchers.Count == instances)
            {
                break;
            }
        }

        // A project runs under `dotnet run`: the service is the process below it that runs the project's own program.
        var program = $"CallSid.{char.ToUpperInvariant(resource[0])}{resource[1..]}";
        return launchers.Values.Select(launcher => resource is "postgres" ? launcher
                : ProcessTree.Descendants(launcher).LastOrDefault(d => d.CommandLine.Contains(program, StringComparison.OrdinalIgnoreCase)).Pid)
            .Where(pid => pid > 0).ToList(); // a launcher whose service has not started yet has none
    }

    /// <summary>Waits until <paramref name="resource"/> has been seen down and then running and healthy again.</summary>
    public async Task WaitUntilRestartedAsync(string resource)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await App.ResourceNotifications.WaitForResourceAsync(resource, e => e.Snapshot.State?.Text != KnownResourceStates.Running, timeout.Token);
        await App.ResourceNotifications.WaitForResourceAsync(resource,
            e => e.Snapshot.State?.Text == KnownResourceStates.Running && e.Snapshot.HealthStatus == Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Healthy, timeout.Token);
    }

    /// <summary>Places one driver's call through the Calls API and returns its call_sid.</summary>
    public async Task<string> PlaceCallAsync(int driverId, string timestamp = CallRequests.Timestamp)
    {
        var response = await Calls.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.BatchAt(timestamp, CallRequests.Driver(driverId, $"+1555123{driverId % 10000:0000}")));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("call_sid").GetString()!;
    }

    public async Task<JsonElement> WaitForCallAsync(string callSid, string status)
    {
        JsonElement call = default;
        await Readiness.WaitAsync(
            async token =>
            {
                call = await Calls.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}", token);
                return call.GetProperty("status").GetString() == status ? null : $"{callSid} is {call.GetProperty("status")}";
            },
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(250));
        return call;
    }

    /// <summary>Waits until ElevenLabs (the emulator) has accepted the call: turns can be resolved from then on.</summary>
    public async Task WaitForConversationAsync(string callSid) =>
        await Readiness.WaitAsync(
            async token =>
            {
                var call = await Calls.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}", token);
                return call.GetProperty("conversation_id").ValueKind == JsonValueKind.String ? null : $"{callSid} has no conversation yet";
            },
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(250));

    /// <summary>One turn through the edge, as ElevenLabs' server tool sends it.</summary>
    public Task<HttpResponseMessage> PostTurnAsync(string callSid, string message, DateTime timestamp, string token = TranscriptionToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/webhooks/elevenlabs/transcription")
        {
            Content = JsonContent.Create(new { call_sid = callSid, speaker = "agent", message, timestamp = timestamp.ToString("O") }),
        };
        request.Headers.Authorization = new("Bearer", token);
        return Edge.SendAsync(request);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary><c>dotnet run --project CallSid.AppHost</c> as a developer types it, on free ports and a data directory of its own.</summary>
public sealed class AppHostProcess
{
    private static readonly string[] PortNames = ["Edge", "Calls", "Transcripts", "Emulator", "Postgres", "Dashboard", "DashboardOtlp"];

    public AppHostProcess()
    {
        Environment = new Dictionary<string, string>
        {
            ["AppHost__DataDirectory"] = DataDirectory,
            ["Emulator__ConversationTurns"] = "4",
            ["Emulator__TurnInterval"] = "00:00:00.200",
        };
        foreach (var name in PortNames)
        {
            Environment[$"AppHost__Ports__{name}"] = PortAllocator.GetFreePort().ToString();
        }
    }

    public string DataDirectory { get; } = Path.Combine("/var/tmp", $"callsid-test-run-{Guid.NewGuid():N}");

    public Dictionary<string, string> Environment { get; }

    public Uri Url(string resource) => new($"http://127.0.0.1:{Environment[$"AppHost__Ports__{resource}"]}");

    public RunningProject Start()
    {
        var root = RepositoryRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var start = ChildProcess.Describe("dotnet", ["run", "--project", Path.Combine(root, "CallSid.AppHost"), "--no-build", "--configuration", configuration], root);
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        return new RunningProject("CallSid.AppHost", start);
    }

    /// <summary>Waits until the edge and the emulator answer their health checks (they start last).</summary>
    public async Task WaitUntilHealthyAsync(RunningProject host, HttpClient http)
    {
        await Readiness.WaitAsync(
            async token =>
            {
                if (!ProcessTree.IsRunning(host.Id))
                {
                    throw new InvalidOperationException($"The AppHost exited. Output:\n{host.Output}");
                }

                try
                {
                    var edge = await http.GetAsync(new Uri(Url("Edge"), "/health"), token);
                    var emulator = await http.GetAsync(new Uri(Url("Emulator"), "/health"), token);
                    return edge.IsSuccessStatusCode && emulator.IsSuccessStatusCode ? null : "not healthy yet";
                }
                catch (HttpRequestException e)
                {
                    return e.Message;
                }
            },
            AppHostFixture.StartTimeout,
            TimeSpan.FromMilliseconds(250));
    }

    public async Task<string> PlaceCallAsync(HttpClient http, int driverId)
    {
        var response = await http.PostAsJsonAsync(new Uri(Url("Calls"), "/driver_data/call-elevenlabs"), CallRequests.Batch(CallRequests.Driver(driverId)));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("call_sid").GetString()!;
    }

    /// <summary>Every process whose environment or command line names this run: its services (by its database port) and its PostgreSQL.</summary>
    public List<int> ProcessesOfThisRun()
    {
        var marker = $"Port={Environment["AppHost__Ports__Postgres"]};";
        return Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessTree.IsRunning(pid)
                && (ProcessTree.CommandLine(pid).Contains(DataDirectory, StringComparison.Ordinal)
                    || ProcessTree.EnvironmentOf(pid).GetValueOrDefault("ConnectionStrings__callsdb", "").Contains(marker, StringComparison.Ordinal)))
            .ToList();
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CallSid.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("CallSid.sln not found above the test's directory.");
    }
}

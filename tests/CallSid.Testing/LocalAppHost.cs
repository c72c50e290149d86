using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Hosting.Processes;

namespace CallSid.Testing;

/// <summary>
/// The AppHost as a developer runs it (<c>dotnet run --project CallSid.AppHost</c>), on free ports and a data directory
/// of its own, with known webhook secrets so a test can post turns through the edge.
/// </summary>
public sealed class LocalAppHost : IDisposable
{
    public const string Ready = "CallSid is ready in";
    public const string TranscriptionToken = "apphost-test-turn-token";
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);

    public LocalAppHost()
    {
        Ports = new[] { "Edge", "Calls", "Transcripts", "Emulator", "Postgres", "Dashboard", "DashboardOtlp" }.ToDictionary(name => name, _ => PortAllocator.GetFreePort());
        Environment = new Dictionary<string, string>
        {
            ["AppHost__DataDirectory"] = DataDirectory,
            ["Emulator__ConversationTurns"] = "4",
            ["Emulator__TurnInterval"] = "00:00:00.200",
            ["Webhooks__TranscriptionToken"] = TranscriptionToken,
        };
        foreach (var (name, port) in Ports)
        {
            Environment[$"AppHost__Ports__{name}"] = port.ToString();
        }
    }

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), $"callsid-test-apphost-{Guid.NewGuid():N}");

    public Dictionary<string, int> Ports { get; }

    public Dictionary<string, string> Environment { get; }

    public Uri Calls => new($"http://127.0.0.1:{Ports["Calls"]}");

    public Uri Transcripts => new($"http://127.0.0.1:{Ports["Transcripts"]}");

    public Uri Edge => new($"http://127.0.0.1:{Ports["Edge"]}");

    public RunningProject Start() => ProjectProcess.Start<Projects.CallSid_AppHost>([], Environment);

    /// <summary>
    /// Starts the AppHost and waits until it is ready. The ports were free when chosen, but another process may take
    /// one before the AppHost binds it (an outgoing connection's ephemeral port, on a busy machine): then it refuses to
    /// start with one clear line, and we choose new ports and start again.
    /// </summary>
    public async Task<RunningProject> StartReadyAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            var host = Start();
            try
            {
                await host.WaitForAsync(Ready, StartTimeout);
                return host;
            }
            catch (InvalidOperationException) when (attempt < 3 && host.Output.Contains("is already in use", StringComparison.Ordinal))
            {
                await host.DisposeAsync();
                foreach (var name in Ports.Keys.ToList())
                {
                    Ports[name] = PortAllocator.GetFreePort();
                    Environment[$"AppHost__Ports__{name}"] = Ports[name].ToString();
                }
            }
            catch
            {
                await host.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>The AppHost's child processes whose command line contains <paramref name="text"/>.</summary>
    public static List<(int Pid, string CommandLine)> Children(RunningProject host, string text) =>
        ProcessTree.Descendants(host.Id).Where(c => c.CommandLine.Contains(text, StringComparison.Ordinal)).ToList();

    /// <summary>Every process (ours or not) whose command line names this AppHost's data directory: its PostgreSQL.</summary>
    public List<int> ProcessesOnDataDirectory() =>
        Directory.EnumerateDirectories("/proc")
            .Select(dir => int.TryParse(Path.GetFileName(dir), out var pid) ? pid : 0)
            .Where(pid => pid > 0 && ProcessTree.IsRunning(pid) && CommandLineOf(pid).Contains(DataDirectory, StringComparison.Ordinal))
            .ToList();

    /// <summary>One turn through the edge, as ElevenLabs' server tool sends it.</summary>
    public async Task<HttpResponseMessage> PostTurnAsync(
        HttpClient http, string callSid, string message, DateTime timestamp, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Edge, "/webhooks/elevenlabs/transcription"))
        {
            Content = new StringContent(
                JsonSerializer.Serialize(new { call_sid = callSid, speaker = "agent", message, timestamp = timestamp.ToString("O") }),
                Encoding.UTF8,
                "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", TranscriptionToken);
        return await http.SendAsync(request, cancellationToken);
    }

    /// <summary>Places one driver's call through the Calls API and returns its call_sid.</summary>
    public async Task<string> PlaceCallAsync(HttpClient http, int driverId, string timestamp = "2024-11-21T10:00:00Z")
    {
        var response = await http.PostAsJsonAsync(new Uri(Calls, "/driver_data/call-elevenlabs"), new
        {
            callType = "violation",
            timestamp,
            drivers = new[] { Driver(driverId, $"+1555123{driverId:0000}") },
        });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("call_sid").GetString()!;
    }

    public static object Driver(int driverId, string phoneNumber) => new
    {
        driverId,
        driverName = $"Driver {driverId}",
        phoneNumber,
        customRules = "",
        violations = new { tripId = $"trip_{driverId}", violationDetails = new[] { new { type = "temperature", description = "Temperature out of range" } } },
    };

    public static async Task<JsonElement> WaitForCallAsync(HttpClient http, Uri calls, string callSid, string status)
    {
        JsonElement call = default;
        await Readiness.WaitAsync(
            async token =>
            {
                call = await http.GetFromJsonAsync<JsonElement>(new Uri(calls, $"/calls/{Uri.EscapeDataString(callSid)}"), token);
                return call.GetProperty("status").GetString() == status ? null : $"{callSid} is {call.GetProperty("status")}";
            },
            TimeSpan.FromSeconds(90),
            TimeSpan.FromMilliseconds(250));
        return call;
    }

    public static async Task WaitUntilGoneAsync(IEnumerable<int> processes)
    {
        var pids = processes.ToList();
        try
        {
            await Readiness.WaitAsync(() => pids.Any(ProcessTree.IsRunning) ? "still running" : null, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"still running: {string.Join(", ", pids.Where(ProcessTree.IsRunning).Select(pid => $"{pid} {CommandLineOf(pid)}"))}");
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(DataDirectory))
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
    }

    private static string CommandLineOf(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ');
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }
}

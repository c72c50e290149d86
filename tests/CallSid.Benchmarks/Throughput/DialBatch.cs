using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallSid.Benchmarks.Throughput;

/// <summary>
/// 1,000 drivers placed through the Calls API against the emulator: 10 requests of 100 drivers (the API's maximum),
/// sent at once. Each dial occupies the emulator's answer delay, so the emulator's received-call timestamps show how
/// many dials were in flight.
/// </summary>
public static class DialBatch
{
    public const int Requests = 10;
    public const int DriversPerRequest = 100;

    public sealed record Result(TimeSpan Wall, int Placed, int Failed, double MeanInFlight, int PeakInFlight, double DialsPerSecond);

    public static async Task<Result> PlaceAsync(SystemUnderTest system, TimeSpan answerDelay, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
        var timestamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ");
        var since = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        var answers = await Task.WhenAll(Enumerable.Range(0, Requests).Select(async request =>
        {
            var drivers = Enumerable.Range(request * DriversPerRequest + 1, DriversPerRequest).Select(Driver).ToArray();
            using var response = await http.PostAsJsonAsync(new Uri(system.Calls, "/driver_data/call-elevenlabs"), new { callType = "violation", timestamp, drivers }, cancellationToken);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return body.RootElement.TryGetProperty("succeeded", out var succeeded) ? succeeded.GetInt32() : 0;
        }));
        var wall = clock.Elapsed;

        using var received = JsonDocument.Parse(await http.GetStringAsync(new Uri(system.Emulator, "/emulator/calls"), cancellationToken));
        var dials = received.RootElement.EnumerateArray()
            .Select(call => (call.TryGetProperty("receivedAt", out var at) ? at : call.GetProperty("received_at")).GetDateTimeOffset())
            .Where(at => at >= since)
            .Order()
            .ToList();
        var span = dials.Count == 0 ? TimeSpan.Zero : dials[^1] + answerDelay - dials[0];
        var placed = answers.Sum();
        return new Result(
            wall, placed, Requests * DriversPerRequest - placed,
            span > TimeSpan.Zero ? dials.Count * answerDelay.TotalSeconds / span.TotalSeconds : 0,
            PeakOverlap(dials, answerDelay),
            dials.Count / wall.TotalSeconds);
    }

    private static object Driver(int driverId) => new
    {
        driverId,
        driverName = $"Bench Driver {driverId}",
        phoneNumber = $"+15559{driverId:0000}22", // never ends in 0000 or 0001, the emulator's failing numbers
        customRules = string.Empty,
        violations = new { tripId = $"trip_{driverId}", violationDetails = new[] { new { type = "temperature", description = "Temperature out of range" } } },
    };

    /// <summary>Most dials in flight at once, each taken to last from its arrival for the emulator's answer delay.</summary>
    private static int PeakOverlap(List<DateTimeOffset> starts, TimeSpan length)
    {
        int peak = 0, first = 0;
        for (var i = 0; i < starts.Count; i++)
        {
            while (starts[first] + length <= starts[i])
            {
                first++;
            }

            peak = Math.Max(peak, i - first + 1);
        }

        return peak;
    }
}

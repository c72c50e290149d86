namespace CallSid.Dashboard.Telemetry;

/// <summary>
/// Webhook deliveries per minute by webhook and outcome, from the edge's counter <c>callsid.webhook.deliveries</c>
/// (<c>callsid.webhook</c> = transcription | post_call, <c>http.response.status_code</c>). Kept apart from the
/// metric store's point limit, so the last hour is always there; cumulative points are turned into deltas here.
/// </summary>
public sealed class WebhookDeliveryTracker(TimeProvider time)
{
    public const string InstrumentName = "callsid.webhook.deliveries";
    public const string WebhookAttribute = "callsid.webhook";
    public const string StatusCodeAttribute = "http.response.status_code";

    /// <summary>The outcomes the panel shows by name; any other status is "other".</summary>
    public static readonly IReadOnlyList<string> Outcomes = ["201", "200", "400", "401", "413", "429", "503", "other"];

    private static readonly TimeSpan Kept = TimeSpan.FromMinutes(60);

    private readonly Lock _lock = new();
    private readonly Dictionary<(TelemetryResource, string SeriesKey), NumberPoint> _previous = [];
    private readonly SortedDictionary<long, Dictionary<(string Webhook, string Outcome), double>> _minutes = [];

    public void Add(ReceivedMetricPoint received)
    {
        if (received.Name != InstrumentName || received.Point is not NumberPoint point)
        {
            return;
        }

        var webhook = Find(received.Attributes, WebhookAttribute) ?? "unknown";
        var outcome = Find(received.Attributes, StatusCodeAttribute) is { } status && Outcomes.Contains(status) ? status : "other";
        var minute = point.TimeUnixNano / 1_000_000_000 / 60;

        lock (_lock)
        {
            double delta;
            if (!received.IsCumulative)
            {
                delta = point.Value;
            }
            else
            {
                var key = (received.Resource, received.SeriesKey);
                // A new start time or a smaller value is a restarted process: its value counts from zero again.
                delta = _previous.TryGetValue(key, out var previous) && previous.StartUnixNano == point.StartUnixNano && point.Value >= previous.Value
                    ? point.Value - previous.Value
                    : point.Value;
                _previous[key] = point;
            }

            if (delta <= 0)
            {
                return;
            }

            if (!_minutes.TryGetValue(minute, out var counts))
            {
                _minutes[minute] = counts = [];
            }

            counts[(webhook, outcome)] = counts.GetValueOrDefault((webhook, outcome)) + delta;
            var oldest = (time.GetUtcNow() - Kept).ToUnixTimeSeconds() / 60;
            while (_minutes.Count > 0 && _minutes.First().Key < oldest)
            {
                _minutes.Remove(_minutes.First().Key);
            }
        }
    }

    /// <summary>The last <paramref name="minutes"/> whole minutes up to now, oldest first, with zeroes where nothing came.</summary>
    public IReadOnlyList<WebhookMinute> LastMinutes(int minutes)
    {
        var current = time.GetUtcNow().ToUnixTimeSeconds() / 60;
        var result = new List<WebhookMinute>(minutes);
        lock (_lock)
        {
            for (var minute = current - minutes + 1; minute <= current; minute++)
            {
                var counts = _minutes.TryGetValue(minute, out var found)
                    ? found.ToDictionary(c => c.Key, c => c.Value)
                    : [];
                result.Add(new WebhookMinute(DateTimeOffset.FromUnixTimeSeconds(minute * 60), counts));
            }
        }

        return result;
    }

    private static string? Find(KeyValuePair<string, string>[] attributes, string key)
    {
        foreach (var attribute in attributes)
        {
            if (attribute.Key == key)
            {
                return attribute.Value;
            }
        }

        return null;
    }
}

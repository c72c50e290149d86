using CallSid.Dashboard.Contracts;
using CallSid.Dashboard.Resources;
using CallSid.Dashboard.Telemetry;

namespace CallSid.Dashboard.Queries;

/// <summary>Structured logs, newest first, filtered as a person filters them on the page.</summary>
public sealed class LogQuery(LogStore store, ResourceCatalog catalog)
{
    public const int DefaultLimit = 200;
    public const int MaxLimit = 5_000;

    public LogsResponse Find(LogFilter filter)
    {
        var names = catalog.TelemetryNames();
        var resource = ResourceCatalog.Filter(filter.Resource, names);
        var minimum = LogLevels.MinimumSeverity(filter.MinLevel) ?? 0;
        var entries = store.Snapshot();
        var matches = new List<LogEntry>();
        var total = 0;
        for (var i = entries.Length - 1; i >= 0; i--)
        {
            var entry = entries[i];
            if (entry.SeverityNumber < minimum || !resource(entry.Resource) || !MatchesCall(entry, filter)
                || (filter.TraceId is not null && !string.Equals(entry.TraceId, filter.TraceId, StringComparison.OrdinalIgnoreCase))
                || (!string.IsNullOrEmpty(filter.Text) && !ContainsText(entry, filter.Text)))
            {
                continue;
            }

            total++;
            if (matches.Count < filter.Limit)
            {
                matches.Add(entry);
            }
        }

        return new LogsResponse(total, matches.Select(e => ToItem(e, names)).ToList());
    }

    public static LogItem ToItem(LogEntry entry, IReadOnlyDictionary<TelemetryResource, string> names)
    {
        var exceptionType = entry.Attribute("exception.type");
        var exceptionMessage = entry.Attribute("exception.message");
        var stacktrace = entry.Attribute("exception.stacktrace");
        var exception = exceptionType is null && exceptionMessage is null && stacktrace is null
            ? null
            : new ExceptionItem(exceptionType, exceptionMessage, stacktrace);
        return new LogItem(
            entry.Sequence,
            DateTimeOffset.FromUnixTimeMilliseconds(entry.TimeUnixNano / 1_000_000),
            names.GetValueOrDefault(entry.Resource, entry.Resource.ServiceName),
            LogLevels.Name(entry.SeverityNumber),
            entry.SeverityNumber,
            entry.Category,
            entry.Message,
            Attributes.ToDictionary(entry.Attributes),
            exception,
            entry.TraceId,
            entry.SpanId,
            entry.Attribute(TelemetryFields.CallSid));
    }

    private static bool MatchesCall(LogEntry entry, LogFilter filter)
    {
        if (filter.CallSid is null && filter.ConversationId is null)
        {
            return true;
        }

        return (filter.CallSid is not null && entry.Attribute(TelemetryFields.CallSid) == filter.CallSid)
            || (filter.ConversationId is not null && entry.Attribute(TelemetryFields.ConversationId) == filter.ConversationId);
    }

    private static bool ContainsText(LogEntry entry, string text) =>
        entry.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Category.Contains(text, StringComparison.OrdinalIgnoreCase)
        || entry.Attributes.Any(a => a.Value.Contains(text, StringComparison.OrdinalIgnoreCase));
}

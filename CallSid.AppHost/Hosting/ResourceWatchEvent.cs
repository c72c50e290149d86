using System.Text.Json.Serialization;

namespace CallSid.AppHost.Hosting;

/// <summary>One event of <c>GET /resources/watch</c>: the whole list first (<c>snapshot</c>), then each change (<c>upsert</c>).</summary>
public sealed record ResourceWatchEvent(
    string Type,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ResourceSnapshot>? Resources,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ResourceSnapshot? Resource);

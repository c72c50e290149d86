using System.Text.Json.Nodes;
using Google.Protobuf;

namespace CallSid.Dashboard.Otlp;

/// <summary>
/// OTLP/JSON: the protobuf JSON mapping, except that trace and span ids are hex (the mapping says base64). Ids are
/// rewritten to base64 before Google.Protobuf's parser reads the message; unknown fields are ignored, as the
/// specification requires of receivers.
/// </summary>
public static class OtlpJson
{
    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal)
    {
        "traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id",
    };

    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));

    public static T Parse<T>(ReadOnlySpan<byte> utf8Json) where T : IMessage<T>, new()
    {
        var root = JsonNode.Parse(utf8Json) ?? throw new FormatException("The body is JSON null.");
        RewriteIds(root);
        return Parser.Parse<T>(root.ToJsonString());
    }

    private static void RewriteIds(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    if (value is JsonValue text && IdFields.Contains(name) && text.TryGetValue<string>(out var hex))
                    {
                        obj[name] = HexToBase64(hex);
                    }
                    else if (value is not null)
                    {
                        RewriteIds(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    if (item is not null)
                    {
                        RewriteIds(item);
                    }
                }

                break;
        }
    }

    private static string HexToBase64(string hex)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new FormatException($"'{hex}' is not a hex trace or span id.");
        }
    }
}

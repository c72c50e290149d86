using System.Text;
using System.Text.Json.Nodes;

namespace CallSid.Transcripts.Tests.Fuzzing;

/// <summary>
/// Malformed variations of a valid JSON body, from a seeded random source (the same seed, the same requests): a field's
/// value swapped for something hostile, a field removed or doubled, junk added, the text cut short, invalid UTF-8 or a
/// BOM spliced in, or a content type that is not UTF-8 JSON.
/// </summary>
public sealed class MalformedRequestGenerator(int seed)
{
    /// <summary>Values that broke or could break a parser, a validator, a database or a log line.</summary>
    private static readonly Func<Random, JsonNode?>[] HostileValues =
    [
        _ => null,
        _ => JsonValue.Create(0),
        _ => JsonValue.Create(-1),
        _ => JsonValue.Create(long.MaxValue),
        _ => JsonValue.Create(1e308),
        _ => JsonValue.Create(true),
        _ => new JsonArray(),
        _ => new JsonObject { ["nested"] = new JsonArray(1, "two", null) },
        _ => JsonValue.Create(""),
        _ => JsonValue.Create("   "),
        _ => JsonValue.Create("\0"),
        _ => JsonValue.Create("a\0b"),
        _ => JsonValue.Create("\ud800"),
        _ => JsonValue.Create("x\udc00\ud800y"),
        _ => JsonValue.Create("2024-11-21T10:00:00Z\n"),
        _ => JsonValue.Create(" 2024-11-21T10:00:00Z"),
        _ => JsonValue.Create("0001-01-01T00:00:00Z"),
        _ => JsonValue.Create("9999-12-31T23:59:59.9999999Z"),
        _ => JsonValue.Create("2024-13-45T25:61:61Z"),
        _ => JsonValue.Create("'; DROP TABLE calls; --"),
        _ => JsonValue.Create("../../etc/passwd"),
        _ => JsonValue.Create("EL_1_x\r\nInjected: header"),
        _ => JsonValue.Create("🚚 ÜNİCÖDE ‮reversed"),
        random => JsonValue.Create(new string('x', random.Next(300, 12_000))),
        random => JsonValue.Create(random.Next().ToString()),
        _ => JsonValue.Create("NaN"),
    ];

    private readonly Random _random = new(seed);

    /// <summary>One malformed request body for <paramref name="template"/>, with the content type to send it with.</summary>
    public (byte[] Body, string ContentType) Next(string template)
    {
        var roll = _random.Next(100);
        return roll switch
        {
            < 55 => (Encoding.UTF8.GetBytes(MutateFields(template)), "application/json"),
            < 65 => (Cut(Encoding.UTF8.GetBytes(template)), "application/json"),
            < 73 => (SpliceInvalidUtf8(Encoding.UTF8.GetBytes(template)), "application/json"),
            < 78 => ([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(template)], "application/json"),
            < 85 => (Encoding.UTF8.GetBytes(template), Pick(UnreadableContentTypes)),
            < 90 => (Encoding.UTF8.GetBytes(Nest(_random.Next(50, 2_000))), "application/json"),
            < 95 => (Encoding.UTF8.GetBytes(Pick(NotObjects)), "application/json"),
            _ => (Garbage(), "application/json"),
        };
    }

    private static readonly string[] UnreadableContentTypes =
    [
        "application/json; charset=nonsense", "application/json; charset=utf-16", "application/json; charset=iso-8859-1",
        "text/plain", "application/x-www-form-urlencoded", "application/xml", "multipart/form-data; boundary=x",
    ];

    private static readonly string[] NotObjects = ["", " ", "null", "[]", "[{}]", "42", "\"text\"", "true", "{}", "{\"\":{}}"];

    private string MutateFields(string template)
    {
        var root = JsonNode.Parse(template)!;
        var mutations = _random.Next(1, 4);
        for (var i = 0; i < mutations; i++)
        {
            var fields = Fields(root).ToList();
            if (fields.Count == 0)
            {
                break; // every field is gone already
            }

            var (parent, key) = fields[_random.Next(fields.Count)];
            switch (_random.Next(10))
            {
                case < 6:
                    Set(parent, key, Pick(HostileValues)(_random));
                    break;
                case < 8:
                    Remove(parent, key);
                    break;
                default:
                    if (parent is JsonObject obj)
                    {
                        obj[$"unexpected_{_random.Next(1000)}"] = Pick(HostileValues)(_random);
                    }

                    break;
            }
        }

        var json = root.ToJsonString();
        // A duplicated key, which JsonNode cannot hold: spliced into the text.
        return _random.Next(10) == 0 && json.StartsWith('{') && json.Length > 2 ? "{\"a\":1,\"a\":2," + json[1..] : json;
    }

    /// <summary>Every (container, key or index) pair in the document, the root's members included.</summary>
    private static IEnumerable<(JsonNode Parent, object Key)> Fields(JsonNode node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj.ToList())
                {
                    yield return (obj, name);
                    if (value is not null)
                    {
                        foreach (var inner in Fields(value))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    yield return (array, i);
                    if (array[i] is { } item)
                    {
                        foreach (var inner in Fields(item))
                        {
                            yield return inner;
                        }
                    }
                }

                break;
        }
    }

    private static void Set(JsonNode parent, object key, JsonNode? value)
    {
        if (parent is JsonObject obj)
        {
            obj[(string)key] = value;
        }
        else
        {
            ((JsonArray)parent)[(int)key] = value;
        }
    }

    private static void Remove(JsonNode parent, object key)
    {
        if (parent is JsonObject obj)
        {
            obj.Remove((string)key);
        }
        else
        {
            ((JsonArray)parent).RemoveAt((int)key);
        }
    }

    private byte[] Cut(byte[] body) => body[.._random.Next(0, body.Length)];

    private byte[] SpliceInvalidUtf8(byte[] body)
    {
        byte[][] invalid = [[0xC3, 0x28], [0xFF], [0xED, 0xA0, 0x80], [0xF0, 0x28, 0x8C, 0x28], [0x80]];
        var at = _random.Next(1, body.Length);
        return [.. body[..at], .. Pick(invalid), .. body[at..]];
    }

    private byte[] Garbage()
    {
        var bytes = new byte[_random.Next(1, 512)];
        _random.NextBytes(bytes);
        return bytes;
    }

    private static string Nest(int depth) => new string('[', depth) + new string(']', depth);

    private T Pick<T>(T[] items) => items[_random.Next(items.Length)];
}

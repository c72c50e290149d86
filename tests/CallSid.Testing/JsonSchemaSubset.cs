using System.Globalization;
using System.Text.Json;

namespace CallSid.Testing;

/// <summary>
/// Validates JSON against the part of JSON Schema (2020-12, as OpenAPI 3.1 uses it) that ASP.NET Core's OpenAPI
/// generator emits: type (one or several), properties, required, items, enum, oneOf/anyOf/allOf, $ref to components,
/// and the date-time format. Our feed has no JSON Schema library whose dependencies restore, hence this one.
/// </summary>
public sealed class JsonSchemaSubset(JsonElement document)
{
    /// <summary>Every way <paramref name="value"/> breaks <paramref name="schema"/>, with its JSON path; empty when it conforms.</summary>
    public List<string> Validate(JsonElement schema, JsonElement value, string path = "$")
    {
        var problems = new List<string>();
        Check(schema, value, path, problems);
        return problems;
    }

    private void Check(JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(Resolve(reference.GetString()!), value, path, problems);
            return;
        }

        if (schema.TryGetProperty("allOf", out var allOf))
        {
            foreach (var part in allOf.EnumerateArray())
            {
                Check(part, value, path, problems);
            }
        }

        if (schema.TryGetProperty("anyOf", out var any) && any.EnumerateArray().All(alternative => Validate(alternative, value, path).Count > 0))
        {
            problems.Add($"{path}: matches none of the anyOf alternatives");
        }

        if (schema.TryGetProperty("oneOf", out var one))
        {
            var matches = one.EnumerateArray().Count(alternative => Validate(alternative, value, path).Count == 0);
            if (matches != 1)
            {
                problems.Add($"{path}: matches {matches} of the oneOf alternatives; exactly one must match");
            }
        }

        if (schema.TryGetProperty("type", out var type) && !Types(type).Any(t => IsOfType(value, t)))
        {
            problems.Add($"{path}: {value.ValueKind} is not {string.Join(" or ", Types(type))}");
            return;
        }

        if (schema.TryGetProperty("enum", out var allowed) && !allowed.EnumerateArray().Any(option => JsonElement.DeepEquals(option, value)))
        {
            problems.Add($"{path}: {value.GetRawText()} is not one of {allowed.GetRawText()}");
        }

        if (value.ValueKind == JsonValueKind.String && schema.TryGetProperty("format", out var format) && format.GetString() == "date-time"
            && !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
        {
            problems.Add($"{path}: '{value.GetString()}' is not a date-time");
        }

        if (value.ValueKind == JsonValueKind.Object)
        {
            CheckObject(schema, value, path, problems);
        }

        if (value.ValueKind == JsonValueKind.Array && schema.TryGetProperty("items", out var items))
        {
            var index = 0;
            foreach (var item in value.EnumerateArray())
            {
                Check(items, item, $"{path}[{index++}]", problems);
            }
        }
    }

    private void CheckObject(JsonElement schema, JsonElement value, string path, List<string> problems)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(n => n.GetString()!))
            {
                if (!value.TryGetProperty(name, out _))
                {
                    problems.Add($"{path}: required property '{name}' is missing");
                }
            }
        }

        var properties = schema.TryGetProperty("properties", out var declared) ? declared : default;
        foreach (var property in value.EnumerateObject())
        {
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var propertySchema))
            {
                Check(propertySchema, property.Value, $"{path}.{property.Name}", problems);
            }
            else if (schema.TryGetProperty("additionalProperties", out var additional) && additional.ValueKind == JsonValueKind.False)
            {
                problems.Add($"{path}: property '{property.Name}' is not in the schema");
            }
        }
    }

    private JsonElement Resolve(string reference)
    {
        const string prefix = "#/components/schemas/";
        if (!reference.StartsWith(prefix, StringComparison.Ordinal))
        {
            throw new NotSupportedException($"Only component references are supported, not {reference}.");
        }

        return document.GetProperty("components").GetProperty("schemas").GetProperty(reference[prefix.Length..]);
    }

    private static IEnumerable<string> Types(JsonElement type) =>
        type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()!) : [type.GetString()!];

    private static bool IsOfType(JsonElement value, string type) => type switch
    {
        "object" => value.ValueKind == JsonValueKind.Object,
        "array" => value.ValueKind == JsonValueKind.Array,
        "string" => value.ValueKind == JsonValueKind.String,
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "null" => value.ValueKind == JsonValueKind.Null,
        "number" => value.ValueKind == JsonValueKind.Number,
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out _),
        _ => throw new NotSupportedException($"JSON Schema type {type}"),
    };
}

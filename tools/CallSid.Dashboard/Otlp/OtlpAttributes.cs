using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using CallSid.Dashboard.Configuration;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Common.V1;

namespace CallSid.Dashboard.Otlp;

/// <summary>
/// Turns OTLP attributes into the compact form the stores keep (key and text value), applying
/// <c>MaxAttributeCount</c> and <c>MaxAttributeLength</c>. Keys repeat endlessly, so they are shared (interned).
/// </summary>
public sealed class OtlpAttributes(IOptions<DashboardOptions> options)
{
    private const int MaxInternedKeys = 20_000;

    private readonly int _maxCount = options.Value.TelemetryLimits.MaxAttributeCount;
    private readonly int _maxLength = options.Value.TelemetryLimits.MaxAttributeLength;
    private readonly ConcurrentDictionary<string, string> _interned = new(StringComparer.Ordinal);

    public int MaxCount => _maxCount;

    public int MaxLength => _maxLength;

    public KeyValuePair<string, string>[] Convert(RepeatedField<KeyValue> source, IngestCounters counters)
    {
        if (source.Count == 0)
        {
            return [];
        }

        var count = Math.Min(source.Count, _maxCount);
        counters.DroppedAttributes += source.Count - count;
        var attributes = new KeyValuePair<string, string>[count];
        for (var i = 0; i < count; i++)
        {
            attributes[i] = new KeyValuePair<string, string>(Intern(source[i].Key), ToText(source[i].Value, counters));
        }

        return attributes;
    }

    /// <summary>A shared instance of a string that repeats (attribute keys, scope names, span names).</summary>
    public string Intern(string value)
    {
        if (value.Length > 256)
        {
            return value;
        }

        if (_interned.TryGetValue(value, out var shared))
        {
            return shared;
        }

        return _interned.Count < MaxInternedKeys ? _interned.GetOrAdd(value, value) : value;
    }

    /// <summary>An attribute value as text: strings as they are (cut to the limit), others in their JSON form.</summary>
    public string ToText(AnyValue? value, IngestCounters counters)
    {
        var text = value?.ValueCase switch
        {
            null or AnyValue.ValueOneofCase.None => string.Empty,
            AnyValue.ValueOneofCase.StringValue => value.StringValue,
            AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
            AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString("R", CultureInfo.InvariantCulture),
            AnyValue.ValueOneofCase.BytesValue => System.Convert.ToBase64String(value.BytesValue.Span),
            _ => ToJson(value),
        };

        if (text.Length <= _maxLength)
        {
            return text;
        }

        counters.TruncatedValues++;
        return text[.._maxLength];
    }

    private static string ToJson(AnyValue value)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void Write(Utf8JsonWriter writer, AnyValue? value)
    {
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue: writer.WriteStringValue(value.StringValue); break;
            case AnyValue.ValueOneofCase.BoolValue: writer.WriteBooleanValue(value.BoolValue); break;
            case AnyValue.ValueOneofCase.IntValue: writer.WriteNumberValue(value.IntValue); break;
            case AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue): writer.WriteNumberValue(value.DoubleValue); break;
            case AnyValue.ValueOneofCase.DoubleValue: writer.WriteStringValue(value.DoubleValue.ToString(CultureInfo.InvariantCulture)); break;
            case AnyValue.ValueOneofCase.BytesValue: writer.WriteBase64StringValue(value.BytesValue.Span); break;
            case AnyValue.ValueOneofCase.ArrayValue:
                writer.WriteStartArray();
                foreach (var item in value.ArrayValue.Values)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                writer.WriteStartObject();
                foreach (var item in value.KvlistValue.Values)
                {
                    writer.WritePropertyName(item.Key);
                    Write(writer, item.Value);
                }

                writer.WriteEndObject();
                break;
            default: writer.WriteNullValue(); break;
        }
    }
}

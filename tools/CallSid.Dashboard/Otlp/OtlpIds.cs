using Google.Protobuf;

namespace CallSid.Dashboard.Otlp;

/// <summary>Trace and span ids: bytes on the wire, lower-case hex in the dashboard.</summary>
public static class OtlpIds
{
    /// <summary>Hex of a valid id (exactly <paramref name="length"/> bytes, not all zero), else null.</summary>
    public static string? ToHex(ByteString id, int length)
    {
        var bytes = id.Span;
        return bytes.Length == length && bytes.ContainsAnyExcept((byte)0) ? System.Convert.ToHexStringLower(bytes) : null;
    }
}

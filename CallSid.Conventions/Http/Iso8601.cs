using System.Globalization;
using System.Text.RegularExpressions;

namespace CallSid.Conventions.Http;

/// <summary>
/// ISO 8601 timestamps as our contracts accept them (what the seed's <c>datetime.fromisoformat</c> accepted):
/// <c>2024-11-21</c>, <c>2024-11-21T10:30:00Z</c>, <c>2024-11-21 10:30:00.123+02:00</c>. No offset means UTC.
/// </summary>
public static partial class Iso8601
{
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrWhiteSpace(text) || !Shape().IsMatch(text))
        {
            return false;
        }

        return DateTimeOffset.TryParse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal,
            out value);
    }

    // \A and \z, not ^ and $: "$" also matches before a final newline, and "2024-11-21T10:00:00Z\n" is not a timestamp.
    [GeneratedRegex(@"\A\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:?\d{2})?)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex Shape();
}

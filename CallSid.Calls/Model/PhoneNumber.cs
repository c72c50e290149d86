namespace CallSid.Calls.Model;

/// <summary>
/// Phone numbers to E.164 (<c>+</c>, country code, subscriber number; at most 15 digits). A small rule set of our own:
/// our package feed has no libphonenumber. US numbers without a country code get +1.
/// </summary>
public static partial class PhoneNumber
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15;

    public static bool TryNormalizeToE164(string? raw, out string e164)
    {
        e164 = string.Empty;
        if (string.IsNullOrWhiteSpace(raw))
        {
            return false;
        }

        var text = raw.Trim();
        var international = text.StartsWith('+');
        if (text.StartsWith("00", StringComparison.Ordinal))
        {
            international = true; // the international call prefix used outside North America
            text = text[2..];
        }

        var digits = new System.Text.StringBuilder();
        foreach (var c in international && text.StartsWith('+') ? text[1..] : text)
        {
            if (char.IsAsciiDigit(c))
            {
                digits.Append(c);
            }
            else if (c is not (' ' or '-' or '.' or '(' or ')'))
            {
                return false; // letters, extensions, a second '+'
            }
        }

        var number = digits.ToString();
        if (!international)
        {
            number = number.Length switch
            {
                10 when number[0] is >= '2' and <= '9' => "1" + number,      // US area code first
                11 when number[0] == '1' && number[1] is >= '2' and <= '9' => number,
                _ => string.Empty,
            };
        }

        if (number.Length is < MinDigits or > MaxDigits || number[0] == '0')
        {
            return false;
        }

        e164 = "+" + number;
        return true;
    }

    /// <summary>For logs: enough to recognise a number, not enough to call it.</summary>
    public static string Mask(string e164) => e164.Length <= 6 ? "***" : $"{e164[..4]}***{e164[^2..]}";

    /// <summary>Masks every phone-number-like run of digits in <paramref name="text"/> (ElevenLabs' messages quote them).</summary>
    public static string MaskAll(string text) => PhoneLike().Replace(text, match => Mask(match.Value));

    [System.Text.RegularExpressions.GeneratedRegex(@"\+?\d{8,15}")]
    private static partial System.Text.RegularExpressions.Regex PhoneLike();
}

using System.Text.RegularExpressions;
using PhoneNumbers;

namespace CallSid.Calls.Model;

/// <summary>
/// Phone numbers to E.164 with libphonenumber (Google's metadata, every country). A number without a country code is
/// read as North American (+1), which covers the US and Canada; Mexico and the rest need their + or 00 prefix.
/// </summary>
public static partial class PhoneNumber
{
    private static readonly PhoneNumberUtil Numbers = PhoneNumberUtil.GetInstance();

    public static bool TryNormalizeToE164(string? raw, out string e164)
    {
        e164 = string.Empty;
        // libphonenumber would read letters as a vanity number and "x12" as an extension; ElevenLabs can dial neither.
        if (string.IsNullOrWhiteSpace(raw) || !Dialable().IsMatch(raw))
        {
            return false;
        }

        var text = raw.Trim();
        // 00 is the international prefix outside North America; libphonenumber only knows it per region.
        text = text.StartsWith("00", StringComparison.Ordinal) ? "+" + text[2..] : text;
        PhoneNumbers.PhoneNumber number;
        try
        {
            number = Numbers.Parse(text, "US");
        }
        catch (NumberParseException)
        {
            return false;
        }

        if (number.HasExtension || !Numbers.IsPossibleNumber(number) || !IsDiallable(number))
        {
            return false;
        }

        e164 = Numbers.Format(number, PhoneNumberFormat.E164);
        return true;
    }

    /// <summary>For logs: enough to recognise a number, not enough to call it.</summary>
    public static string Mask(string e164) => e164.Length <= 6 ? "***" : $"{e164[..4]}***{e164[^2..]}";

    /// <summary>Masks every phone-number-like run of digits in <paramref name="text"/> (ElevenLabs' messages quote them).</summary>
    public static string MaskAll(string text) => PhoneLike().Replace(text, match => Mask(match.Value));

    /// <summary>
    /// North American numbers only need a possible area code (2-9 first): libphonenumber's full validation rejects the
    /// 555 exchange that test and demo numbers use. Elsewhere the number must be valid for its country.
    /// </summary>
    private static bool IsDiallable(PhoneNumbers.PhoneNumber number) => number.CountryCode == 1
        ? number.NationalNumber.ToString(System.Globalization.CultureInfo.InvariantCulture) is [>= '2' and <= '9', ..] national && national.Length == 10
        : Numbers.IsValidNumber(number);

    [GeneratedRegex(@"^\s*\+?[\d\s\-.()]+$")]
    private static partial Regex Dialable();

    [GeneratedRegex(@"\+?\d{8,15}")]
    private static partial Regex PhoneLike();
}

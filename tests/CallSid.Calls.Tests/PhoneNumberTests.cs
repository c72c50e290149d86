using CallSid.Calls.Model;

namespace CallSid.Calls.Tests;

public sealed class PhoneNumberTests
{
    [Theory]
    [InlineData("+15551234567", "+15551234567")]
    [InlineData("+1 (555) 123-4567", "+15551234567")]
    [InlineData("(555) 123-4567", "+15551234567")]
    [InlineData("555.123.4567", "+15551234567")]
    [InlineData("15551234567", "+15551234567")]
    [InlineData("1-555-123-4567", "+15551234567")]
    [InlineData("+44 20 7946 0958", "+442079460958")]
    [InlineData("0044 20 7946 0958", "+442079460958")]
    [InlineData("(416) 555-0123", "+14165550123")]        // Toronto: Canada shares +1
    [InlineData("+1 604 555 0199", "+16045550199")]       // Vancouver
    [InlineData("+52 55 1234 5678", "+525512345678")]     // Mexico City
    [InlineData("0052 81 8123 4567", "+528181234567")]    // Monterrey, with the 00 prefix
    public void Normalises_to_E164(string raw, string expected)
    {
        Assert.True(PhoneNumber.TryNormalizeToE164(raw, out var e164));
        Assert.Equal(expected, e164);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567890")]            // a US area code never starts with 1
    [InlineData("+0123456789")]           // no country code starts with 0
    [InlineData("+1234567890123456")]     // 16 digits: longer than E.164 allows
    [InlineData("555-123-4567 x12")]      // extensions cannot be dialled by ElevenLabs
    [InlineData("++15551234567")]
    [InlineData("555-CALL-NOW")]
    [InlineData("442079460958")]          // 12 digits without + is not a US number and names no country
    [InlineData("+52 55 1234")]           // too short for Mexico
    [InlineData("+1 055 123 4567")]       // no North American area code starts with 0
    public void Rejects_what_is_not_a_phone_number(string raw) =>
        Assert.False(PhoneNumber.TryNormalizeToE164(raw, out _));

    [Fact]
    public void Masks_numbers_for_logs() => Assert.Equal("+155***67", PhoneNumber.Mask("+15551234567"));
}

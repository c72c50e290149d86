using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CallSid.Edge.Webhooks;

namespace CallSid.Edge.Tests;

/// <summary>ElevenLabs-Signature on the post-call webhook, checked at the edge on the exact bytes.</summary>
public sealed class PostCallSignatureTests(EdgeWithRecordingBackends system) : IClassFixture<EdgeWithRecordingBackends>
{
    private const string Path = "/webhooks/elevenlabs/post-call";

    [Fact]
    public async Task A_valid_signature_passes_and_the_exact_bytes_reach_Calls()
    {
        var body = Event();
        using var response = await SendAsync(body, Sign(EdgeWithRecordingBackends.PostCallSecret, Now(), body));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var forwarded = Assert.Single(system.Forwarded, f => Encoding.UTF8.GetString(f.Body) == body);
        Assert.Equal(("calls", Path), (forwarded.Service, forwarded.Path));
        Assert.False(forwarded.Headers.ContainsKey(ElevenLabsSignature.HeaderName));
    }

    [Fact]
    public async Task A_signature_a_little_ahead_of_our_clock_passes_more_than_five_minutes_ahead_does_not()
    {
        var body = Event();
        using var twoMinutesAhead = await SendAsync(body, Sign(EdgeWithRecordingBackends.PostCallSecret, Now() + 2 * 60, body));
        var later = Event();
        using var sixMinutesAhead = await SendAsync(later, Sign(EdgeWithRecordingBackends.PostCallSecret, Now() + 6 * 60, later));

        Assert.Equal(HttpStatusCode.Created, twoMinutesAhead.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, sixMinutesAhead.StatusCode);
        Assert.Equal("signature timestamp is in the future (6 minutes ahead; at most 5)",
            (await sixMinutesAhead.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("details").GetString());
    }

    public static TheoryData<string, string> Refusals => new()
    {
        { "wrong secret", "signature does not match the body" },
        { "stale", "signature is too old" },
        { "tampered body", "signature does not match the body" },
        { "missing header", "missing ElevenLabs-Signature header" },
        { "malformed header", "malformed signature" },
        { "not hex", "malformed signature: v0 is not hex" },
        { "future", "signature timestamp is in the future" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public async Task A_bad_signature_is_a_401_and_goes_nowhere(string kind, string reason)
    {
        var body = Event();
        var secret = EdgeWithRecordingBackends.PostCallSecret;
        var header = kind switch
        {
            "wrong secret" => Sign("another-secret", Now(), body),
            "stale" => Sign(secret, Now() - 31 * 60, body),
            "tampered body" => Sign(secret, Now(), body.Replace("\"done\"", "\"failed\"")),
            "missing header" => null,
            "malformed header" => "v0=abcdef",
            "not hex" => $"t={Now()},v0=zz",
            "future" => Sign(secret, Now() + 6 * 60, body),
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

        using var response = await SendAsync(body, header);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var error = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith(reason, error.GetProperty("details").GetString());
        Assert.DoesNotContain(system.Forwarded, f => Encoding.UTF8.GetString(f.Body).Contains(ConversationOf(body)));
    }

    [Fact]
    public void Verification_accepts_any_part_order_and_a_second_signature_during_secret_rotation()
    {
        var body = "{\"a\":1}"u8.ToArray();
        var now = DateTimeOffset.UtcNow;
        var t = now.ToUnixTimeSeconds().ToString();
        var good = Convert.ToHexStringLower(ElevenLabsSignature.Compute("s3cret", t, body));
        var other = Convert.ToHexStringLower(ElevenLabsSignature.Compute("old-secret", t, body));

        Assert.Null(ElevenLabsSignature.Verify($"v0={good},t={t}", body, "s3cret", now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)));
        Assert.Null(ElevenLabsSignature.Verify($"t={t},v0={other},v0={good}", body, "s3cret", now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)));
        Assert.NotNull(ElevenLabsSignature.Verify($"t={t},v0={other}", body, "s3cret", now, TimeSpan.FromMinutes(30), TimeSpan.FromMinutes(5)));
    }

    private Task<HttpResponseMessage> SendAsync(string body, string? signature)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, Path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (signature is not null)
        {
            request.Headers.TryAddWithoutValidation(ElevenLabsSignature.HeaderName, signature);
        }

        return system.Edge.CreateClient().SendAsync(request, TestContext.Current.CancellationToken);
    }

    internal static string Event() =>
        $$$"""{"type":"post_call_transcription","event_timestamp":{{{Now()}}},"data":{"conversation_id":"conv_{{{Guid.NewGuid():N}}}","status":"done"}}""";

    private static string ConversationOf(string body) => JsonDocument.Parse(body).RootElement.GetProperty("data").GetProperty("conversation_id").GetString()!;

    internal static long Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    internal static string Sign(string secret, long timestamp, string body) =>
        $"t={timestamp},v0={Convert.ToHexStringLower(ElevenLabsSignature.Compute(secret, timestamp.ToString(), Encoding.UTF8.GetBytes(body)))}";
}

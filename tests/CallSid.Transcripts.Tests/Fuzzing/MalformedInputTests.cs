using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CallSid.Edge.Webhooks;
using CallSid.Testing;

namespace CallSid.Transcripts.Tests.Fuzzing;

/// <summary>
/// Fuzzing in CI: over a thousand malformed requests, from a fixed seed, at every public and internal POST and PUT,
/// through the edge and straight to the services. None may answer 5xx, and none that is refused may change a row.
/// </summary>
public sealed class MalformedInputTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    private const int Seed = 20261121;
    private const int RequestsPerTarget = 200;

    [Fact]
    public async Task A_thousand_malformed_requests_get_no_5xx_and_the_refused_ones_write_nothing()
    {
        var (callSid, conversationId) = await system.PlaceCallAsync(9001);
        var (putCallSid, _) = await system.PlaceCallAsync(9002);
        var targets = Targets(callSid, conversationId!, putCallSid);
        var generator = new MalformedRequestGenerator(Seed);
        var problems = new List<string>();
        var tally = new SortedDictionary<string, int>();

        foreach (var target in targets)
        {
            for (var i = 0; i < RequestsPerTarget; i++)
            {
                var (body, contentType) = generator.Next(target.Template);
                var before = await DigestAsync();
                using var response = await target.SendAsync(body, contentType);
                var status = (int)response.StatusCode;
                tally[$"{target.Name} {status}"] = tally.GetValueOrDefault($"{target.Name} {status}") + 1;
                var shown = Encoding.UTF8.GetString(body.AsSpan(0, Math.Min(body.Length, 200)));
                if (status >= 500)
                {
                    problems.Add($"{target.Name} #{i} answered {status} to {contentType} {shown}: {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
                }
                else if (status >= 400 && await DigestAsync() != before)
                {
                    problems.Add($"{target.Name} #{i} answered {status} but changed a row: {contentType} {shown}");
                }
            }
        }

        TestContext.Current.TestOutputHelper?.WriteLine(string.Join('\n', tally.Select(t => $"{t.Key}: {t.Value}")));
        Assert.True(targets.Count * RequestsPerTarget >= 1000);
        Assert.Empty(problems);
    }

    private List<FuzzTarget> Targets(string callSid, string conversationId, string putCallSid)
    {
        var escaped = Uri.EscapeDataString(putCallSid);
        var turn = $$"""{"call_sid":"{{callSid}}","speaker":"agent","message":"a fuzzed turn","timestamp":"2024-11-21T10:30:00Z"}""";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var postCall = JsonSerializer.Serialize(new
        {
            type = "post_call_transcription",
            event_timestamp = now,
            data = new
            {
                conversation_id = conversationId,
                status = "done",
                metadata = new { start_time_unix_secs = now - 60, call_duration_secs = 60 },
                conversation_initiation_client_data = new { dynamic_variables = new { call_sid = callSid, driver_id = "9001" } },
            },
        });
        var batch = """
            {"callType":"violation","timestamp":"2024-11-21T11:00:00Z","drivers":[{"driverId":9003,"driverName":"Fuzz Driver",
            "phoneNumber":"+15557770123","customRules":"","violations":{"tripId":"trip_9003","violationDetails":[{"type":"speed","description":"Over the limit"}]}}]}
            """;
        var status = """{"status":"completed","call_end_time":"2030-11-21T10:04:10Z"}""";
        var recovery = JsonSerializer.Serialize(new
        {
            call_sid = callSid,
            conversation_start = "2024-11-21T10:30:00Z",
            turns = new object[]
            {
                new { role = "agent", message = "Hello from the transcript", time_in_call_secs = 1.5 },
                new { role = "user", message = "Yes, go ahead.", time_in_call_secs = 4 },
            },
        });

        var edge = system.Edge.CreateClient();
        var transcripts = system.Transcripts.CreateClient();
        var calls = system.Calls.CreateClient();
        return
        [
            new("edge POST transcription", edge, HttpMethod.Post, "/webhooks/elevenlabs/transcription", turn,
                request => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebhookSystem.TranscriptionToken)),
            new("edge POST post-call", edge, HttpMethod.Post, "/webhooks/elevenlabs/post-call", postCall, SignPostCall),
            new("transcripts POST transcription", transcripts, HttpMethod.Post, "/webhooks/elevenlabs/transcription", turn),
            new("transcripts POST recovery", transcripts, HttpMethod.Post, $"/conversations/{Uri.EscapeDataString(conversationId)}/transcript", recovery),
            new("calls POST batch", calls, HttpMethod.Post, "/driver_data/call-elevenlabs", batch),
            new("calls PUT status", calls, HttpMethod.Put, $"/calls/{escaped}/status", status),
            new("calls POST post-call", calls, HttpMethod.Post, "/webhooks/elevenlabs/post-call", postCall),
        ];
    }

    /// <summary>A valid signature over the malformed bytes, so they get past the edge and reach Calls.</summary>
    private static void SignPostCall(HttpRequestMessage request)
    {
        var body = request.Content!.ReadAsByteArrayAsync().GetAwaiter().GetResult();
        var t = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString();
        request.Headers.TryAddWithoutValidation(
            ElevenLabsSignature.HeaderName, $"t={t},v0={Convert.ToHexStringLower(ElevenLabsSignature.Compute(WebhookSystem.PostCallSecret, t, body))}");
    }

    /// <summary>Everything in both tables, hashed: any written, changed or deleted row changes it.</summary>
    private async Task<string> DigestAsync() => (string)(await Sql.ScalarAsync(system.ConnectionString, """
        SELECT md5(coalesce((SELECT string_agg(c::text, '|' ORDER BY c.id) FROM dev.calls c), ''))
            || md5(coalesce((SELECT string_agg(t::text, '|' ORDER BY t.id) FROM dev.call_transcriptions t), ''))
        """))!;

    private sealed record FuzzTarget(string Name, HttpClient Client, HttpMethod Method, string Path, string Template, Action<HttpRequestMessage>? Authenticate = null)
    {
        public Task<HttpResponseMessage> SendAsync(byte[] body, string contentType)
        {
            var request = new HttpRequestMessage(Method, Path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
            Authenticate?.Invoke(request);
            return Client.SendAsync(request, TestContext.Current.CancellationToken);
        }
    }
}

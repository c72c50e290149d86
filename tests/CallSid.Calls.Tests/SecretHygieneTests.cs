using System.Diagnostics;
using System.Net.Http.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

/// <summary>The ElevenLabs API key goes to ElevenLabs in one header and nowhere else: not into logs, not into traces.</summary>
public sealed class SecretHygieneTests(CallsServices services) : IClassFixture<CallsServices>
{
    [Fact]
    public async Task The_api_key_is_absent_from_logs_and_trace_attributes_even_at_trace_level()
    {
        var tagValues = new List<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                lock (tagValues)
                {
                    tagValues.Add(activity.DisplayName);
                    tagValues.AddRange(activity.TagObjects.Select(t => $"{t.Key}={t.Value}"));
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        var client = services.CreateClient();

        // A success and an ElevenLabs error; the refused key has its own test below.
        await client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(800)), TestContext.Current.CancellationToken);
        await client.PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(801, "+15557770000")), TestContext.Current.CancellationToken);

        Assert.Contains(services.Calls.Logs.Lines, line => line.Contains("xi-api-key", StringComparison.OrdinalIgnoreCase)); // the header was logged...
        Assert.DoesNotContain(CallsServices.ApiKey, services.Calls.Logs.All);                                                    // ...without its value
        lock (tagValues) // other tests' activities stop on other threads meanwhile
        {
            Assert.Contains(tagValues, tag => tag.StartsWith("url.full=", StringComparison.Ordinal));
            Assert.DoesNotContain(tagValues, tag => tag.Contains(CallsServices.ApiKey, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task A_refused_key_is_reported_without_the_key_itself()
    {
        const string wrongKey = "xi-not-the-emulators-key-5d1e";
        var settings = CallsServices.Settings(services.ConnectionString, services.Emulator.BaseAddress, wrongKey);
        await using var calls = new Testing.ServiceHost<CallsEntryPoint>(settings);

        var response = await calls.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(802)), TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("ElevenLabs refused the API key (401)", body);
        Assert.DoesNotContain(wrongKey, body);
        Assert.DoesNotContain(wrongKey, calls.Logs.All);
    }
}

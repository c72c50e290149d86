using System.Net.Http.Json;
using CallSid.AppHost.CallView;
using Microsoft.Extensions.DependencyInjection;

namespace CallSid.AppHost.Extensions;

/// <summary>The SRE's commands on the Calls resource in the Aspire dashboard.</summary>
public static class CallViewBuilderExtensions
{
    private const string HttpClientName = "callsid-call-view";

    /// <summary>"Look up a call": asks for a call_sid and shows its record, its transcript and links to its traces and logs.</summary>
    public static IResourceBuilder<ProjectResource> WithCallLookup(this IResourceBuilder<ProjectResource> calls, IResourceBuilder<ProjectResource> transcripts)
    {
        AddCallViewClient(calls);
        return calls.WithCommand("lookup-call", "Look up a call", async context =>
        {
            var callSid = context.Arguments["call_sid"].Value?.Trim() ?? "";
            var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
            var (found, markdown) = await CallReport.BuildAsync(http, new Uri(calls.GetEndpoint("http").Url),
                new Uri(transcripts.GetEndpoint("http").Url), callSid, context.CancellationToken);
            return found
                ? CommandResults.Success($"Call {callSid}", markdown, CommandResultFormat.Markdown, displayImmediately: true)
                : CommandResults.Failure($"No call {callSid}", markdown, CommandResultFormat.Markdown);
        }, new CommandOptions
        {
            Description = "Show one call: its record, its transcript in order, and its traces and logs",
            IconName = "Search",
            IsHighlighted = true,
            Arguments = [new InteractionInput { Name = "call_sid", Label = "call_sid", InputType = InputType.Text, Required = true, Placeholder = "EL_333_2024-11-21T10:00:00Z" }],
            UpdateState = EnabledWhileRunning,
        });
    }

    /// <summary>"Place a test call" (local runs with the emulator only): one driver's call, answered by the emulator.</summary>
    public static IResourceBuilder<ProjectResource> WithTestCall(this IResourceBuilder<ProjectResource> calls)
    {
        AddCallViewClient(calls);
        return calls.WithCommand("place-test-call", "Place a test call", async context =>
        {
            var driverId = Random.Shared.Next(9000, 10000);
            var batch = new
            {
                callType = "violation",
                timestamp = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ"),
                drivers = new[]
                {
                    new
                    {
                        driverId, driverName = "Test Driver", phoneNumber = $"+1555123{driverId}", customRules = "",
                        violations = new { tripId = $"trip_{driverId}", violationDetails = new[] { new { type = "temperature", description = "Temperature out of range" } } },
                    },
                },
            };
            return await PostAsync(context, calls, "/driver_data/call-elevenlabs", batch, $"Placed a test call for driver {driverId}");
        }, new CommandOptions
        {
            Description = "Place one call to a test driver; the emulator answers and plays a short conversation",
            IconName = "Call",
            UpdateState = EnabledWhileRunning,
        });
    }

    /// <summary>"Run the sweeper now" and "Retry hand-overs now": what Calls does on timers, at once, answering with what it did.</summary>
    public static IResourceBuilder<ProjectResource> WithOperations(this IResourceBuilder<ProjectResource> calls)
    {
        AddCallViewClient(calls);
        return calls
            .WithCommand("sweep-now", "Run the sweeper now", context => PostAsync(context, calls, "/operations/sweep", new { }, "Swept"), new CommandOptions
            {
                Description = "Fail calls never dialled and ask ElevenLabs about calls whose post-call event never came, now",
                IconName = "ArrowSync",
                UpdateState = EnabledWhileRunning,
            })
            .WithCommand("retry-handovers", "Retry hand-overs now", context => PostAsync(context, calls, "/operations/handovers/retry", new { }, "Hand-overs sent"), new CommandOptions
            {
                Description = "Send every post-call transcript waiting for Transcripts now, instead of after its back-off",
                IconName = "ArrowRepeatAll",
                UpdateState = EnabledWhileRunning,
            });
    }

    /// <summary>POSTs to Calls and shows its JSON answer: what it did, or why it did not.</summary>
    private static async Task<ExecuteCommandResult> PostAsync(ExecuteCommandContext context, IResourceBuilder<ProjectResource> calls, string path, object body, string done)
    {
        var http = context.Services.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName);
        HttpResponseMessage response;
        try
        {
            response = await http.PostAsJsonAsync(new Uri(new Uri(calls.GetEndpoint("http").Url), path), body, context.CancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return CommandResults.Failure($"Calls did not answer: {e.Message}");
        }

        using var _ = response;
        var answer = await response.Content.ReadAsStringAsync(context.CancellationToken);
        return response.IsSuccessStatusCode
            ? CommandResults.Success(done, answer, CommandResultFormat.Json)
            : CommandResults.Failure($"Calls answered {(int)response.StatusCode}", answer, CommandResultFormat.Json);
    }

    /// <summary>The commands' HTTP client to Calls and Transcripts (configuring it again is harmless: the same timeout).</summary>
    private static void AddCallViewClient(IResourceBuilder<ProjectResource> calls) =>
        calls.ApplicationBuilder.Services.AddHttpClient(HttpClientName, http => http.Timeout = TimeSpan.FromMinutes(3)); // a sweep may ask ElevenLabs about many calls

    private static ResourceCommandState EnabledWhileRunning(UpdateCommandStateContext state) =>
        state.ResourceSnapshot.State?.Text == KnownResourceStates.Running ? ResourceCommandState.Enabled : ResourceCommandState.Disabled;
}

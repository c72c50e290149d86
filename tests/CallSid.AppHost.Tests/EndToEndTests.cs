using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using CallSid.Testing;

namespace CallSid.AppHost.Tests;

/// <summary>The whole system on the real AppHost: a call through Calls, the emulator, the edge and Transcripts.</summary>
public sealed class EndToEndTests(LeftoverServerAppHost appHost) : IClassFixture<LeftoverServerAppHost>
{
    [Fact]
    public async Task A_server_an_earlier_run_left_on_the_data_directory_is_stopped_and_the_AppHost_runs_its_own()
    {
        Assert.False(ProcessTree.IsRunning(appHost.LeftoverServerPid));
        var postgres = Assert.Single(await appHost.ProcessesOfAsync("postgres"));
        Assert.NotEqual(appHost.LeftoverServerPid, postgres);
        Assert.Contains(Path.Combine(appHost.DataDirectory, "postgres"), ProcessTree.CommandLine(postgres), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_placed_call_completes_and_its_turns_arrive_through_the_edge_numbered_in_order()
    {
        var callSid = await appHost.PlaceCallAsync(101);

        var call = await appHost.WaitForCallAsync(callSid, "completed");
        Assert.StartsWith("conv_", call.GetProperty("conversation_id").GetString());
        var transcript = await appHost.Transcripts.GetFromJsonAsync<JsonElement>($"/calls/{Uri.EscapeDataString(callSid)}/transcript", TestContext.Current.CancellationToken);
        var turns = transcript.GetProperty("turns").EnumerateArray().ToList();
        Assert.Equal(4, turns.Count);
        Assert.Equal([1, 2, 3, 4], turns.Select(t => t.GetProperty("sequence_number").GetInt32()));
        Assert.All(turns, t => Assert.Equal("webhook", t.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task The_edge_stores_a_turn_with_the_token_and_refuses_one_without()
    {
        var callSid = await appHost.PlaceCallAsync(102);
        await appHost.WaitForCallAsync(callSid, "completed");

        using var refused = await appHost.PostTurnAsync(callSid, "no token", DateTime.UtcNow, token: "wrong-token");
        using var stored = await appHost.PostTurnAsync(callSid, "a late turn", DateTime.UtcNow);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Created, stored.StatusCode);
        Assert.Equal(5, (await stored.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("sequence_number").GetInt32());
    }

    [Fact]
    public async Task The_dashboards_operations_on_Calls_run_the_sweeper_and_the_hand_overs_now_and_answer_with_what_they_did()
    {
        var commands = appHost.App.ResourceCommands;

        ExecuteCommandResult swept = null!;
        // The timer's own pass (once a minute) may hold the sweep for a moment: that answer is a 409, asked again.
        await Readiness.WaitAsync(async token =>
        {
            swept = await commands.ExecuteCommandAsync("calls", "sweep-now", token);
            return swept.Success || swept.Message?.Contains("409", StringComparison.Ordinal) != true ? null : swept.Message;
        }, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        var retried = await commands.ExecuteCommandAsync("calls", "retry-handovers", TestContext.Current.CancellationToken);

        Assert.True(swept.Success, swept.Message);
        Assert.Equal(0, JsonDocument.Parse(swept.Data!.Value).RootElement.GetProperty("failed_not_dialled").GetArrayLength());
        Assert.True(retried.Success, retried.Message);
        Assert.Empty(JsonDocument.Parse(retried.Data!.Value).RootElement.GetProperty("still_failing").EnumerateObject()); // Transcripts is up
    }

    [Fact]
    public async Task Looking_up_an_unknown_call_sid_says_no_call_has_it()
    {
        var unknown = "EL_404_2024-11-21T10:00:00Z";

        var result = await appHost.App.ResourceCommands.ExecuteCommandAsync("calls", "lookup-call",
            new InteractionInputCollection([new InteractionInput { Name = "call_sid", Label = "call_sid", InputType = InputType.Text, Value = unknown }]),
            TestContext.Current.CancellationToken);

        Assert.False(result.Success);
        Assert.Equal($"No call {unknown}", result.Message);
        Assert.StartsWith("No call has the call_sid", result.Data!.Value, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_the_dashboard_no_service_is_pointed_at_a_collector_that_is_not_there()
    {
        var edge = Assert.Single(await appHost.ProcessesOfAsync("edge"));

        var environment = File.ReadAllText($"/proc/{edge}/environ").Split('\0');

        Assert.Contains("OTEL_SERVICE_NAME=edge", environment);
        Assert.DoesNotContain(environment, variable => variable.StartsWith("OTEL_EXPORTER_OTLP_ENDPOINT=", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_service_killed_with_SIGKILL_is_started_again_by_itself_and_serves()
    {
        var killed = Assert.Single(await appHost.ProcessesOfAsync("transcripts"));

        Posix.Signal(killed, Posix.SigKill);

        await appHost.WaitUntilRestartedAsync("transcripts");
        Assert.NotEqual(killed, Assert.Single(await appHost.ProcessesOfAsync("transcripts")));
        var callSid = await appHost.PlaceCallAsync(103);
        await appHost.WaitForCallAsync(callSid, "completed");
    }

    [Fact]
    public async Task PostgreSQL_killed_with_SIGKILL_is_started_again_with_its_data()
    {
        var callSid = await appHost.PlaceCallAsync(104);
        await appHost.WaitForCallAsync(callSid, "completed");
        var killed = Assert.Single(await appHost.ProcessesOfAsync("postgres"));

        Posix.Signal(killed, Posix.SigKill);

        await appHost.WaitUntilRestartedAsync("postgres");
        Assert.NotEqual(killed, Assert.Single(await appHost.ProcessesOfAsync("postgres")));
        await appHost.WaitForCallAsync(callSid, "completed"); // Calls' pool reconnects; the row survived
    }
}

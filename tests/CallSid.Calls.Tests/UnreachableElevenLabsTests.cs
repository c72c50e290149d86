using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Testing;

namespace CallSid.Calls.Tests;

public sealed class UnreachableElevenLabsTests(PostgresClusterFixture cluster)
{
    [Fact]
    public async Task Nobody_listening_fails_the_call_with_a_reason_not_a_500()
    {
        var connectionString = await cluster.CreateMigratedDatabaseAsync();
        var closedPort = new Uri($"http://127.0.0.1:{PortAllocator.GetFreePort()}");
        var settings = CallsServices.Settings(connectionString, closedPort, CallsServices.ApiKey);
        settings["HttpResilience:ElevenLabsClient:RetryDelay"] = "00:00:00.050";
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);

        var response = await calls.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(900)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.StartsWith("ElevenLabs could not be reached", body.GetProperty("details").GetString());
        Assert.Equal("failed", (await new CallsTable(connectionString).FindAsync(CallRequests.CallSid(900)))!.Status);
    }

    [Fact]
    public async Task With_the_database_down_nothing_is_dialled_and_the_caller_is_told_to_retry()
    {
        await using var emulator = new ServiceHost<CallSid.ElevenLabsEmulator.EmulatorEntryPoint>(new Dictionary<string, string?> { ["Emulator:ApiKey"] = CallsServices.ApiKey });
        var settings = CallsServices.Settings($"Host=127.0.0.1;Port={PortAllocator.GetFreePort()};Username=postgres;Database=callsdb", emulator.BaseAddress, CallsServices.ApiKey);
        settings["Database:MaxRetryCount"] = "0";
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);

        var response = await calls.CreateClient().PostAsJsonAsync("/driver_data/call-elevenlabs", CallRequests.Batch(CallRequests.Driver(901)), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("Database connection error; the call was not placed. Please retry.", body.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("call_status").ValueKind);
        Assert.Empty(emulator.GetService<CallSid.ElevenLabsEmulator.ReceivedCalls>().All);
    }

    [Fact]
    public async Task Missing_ElevenLabs_settings_stop_the_service_at_start_with_the_setting_named()
    {
        var settings = CallsServices.Settings("Host=127.0.0.1;Database=unused", new Uri("http://127.0.0.1:1"), CallsServices.ApiKey);
        settings["ElevenLabs:AgentId"] = "";
        await using var calls = new ServiceHost<CallsEntryPoint>(settings);

        var error = Assert.ThrowsAny<Exception>(() => calls.BaseAddress);

        Assert.Contains("ElevenLabs:AgentId is required", error.ToString());
    }
}

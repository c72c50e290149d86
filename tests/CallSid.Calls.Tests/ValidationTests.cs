using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace CallSid.Calls.Tests;

public sealed class ValidationTests(CallsServices services) : IClassFixture<CallsServices>
{
    private readonly HttpClient _client = services.CreateClient();

    public static TheoryData<string, string> BadRequests => new()
    {
        { """{"timestamp":"2024-11-21T10:00:00Z","drivers":[]}""", "callType is required" },
        { """{"callType":"violation","timestamp":"21/11/2024 10:00","drivers":[]}""", "timestamp '21/11/2024 10:00' is not an ISO 8601 date-time" },
        { """{"callType":"violation","drivers":[]}""", "timestamp is required" },
        { """{"callType":"violation","timestamp":"2024-11-21T10:00:00Z","drivers":[]}""", "drivers must hold at least one driver" },
        { Body("""{"driverName":"A","phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0].driverId is required" },
        { Body("""{"driverId":7,"driverName":"A","phoneNumber":"12345","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0] (driverId 7).phoneNumber '12345' is not a phone number that normalises to E.164" },
        { Body("""{"driverId":7,"driverName":"A","phoneNumber":"555-CALL-NOW","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0] (driverId 7).phoneNumber '555-CALL-NOW' is not a phone number" },
        { Body("""{"driverId":8,"driverName":"B","phoneNumber":"+52 55 1234","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0] (driverId 8).phoneNumber '+52 55 1234' is not a phone number that normalises to E.164" },
        { Body("""{"driverId":7,"phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0] (driverId 7).driverName is required" },
        { Body("""{"driverId":7,"driverName":"A","phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[]}}"""), "drivers[0] (driverId 7).violations.violationDetails must hold at least one violation" },
        { Body("""{"driverId":7,"driverName":"A","phoneNumber":"+15551234567"}"""), "drivers[0] (driverId 7).violations is required" },
        { Body("""{"driverId":7,"driverName":"A","phoneNumber":"+15551234567","violations":{"violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0] (driverId 7).violations.tripId is required" },
        { Body("""{"driverId":7,"driverName":"A","phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[{"type":"x"}]}}"""), "drivers[0] (driverId 7).violations.violationDetails[0].description is required" },
        { Body("""{"driverId":-3,"driverName":"A","phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[0] (driverId -3).driverId must be a positive integer" },
        { Body(Driver(8), Driver(8)), "drivers[1] (driverId 8): the same driver as drivers[0]" },
        // One good driver and one bad one: the whole request is refused, so nothing is half done.
        { Body(Driver(9), """{"driverId":10,"driverName":"B","phoneNumber":"nope","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), "drivers[1] (driverId 10).phoneNumber 'nope'" },
        { "null", "the body must be a BatchCallRequest JSON object" },
        // "$" in a pattern matches before a final newline: the same driver could be dialled twice, with and without it.
        { Body(Driver(12)).Replace("10:00:00Z", "10:00:00Z\\n"), "timestamp '2024-11-21T10:00:00Z\n' is not an ISO 8601 date-time" },
        { Body(Driver(13)).Replace("2024-11-21T10:00:00Z", "0001-01-01T00:00:00Z"), "timestamp '0001-01-01T00:00:00Z' is outside the accepted range (1970-01-01 to 2099-12-31)" },
        { Body(Driver(14)).Replace("\"driverName\":\"A\"", "\"driverName\":\"A\\u0000B\""), "drivers[0] (driverId 14).driverName must not contain NUL characters" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_a_400_naming_the_field_and_writes_no_call(string json, string expected)
    {
        var before = await services.Table.CountAsync();
        var dialled = services.Received.All.Count;

        var response = await _client.PostAsync("/driver_data/call-elevenlabs", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.StartsWith("Invalid request", body.GetProperty("message").GetString());
        Assert.Contains(expected, body.GetProperty("details").GetString());
        Assert.Equal(before, await services.Table.CountAsync());
        Assert.Equal(dialled, services.Received.All.Count);
    }

    [Theory]
    [InlineData("{\"callType\": ", "Invalid JSON body")]
    [InlineData("""{"callType":"violation","timestamp":"2024-11-21T10:00:00Z","drivers":[{"driverId":"seven"}]}""", "Invalid JSON body")]
    [InlineData("[1,2,3]", "Invalid JSON body")]
    public async Task Unreadable_json_is_a_400_with_the_error_shape(string json, string expectedMessage)
    {
        var dialled = services.Received.All.Count;

        var response = await _client.PostAsync("/driver_data/call-elevenlabs", new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
        Assert.Equal(expectedMessage, body.GetProperty("message").GetString());
        Assert.Equal(dialled, services.Received.All.Count);
    }

    [Fact]
    public async Task A_driver_id_sent_as_a_string_of_digits_is_accepted()
    {
        var response = await _client.PostAsync(
            "/driver_data/call-elevenlabs",
            new StringContent(Body("""{"driverId":"501","driverName":"A","phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}"""), Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(await services.Table.FindAsync("EL_501_2024-11-21T10:00:00Z"));
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_with_the_error_shape()
    {
        var huge = Body(Driver(11)).Replace("\"callType\"", $"\"padding\":\"{new string('x', 4 * 1024 * 1024)}\",\"callType\"");

        // Expect: 100-continue lets the server refuse before 4 MB are sent (otherwise the refusal closes a half-sent request).
        var request = new HttpRequestMessage(HttpMethod.Post, "/driver_data/call-elevenlabs") { Content = new StringContent(huge, Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;

        var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_non_json_content_type_is_a_415_with_the_error_shape()
    {
        var response = await _client.PostAsync("/driver_data/call-elevenlabs", new StringContent("callType=violation", Encoding.UTF8, "application/x-www-form-urlencoded"), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal("error", body.GetProperty("status").GetString());
    }

    private static string Driver(int id) =>
        $$$"""{"driverId":{{{id}}},"driverName":"A","phoneNumber":"+15551234567","violations":{"tripId":"t","violationDetails":[{"type":"x","description":"y"}]}}""";

    private static string Body(params string[] drivers) =>
        $$"""{"callType":"violation","timestamp":"2024-11-21T10:00:00Z","drivers":[{{string.Join(',', drivers)}}]}""";
}

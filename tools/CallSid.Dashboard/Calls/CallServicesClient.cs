using System.Net;
using System.Text.Json;
using CallSid.Dashboard.Configuration;
using CallSid.Dashboard.Contracts;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Calls;

/// <summary>
/// Reads a call from the Calls API (<c>GET {calls}/calls/{call_sid}</c>) and its transcript from the Transcripts API
/// (<c>GET {transcripts}/calls/{call_sid}/transcript</c>), with a short timeout each. The call_sid is escaped as one
/// path segment (it contains ':'). Whatever they answer is passed on as they sent it, with what it means.
/// </summary>
public sealed class CallServicesClient(IHttpClientFactory httpClients, IOptions<DashboardOptions> options)
{
    public const string HttpClientName = "call-services";

    public Task<UpstreamAnswer> GetCallAsync(string callSid, CancellationToken cancellationToken) =>
        GetAsync(options.Value.CallServices.CallsUrl, "services:calls:http:0", $"calls/{Uri.EscapeDataString(callSid)}", cancellationToken);

    public Task<UpstreamAnswer> GetTranscriptAsync(string callSid, CancellationToken cancellationToken) =>
        GetAsync(options.Value.CallServices.TranscriptsUrl, "services:transcripts:http:0", $"calls/{Uri.EscapeDataString(callSid)}/transcript", cancellationToken);

    private async Task<UpstreamAnswer> GetAsync(string? baseUrl, string setting, string path, CancellationToken cancellationToken)
    {
        if (baseUrl is null)
        {
            return new UpstreamAnswer("not_configured", null, null, $"{setting} is not set, so the dashboard cannot ask for it.");
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.CallServices.Timeout);
        var http = httpClients.CreateClient(HttpClientName);
        var uri = new Uri(new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/"), path);
        try
        {
            using var response = await http.GetAsync(uri, timeout.Token);
            var body = await ReadJsonAsync(response, timeout.Token);
            var status = response.StatusCode switch
            {
                HttpStatusCode.OK => "ok",
                HttpStatusCode.NotFound => "not_found",
                HttpStatusCode.ServiceUnavailable => "unavailable",
                _ => "error",
            };
            var message = body is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("message", out var text) && text.ValueKind == JsonValueKind.String
                ? text.GetString()
                : null;
            return new UpstreamAnswer(status, (int)response.StatusCode, body, message);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new UpstreamAnswer("unavailable", null, null, $"No answer from {uri.GetLeftPart(UriPartial.Authority)} within {options.Value.CallServices.Timeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException unreachable)
        {
            return new UpstreamAnswer("unavailable", null, null, $"{uri.GetLeftPart(UriPartial.Authority)} could not be reached: {unreachable.Message}");
        }
    }

    private static async Task<JsonElement?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return text.Length == 0 ? null : JsonSerializer.SerializeToElement(text.Length > 2000 ? text[..2000] : text);
        }
    }
}

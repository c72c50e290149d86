using System.Net;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using CallSid.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Resources;

/// <summary>
/// Client of the AppHost's resource service (<c>DOTNET_RESOURCE_SERVICE_ENDPOINT_URL</c>): resources and their
/// changes, console lines, and the stop/start/restart commands. Every request carries
/// <c>x-resource-service-api-key</c>; the HttpClient has no timeout of its own (the watches are long-lived), so
/// plain requests get <c>RequestTimeout</c> each.
/// </summary>
public sealed class ResourceServiceClient(HttpClient http, IOptions<DashboardOptions> options)
{
    public const string ApiKeyHeader = "x-resource-service-api-key";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly TimeSpan _timeout = options.Value.ResourceServiceClient.RequestTimeout;

    public async Task<ResourceList> GetResourcesAsync(CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        return await http.GetFromJsonAsync<ResourceList>("resources", Json, timeout.Token)
            ?? throw new HttpRequestException("The resource service answered null.");
    }

    /// <summary>The snapshot, then every change, until the stream ends or fails.</summary>
    public async IAsyncEnumerable<ResourceWatchEvent> WatchAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var item in StreamAsync<ResourceWatchEvent>("resources/watch", cancellationToken))
        {
            yield return item;
        }
    }

    /// <summary>Console lines after <paramref name="after"/>; null when the resource is unknown.</summary>
    public async Task<ConsoleBatch?> GetConsoleAsync(string name, long after, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        using var response = await http.GetAsync($"resources/{Uri.EscapeDataString(name)}/console?after={after}", timeout.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<ConsoleBatch>(Json, timeout.Token);
    }

    /// <summary>Console lines after <paramref name="after"/> as they are written, until the stream ends or fails.</summary>
    public async IAsyncEnumerable<ConsoleLine> FollowConsoleAsync(string name, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var line in StreamAsync<ConsoleLine>($"resources/{Uri.EscapeDataString(name)}/console/watch?after={after}", cancellationToken))
        {
            yield return line;
        }
    }

    public async Task<CommandOutcome> ExecuteCommandAsync(string name, string command, CancellationToken cancellationToken)
    {
        using var timeout = Timeout(cancellationToken);
        try
        {
            using var response = await http.PostAsync($"resources/{Uri.EscapeDataString(name)}/commands/{Uri.EscapeDataString(command)}", null, timeout.Token);
            var message = await ReadMessageAsync(response, timeout.Token);
            return new CommandOutcome((int)response.StatusCode, message ?? response.ReasonPhrase ?? response.StatusCode.ToString());
        }
        catch (Exception unreachable) when (unreachable is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return new CommandOutcome(StatusCodes.Status503ServiceUnavailable, $"The resource service could not be reached: {unreachable.Message}");
        }
    }

    private async IAsyncEnumerable<T> StreamAsync<T>(string path, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var parser = SseParser.Create(stream, (_, data) => JsonSerializer.Deserialize<T>(data, Json));
        await foreach (var item in parser.EnumerateAsync(cancellationToken))
        {
            if (item.Data is not null)
            {
                yield return item.Data;
            }
        }
    }

    private static async Task<string?> ReadMessageAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            return document.RootElement.TryGetProperty("message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private CancellationTokenSource Timeout(CancellationToken cancellationToken)
    {
        var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        return timeout;
    }
}

using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using CallSid.Dashboard.Configuration;
using CallSid.Dashboard.Extensions;
using CallSid.Dashboard.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallSid.Dashboard.Tests.Infrastructure;

/// <summary>
/// The dashboard's real application (the same one Program.cs runs) on two real Kestrel listeners on free loopback
/// ports, configured through its settings as command-line arguments (the names environment variables use).
/// </summary>
public sealed class DashboardServer : IAsyncDisposable
{
    public const string OtlpApiKey = "test-otlp-key";

    private readonly WebApplication _app;

    private DashboardServer(WebApplication app, LogLines logs)
    {
        _app = app;
        Logs = logs;
        var endpoints = app.Services.GetRequiredService<DashboardEndpoints>();
        FrontendUri = endpoints.FrontendUri;
        OtlpUri = endpoints.OtlpUri;
        BrowserToken = app.Services.GetRequiredService<IOptions<DashboardOptions>>().Value.Frontend.BrowserToken;
        Api = new HttpClient { BaseAddress = FrontendUri };
        if (BrowserToken is not null)
        {
            Api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", BrowserToken);
        }

        Otlp = new HttpClient { BaseAddress = OtlpUri };
    }

    public Uri FrontendUri { get; }

    public Uri OtlpUri { get; }

    public string? BrowserToken { get; }

    /// <summary>The JSON API, authenticated with the browser token as a bearer token.</summary>
    public HttpClient Api { get; }

    /// <summary>The OTLP/HTTP listener, without the API key (tests add it where they mean to).</summary>
    public HttpClient Otlp { get; }

    public LogLines Logs { get; }

    public T Service<T>() where T : notnull => _app.Services.GetRequiredService<T>();

    /// <summary>Starts a dashboard; settings are Dashboard:* keys or the Aspire environment names, as the real one reads them.</summary>
    public static async Task<DashboardServer> StartAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["DOTNET_DASHBOARD_OTLP_HTTP_ENDPOINT_URL"] = "http://127.0.0.1:0",
            ["Dashboard:Otlp:PrimaryApiKey"] = OtlpApiKey,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var args = all.Where(s => s.Value is not null).Select(s => $"--{s.Key}={s.Value}").ToArray();
        var logs = new LogLines();
        var app = DashboardApplication.Create(args, builder =>
        {
            builder.Environment.EnvironmentName = "Testing";
            builder.Logging.AddProvider(logs);
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new DashboardServer(app, logs);
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var response = await Api.GetAsync(path, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<T>(DashboardJson.Options, TestContext.Current.CancellationToken))!;
    }

    public async Task<JsonElement> GetJsonAsync(string path) => await GetAsync<JsonElement>(path);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Otlp.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}

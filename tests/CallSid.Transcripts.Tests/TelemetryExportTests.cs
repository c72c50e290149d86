using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace CallSid.Transcripts.Tests;

/// <summary>
/// Without an OTLP endpoint no OpenTelemetry provider runs. What is exported with one (a call's trace through every
/// service, no health probes) is proven on real processes: CallSid.AppHost.Tests' CallViewBrowserTests.
/// </summary>
public sealed class TelemetryExportTests(WebhookSystem system) : IClassFixture<WebhookSystem>
{
    [Fact]
    public void Without_an_OTLP_endpoint_no_provider_is_registered()
    {
        using var scope = system.Calls.Services.CreateScope();

        Assert.Null(scope.ServiceProvider.GetService<TracerProvider>());
    }
}

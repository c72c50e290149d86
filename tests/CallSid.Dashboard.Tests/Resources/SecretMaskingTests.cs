using CallSid.Dashboard.Resources;

namespace CallSid.Dashboard.Tests.Resources;

public sealed class SecretMaskingTests
{
    [Theory]
    [InlineData("OTEL_SERVICE_NAME", "transcripts", false, false)]
    [InlineData("ElevenLabs__ApiKey", "sk_live", false, true)]
    [InlineData("Webhooks__TranscriptionToken", "t", false, true)]
    [InlineData("Webhooks__PostCallSecret", "s", false, true)]
    [InlineData("ConnectionStrings__callsdb", "Host=x;Username=u;Password=p", false, true)]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "x-otlp-api-key=abc", false, true)]
    [InlineData("ASPNETCORE_URLS", "http://127.0.0.1:5082", false, false)]
    [InlineData("ANYTHING", "harmless", true, true)]
    public void Secrets_are_masked_by_flag_by_name_or_by_value(string name, string value, bool flagged, bool masked) =>
        Assert.Equal(masked, SecretMasking.IsSecret(new ResourceEnvironmentVariable(name, value, flagged)));
}

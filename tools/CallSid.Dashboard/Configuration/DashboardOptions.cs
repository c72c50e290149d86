namespace CallSid.Dashboard.Configuration;

/// <summary>
/// The dashboard's settings, named as .NET Aspire's dashboard names them (<c>Dashboard:*</c>), plus the addresses
/// that come from Aspire's environment conventions, which <see cref="DashboardOptionsSetup"/> fills in.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    public FrontendOptions Frontend { get; set; } = new();

    public OtlpOptions Otlp { get; set; } = new();

    public ResourceServiceClientOptions ResourceServiceClient { get; set; } = new();

    public TelemetryLimitsOptions TelemetryLimits { get; set; } = new();

    /// <summary>The calls and transcripts APIs the call view reads (<c>services:calls:http:0</c>, ...); optional.</summary>
    public CallServicesOptions CallServices { get; set; } = new();
}

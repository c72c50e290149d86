using CallSid.AppHost.Hosting;

namespace CallSid.AppHost.Publishing;

/// <summary>One environment setting of a published project: its name (Aspire's conventions) and what it is.</summary>
public sealed record PublishedSetting(string Name, ManifestValue Value);

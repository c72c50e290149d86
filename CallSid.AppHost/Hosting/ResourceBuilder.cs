namespace CallSid.AppHost.Hosting;

/// <summary>One resource while the model is being described (Aspire's <c>IResourceBuilder&lt;T&gt;</c>).</summary>
public sealed record ResourceBuilder<T>(DistributedApplicationBuilder Application, T Resource) where T : Resource;

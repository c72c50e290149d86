namespace CallSid.AppHost.Hosting;

/// <summary>
/// A secret setting handed to resources: the value of <see cref="ConfigurationKey"/> in the AppHost's configuration,
/// or a random value for this run when it is not set. Resources that receive it see it as a secret (masked wherever
/// the AppHost shows settings). When the graph is published its value is neither read nor generated (empty): the
/// output refers to a Secret of the orchestrator named <see cref="Name"/> instead.
/// </summary>
public sealed record Secret(string Name, string ConfigurationKey, string Value, bool Generated);

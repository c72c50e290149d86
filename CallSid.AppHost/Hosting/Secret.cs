namespace CallSid.AppHost.Hosting;

/// <summary>
/// A secret setting handed to resources: the value of <see cref="ConfigurationKey"/> in the AppHost's configuration,
/// or a random value for this run when it is not set. Resources that receive it see it as a secret (masked wherever
/// the AppHost shows settings).
/// </summary>
public sealed record Secret(string Name, string ConfigurationKey, string Value, bool Generated);

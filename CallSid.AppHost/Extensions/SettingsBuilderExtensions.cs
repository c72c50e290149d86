using Microsoft.Extensions.Configuration;

namespace CallSid.AppHost.Extensions;

public static class SettingsBuilderExtensions
{
    private static readonly string[] SecretWords = ["key", "secret", "password", "token", "connectionstring"];

    /// <summary>
    /// Hands the AppHost's configuration section to the resource as environment variables (<c>Database__Schema</c>).
    /// Secrets go as secret parameters instead, which the dashboard masks; publishing stops, naming a secret found here,
    /// unless it is one of <paramref name="secretParameterKeys"/>, the keys the graph's secret parameters read.
    /// </summary>
    public static IResourceBuilder<T> WithConfigurationSection<T>(this IResourceBuilder<T> resource, string section, params string[] secretParameterKeys)
        where T : IResourceWithEnvironment
    {
        var builder = resource.ApplicationBuilder;
        foreach (var (key, value) in builder.Configuration.GetSection(section).AsEnumerable())
        {
            if (value is null)
            {
                continue;
            }

            if (IsSecretName(key))
            {
                if (builder.ExecutionContext.IsPublishMode && !secretParameterKeys.Contains(key, StringComparer.OrdinalIgnoreCase))
                {
                    throw new InvalidOperationException(
                        $"{resource.Resource.Name}: {key} is a secret and a secret is never published as configuration; unset it where you publish and hand it to the graph as a secret parameter.");
                }

                continue;
            }

            resource.WithEnvironment(key.Replace(":", "__"), value);
        }

        return resource;
    }

    private static bool IsSecretName(string key)
    {
        var name = key[(key.LastIndexOf(':') + 1)..];
        return SecretWords.Any(word => name.Contains(word, StringComparison.OrdinalIgnoreCase));
    }
}

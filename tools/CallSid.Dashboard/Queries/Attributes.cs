namespace CallSid.Dashboard.Queries;

/// <summary>Stored attributes as the JSON API shows them: an object, first value kept for a repeated key.</summary>
public static class Attributes
{
    public static IReadOnlyDictionary<string, string> ToDictionary(KeyValuePair<string, string>[] attributes)
    {
        var dictionary = new Dictionary<string, string>(attributes.Length, StringComparer.Ordinal);
        foreach (var (key, value) in attributes)
        {
            dictionary.TryAdd(key, value);
        }

        return dictionary;
    }
}

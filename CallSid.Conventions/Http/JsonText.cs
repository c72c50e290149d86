using System.Text.Json;

namespace CallSid.Conventions.Http;

/// <summary>Reading text out of a <see cref="JsonElement"/> without the exception it throws for malformed text.</summary>
public static class JsonText
{
    /// <summary>
    /// The element's string, or null when it is not a string; false when it is a string that cannot be read as text
    /// (invalid UTF-8, or an escaped lone surrogate such as <c>"\ud800"</c>).
    /// </summary>
    public static bool TryGetString(JsonElement element, out string? value)
    {
        value = null;
        if (element.ValueKind != JsonValueKind.String)
        {
            return true;
        }

        try
        {
            value = element.GetString();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}

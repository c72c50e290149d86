using System.Text.Json;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CallSid.Conventions.Database;

/// <summary>
/// Stores an enum as the same snake_case text the APIs speak (<c>InProgress</c> is <c>in_progress</c>),
/// which is also how the old Python system wrote these columns.
/// </summary>
public sealed class SnakeCaseEnumConverter<TEnum>() : ValueConverter<TEnum, string>(
    value => ToText(value),
    text => FromText(text))
    where TEnum : struct, Enum
{
    public static string ToText(TEnum value) => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum FromText(string text) => Enum.Parse<TEnum>(text.Replace("_", string.Empty), ignoreCase: true);

    /// <summary>Accepts exactly the snake_case names (<c>in_progress</c>), nothing looser: for reading API input.</summary>
    public static bool TryFromText(string? text, out TEnum value)
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (ToText(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}

namespace CallSid.Conventions.Validation;

/// <summary>
/// The rules every text field of our contracts follows, and the messages our APIs answer when one is broken: present
/// (not blank), not too long, and storable: PostgreSQL text cannot hold NUL, and text must be well-formed UTF-16 to
/// become the UTF-8 the database stores (a lone surrogate cannot).
/// </summary>
public static class TextRules
{
    /// <summary>True when <paramref name="text"/> can be stored and compared in PostgreSQL.</summary>
    public static bool IsStorable(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return false;
            }

            if (char.IsSurrogate(c))
            {
                if (!char.IsHighSurrogate(c) || i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]))
                {
                    return false;
                }

                i++;
            }
        }

        return true;
    }

    /// <summary>
    /// Checks a required field; adds one problem naming <paramref name="field"/> and returns false when it is blank,
    /// longer than <paramref name="maxLength"/> or not storable.
    /// </summary>
    /// <param name="countCharacters">Say how long it is ("message is 10001 characters; at most 10000").</param>
    public static bool Required(ICollection<string> problems, string field, string? value, int maxLength, bool countCharacters = false)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{field} is required");
            return false;
        }

        return Optional(problems, field, value, maxLength, countCharacters);
    }

    /// <summary>The same for a field that may be absent or blank.</summary>
    public static bool Optional(ICollection<string> problems, string field, string? value, int maxLength, bool countCharacters = false)
    {
        if (value is null)
        {
            return true;
        }

        if (value.Length > maxLength)
        {
            problems.Add(countCharacters
                ? $"{field} is {value.Length} characters; at most {maxLength}"
                : $"{field} is longer than {maxLength} characters");
            return false;
        }

        if (!IsStorable(value))
        {
            problems.Add(value.Contains('\0') ? $"{field} must not contain NUL characters" : $"{field} is not well-formed text (a lone surrogate)");
            return false;
        }

        return true;
    }

    /// <summary>
    /// A required identifier (a call_sid, a conversation_id): the rules above, and no control characters, which no
    /// identifier has and which would let a sender break a log line in two.
    /// </summary>
    public static bool RequiredIdentifier(ICollection<string> problems, string field, string? value, int maxLength) =>
        Required(problems, field, value, maxLength) && NoControlCharacters(problems, field, value!);

    /// <summary>The same for an identifier that may be absent.</summary>
    public static bool OptionalIdentifier(ICollection<string> problems, string field, string? value, int maxLength) =>
        Optional(problems, field, value, maxLength) && (value is null || NoControlCharacters(problems, field, value));

    private static bool NoControlCharacters(ICollection<string> problems, string field, string value)
    {
        if (!value.Any(char.IsControl))
        {
            return true;
        }

        problems.Add($"{field} must not contain control characters");
        return false;
    }
}

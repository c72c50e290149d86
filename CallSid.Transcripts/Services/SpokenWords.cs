using System.Text;

namespace CallSid.Transcripts.Services;

/// <summary>
/// When two records of a turn say the same words: equal after collapsing every run of whitespace to one space,
/// trimming, and ignoring case (ordinal, culture-free). Punctuation counts. Done here rather than in SQL, so the rule
/// does not depend on the database's locale.
/// </summary>
public static class SpokenWords
{
    public static string Normalise(string text)
    {
        var normalised = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = normalised.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                normalised.Append(' ');
                pendingSpace = false;
            }

            normalised.Append(c);
        }

        return normalised.ToString();
    }

    public static bool Same(string a, string b) => string.Equals(Normalise(a), Normalise(b), StringComparison.OrdinalIgnoreCase);
}

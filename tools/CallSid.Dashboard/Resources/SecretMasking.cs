using System.Text.RegularExpressions;

namespace CallSid.Dashboard.Resources;

/// <summary>
/// Decides which environment values never leave the dashboard: those the resource service marks secret, plus any
/// whose name looks secret (KEY, TOKEN, SECRET, PASSWORD) or whose value carries a credential (a connection
/// string's Password=, an OTLP header's api key). A false positive hides a harmless value; that is the safe side.
/// </summary>
public static partial class SecretMasking
{
    public const string Mask = "••••••••";

    public static bool IsSecret(ResourceEnvironmentVariable variable) =>
        variable.IsSecret || variable.Value is null || NameLooksSecret().IsMatch(variable.Name) || ValueCarriesCredential().IsMatch(variable.Value);

    [GeneratedRegex("KEY|TOKEN|SECRET|PASSWORD|PASSWD|PWD|CREDENTIAL", RegexOptions.IgnoreCase)]
    private static partial Regex NameLooksSecret();

    [GeneratedRegex(@"(password|pwd|api[-_]?key|token|secret|authorization)\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex ValueCarriesCredential();
}

namespace CallSid.Calls.Model;

/// <summary>One driver to call, checked and normalised.</summary>
public sealed record DriverCall(
    int DriverId,
    string DriverName,
    string PhoneNumber,
    string? CustomRules,
    string TripId,
    IReadOnlyList<(string Type, string Description)> Violations)
{
    /// <summary><c>EL_{driverId}_{timestamp}</c>, with the request's timestamp exactly as sent.</summary>
    public string CallSidFor(string timestamp) => $"EL_{DriverId}_{timestamp}";
}

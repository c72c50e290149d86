using CallSid.Calls.Model;
using CallSid.Conventions.Validation;

namespace CallSid.Calls.Validation;

/// <summary>One driver of a batch: every problem named with where it is (<c>drivers[1] (driverId 10).phoneNumber</c>).</summary>
public static class DriverValidator
{
    /// <summary>Long enough for real names and rules; bounded so one request cannot grow a prompt without limit.</summary>
    public const int MaxTextLength = 2000;
    public const int MaxViolationsPerDriver = 50;

    /// <summary>The checked and normalised driver, or null when <paramref name="problems"/> got at least one more.</summary>
    public static DriverCall? Validate(DriverData? driver, string at, List<string> problems)
    {
        if (driver is null)
        {
            problems.Add($"{at} must be an object");
            return null;
        }

        var who = driver.DriverId is { } id ? $"{at} (driverId {id})" : at;
        var before = problems.Count;
        if (driver.DriverId is null)
        {
            problems.Add($"{at}.driverId is required");
        }
        else if (driver.DriverId <= 0)
        {
            problems.Add($"{who}.driverId must be a positive integer");
        }

        TextRules.Required(problems, $"{who}.driverName", driver.DriverName, MaxTextLength);
        string? phone = null;
        if (TextRules.Required(problems, $"{who}.phoneNumber", driver.PhoneNumber, MaxTextLength)
            && !PhoneNumber.TryNormalizeToE164(driver.PhoneNumber, out phone))
        {
            problems.Add($"{who}.phoneNumber '{driver.PhoneNumber}' is not a phone number that normalises to E.164 (e.g. +15551234567)");
        }

        TextRules.Optional(problems, $"{who}.customRules", driver.CustomRules, MaxTextLength);
        ValidateViolations(driver.Violations, $"{who}.violations", problems);
        if (problems.Count > before)
        {
            return null;
        }

        return new DriverCall(
            driver.DriverId!.Value,
            driver.DriverName!.Trim(),
            phone!,
            string.IsNullOrWhiteSpace(driver.CustomRules) ? null : driver.CustomRules.Trim(),
            driver.Violations!.TripId!.Trim(),
            driver.Violations.ViolationDetails!.Select(d => (d!.Type!.Trim(), d.Description!.Trim())).ToList());
    }

    private static void ValidateViolations(Violations? violations, string at, List<string> problems)
    {
        if (violations is null)
        {
            problems.Add($"{at} is required");
            return;
        }

        TextRules.Required(problems, $"{at}.tripId", violations.TripId, MaxTextLength);
        var details = violations.ViolationDetails;
        if (details is null || details.Count == 0)
        {
            problems.Add($"{at}.violationDetails must hold at least one violation");
        }
        else if (details.Count > MaxViolationsPerDriver)
        {
            problems.Add($"{at}.violationDetails holds {details.Count}; at most {MaxViolationsPerDriver}");
        }
        else
        {
            for (var v = 0; v < details.Count; v++)
            {
                TextRules.Required(problems, $"{at}.violationDetails[{v}].type", details[v]?.Type, MaxTextLength);
                TextRules.Required(problems, $"{at}.violationDetails[{v}].description", details[v]?.Description, MaxTextLength);
            }
        }
    }
}

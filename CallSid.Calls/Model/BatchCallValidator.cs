using CallSid.ServiceDefaults.Http;

namespace CallSid.Calls.Model;

/// <summary>Checks a batch before anything is written, and names every bad field with its driver.</summary>
public static class BatchCallValidator
{
    /// <summary>Long enough for real names and rules; bounded so one request cannot grow a prompt without limit.</summary>
    public const int MaxTextLength = 2000;
    public const int MaxDrivers = 100;
    public const int MaxViolationsPerDriver = 50;

    public static bool TryValidate(BatchCallRequest? request, out ValidBatch batch, out List<string> problems)
    {
        problems = [];
        batch = null!;
        if (request is null)
        {
            problems.Add("the body must be a BatchCallRequest JSON object");
            return false;
        }

        if (string.IsNullOrWhiteSpace(request.CallType))
        {
            problems.Add("callType is required");
        }

        if (string.IsNullOrWhiteSpace(request.Timestamp))
        {
            problems.Add("timestamp is required");
        }
        else if (!Iso8601.TryParse(request.Timestamp, out _))
        {
            problems.Add($"timestamp '{request.Timestamp}' is not an ISO 8601 date-time");
        }

        if (request.Drivers is null || request.Drivers.Count == 0)
        {
            problems.Add("drivers must hold at least one driver");
        }
        else if (request.Drivers.Count > MaxDrivers)
        {
            problems.Add($"drivers holds {request.Drivers.Count} drivers; at most {MaxDrivers} per request");
        }

        var drivers = new List<DriverCall>();
        var seen = new Dictionary<int, int>();
        for (var i = 0; i < (request.Drivers?.Count ?? 0) && i < MaxDrivers; i++)
        {
            if (ValidateDriver(request.Drivers![i], $"drivers[{i}]", problems) is not { } driver)
            {
                continue;
            }

            if (seen.TryGetValue(driver.DriverId, out var first))
            {
                problems.Add($"drivers[{i}] (driverId {driver.DriverId}): the same driver as drivers[{first}]; one call per driver and timestamp");
                continue;
            }

            seen[driver.DriverId] = i;
            drivers.Add(driver);
        }

        if (problems.Count > 0)
        {
            return false;
        }

        batch = new ValidBatch(request.CallType!.Trim(), request.Timestamp!, drivers);
        return true;
    }

    private static DriverCall? ValidateDriver(DriverData? driver, string at, List<string> problems)
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

        if (string.IsNullOrWhiteSpace(driver.DriverName))
        {
            problems.Add($"{who}.driverName is required");
        }
        else if (driver.DriverName.Length > MaxTextLength)
        {
            problems.Add($"{who}.driverName is longer than {MaxTextLength} characters");
        }

        string? phone = null;
        if (string.IsNullOrWhiteSpace(driver.PhoneNumber))
        {
            problems.Add($"{who}.phoneNumber is required");
        }
        else if (!PhoneNumber.TryNormalizeToE164(driver.PhoneNumber, out phone))
        {
            problems.Add($"{who}.phoneNumber '{driver.PhoneNumber}' is not a phone number that normalises to E.164 (e.g. +15551234567)");
        }

        if (driver.CustomRules is { Length: > MaxTextLength })
        {
            problems.Add($"{who}.customRules is longer than {MaxTextLength} characters");
        }

        if (driver.Violations is null)
        {
            problems.Add($"{who}.violations is required");
        }
        else
        {
            if (string.IsNullOrWhiteSpace(driver.Violations.TripId))
            {
                problems.Add($"{who}.violations.tripId is required");
            }
            else if (driver.Violations.TripId.Length > MaxTextLength)
            {
                problems.Add($"{who}.violations.tripId is longer than {MaxTextLength} characters");
            }

            var details = driver.Violations.ViolationDetails;
            if (details is null || details.Count == 0)
            {
                problems.Add($"{who}.violations.violationDetails must hold at least one violation");
            }
            else if (details.Count > MaxViolationsPerDriver)
            {
                problems.Add($"{who}.violations.violationDetails holds {details.Count}; at most {MaxViolationsPerDriver}");
            }
            else
            {
                for (var v = 0; v < details.Count; v++)
                {
                    if (string.IsNullOrWhiteSpace(details[v]?.Type))
                    {
                        problems.Add($"{who}.violations.violationDetails[{v}].type is required");
                    }
                    else if (details[v]!.Type!.Length > MaxTextLength)
                    {
                        problems.Add($"{who}.violations.violationDetails[{v}].type is longer than {MaxTextLength} characters");
                    }

                    if (string.IsNullOrWhiteSpace(details[v]?.Description))
                    {
                        problems.Add($"{who}.violations.violationDetails[{v}].description is required");
                    }
                    else if (details[v]!.Description!.Length > MaxTextLength)
                    {
                        problems.Add($"{who}.violations.violationDetails[{v}].description is longer than {MaxTextLength} characters");
                    }
                }
            }
        }

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
}

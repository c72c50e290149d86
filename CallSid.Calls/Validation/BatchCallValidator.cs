using CallSid.Calls.Model;
using CallSid.Conventions.Http;
using CallSid.Conventions.Validation;

namespace CallSid.Calls.Validation;

/// <summary>Checks a batch before anything is written, and names every bad field with its driver.</summary>
public static class BatchCallValidator
{
    public const int MaxDrivers = 100;

    public static bool TryValidate(BatchCallRequest? request, out ValidBatch batch, out List<string> problems)
    {
        problems = [];
        batch = null!;
        if (request is null)
        {
            problems.Add("the body must be a BatchCallRequest JSON object");
            return false;
        }

        TextRules.Required(problems, "callType", request.CallType, DriverValidator.MaxTextLength);
        if (string.IsNullOrWhiteSpace(request.Timestamp))
        {
            problems.Add("timestamp is required");
        }
        else if (!Iso8601.TryParse(request.Timestamp, out var timestamp))
        {
            problems.Add($"timestamp '{request.Timestamp}' is not an ISO 8601 date-time");
        }
        else if (!StoredTimeRange.Contains(timestamp))
        {
            problems.Add(StoredTimeRange.Describe("timestamp", request.Timestamp));
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
            if (DriverValidator.Validate(request.Drivers![i], $"drivers[{i}]", problems) is not { } driver)
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
}

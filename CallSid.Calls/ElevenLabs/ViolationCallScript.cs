using System.Text;
using CallSid.Calls.Model;

namespace CallSid.Calls.ElevenLabs;

/// <summary>What the agent is told (its prompt) and says first, built from the driver, the trip and its violations.</summary>
public static class ViolationCallScript
{
    public static (string Prompt, string FirstMessage) Build(DriverCall driver, string dispatcherName)
    {
        var prompt = new StringBuilder()
            .AppendLine($"You are a calm, professional voice assistant calling on behalf of {dispatcherName}.")
            .AppendLine($"You are speaking with {driver.DriverName}, a truck driver (driver ID {driver.DriverId}), about trip {driver.TripId}.")
            .AppendLine()
            .AppendLine("These violations were recorded on the trip:");
        for (var i = 0; i < driver.Violations.Count; i++)
        {
            prompt.AppendLine($"{i + 1}. {driver.Violations[i].Type}: {driver.Violations[i].Description}");
        }

        prompt.AppendLine()
            .AppendLine("Your goals:")
            .AppendLine("- Explain each violation in plain words, one at a time.")
            .AppendLine("- Ask the driver what happened and listen; do not argue or assign blame.")
            .AppendLine("- Confirm what the driver will do next, then thank them and end the call.")
            .AppendLine("- If the driver asks for a person, transfer the call to {{transfer_to}}.");
        if (driver.CustomRules is not null)
        {
            prompt.AppendLine().AppendLine("Company rules that apply to this driver:").AppendLine(driver.CustomRules);
        }

        var issues = driver.Violations.Count == 1 ? "an issue" : $"{driver.Violations.Count} issues";
        var firstMessage = $"Hi {driver.DriverName}, this is an assistant calling for {dispatcherName} about trip {driver.TripId}. " +
                           $"Do you have a minute to talk about {issues} we noticed?";
        return (prompt.ToString(), firstMessage);
    }
}

using System.Text.Json;

namespace CallSid.Calls.Model;

public sealed record ClientDataEcho(Dictionary<string, JsonElement>? DynamicVariables);

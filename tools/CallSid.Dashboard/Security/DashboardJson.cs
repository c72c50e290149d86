using System.Text.Json;

namespace CallSid.Dashboard.Security;

/// <summary>The JSON API's conventions: snake_case names (like CallSid's APIs), attribute keys left as they are.</summary>
public static class DashboardJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        return options;
    }
}

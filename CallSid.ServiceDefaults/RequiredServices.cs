using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace CallSid.ServiceDefaults;

/// <summary>The services this one cannot work without; start-up fails, naming the setting, when one has no address.</summary>
public sealed class RequiredServices
{
    public List<string> Names { get; } = [];

    /// <summary>Checks at start what service discovery would only find out at the first request.</summary>
    internal sealed class Validator(IConfiguration configuration) : IValidateOptions<RequiredServices>
    {
        public ValidateOptionsResult Validate(string? name, RequiredServices options)
        {
            var problems = options.Names.Distinct()
                .Where(service => !configuration.GetSection($"services:{service}:http").GetChildren().Any(endpoint => !string.IsNullOrWhiteSpace(endpoint.Value)))
                .Select(service => $"No address for service '{service}': set services__{service}__http__0.")
                .ToList();
            return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
        }
    }
}

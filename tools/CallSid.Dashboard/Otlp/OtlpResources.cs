using OpenTelemetry.Proto.Common.V1;
using CallSid.Dashboard.Telemetry;
using OtlpResource = OpenTelemetry.Proto.Resource.V1.Resource;

namespace CallSid.Dashboard.Otlp;

/// <summary>Finds the resource an export comes from by its <c>service.name</c> and <c>service.instance.id</c>.</summary>
public sealed class OtlpResources(TelemetryResourceRegistry registry, OtlpAttributes attributes)
{
    /// <summary>The specification's name for a service that did not say its name.</summary>
    public const string UnknownService = "unknown_service";

    public TelemetryResource Read(OtlpResource? resource, IngestCounters counters)
    {
        string? serviceName = null;
        string? instanceId = null;
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name" && attribute.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
                {
                    serviceName = attribute.Value.StringValue;
                }
                else if (attribute.Key == "service.instance.id" && attribute.Value?.ValueCase == AnyValue.ValueOneofCase.StringValue)
                {
                    instanceId = attribute.Value.StringValue;
                }
            }
        }

        return registry.GetOrAdd(
            string.IsNullOrEmpty(serviceName) ? UnknownService : serviceName,
            string.IsNullOrEmpty(instanceId) ? null : instanceId,
            () => resource is null ? [] : attributes.Convert(resource.Attributes, counters));
    }
}

namespace CallSid.Edge;

/// <summary>Names this service's assembly for WebApplicationFactory in tests (each service has its own Program).</summary>
public sealed class EdgeEntryPoint;

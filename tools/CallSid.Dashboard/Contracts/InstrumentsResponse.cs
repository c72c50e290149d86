namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/telemetry/metrics/instruments.</summary>
public sealed record InstrumentsResponse(string? Resource, IReadOnlyList<InstrumentItem> Instruments);

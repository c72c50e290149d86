namespace CallSid.Dashboard.Telemetry;

/// <summary>Deliveries in one minute, by (webhook, outcome).</summary>
public sealed record WebhookMinute(DateTimeOffset Minute, Dictionary<(string Webhook, string Outcome), double> Counts);

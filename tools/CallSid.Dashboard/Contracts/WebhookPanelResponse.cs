namespace CallSid.Dashboard.Contracts;

/// <summary>GET /api/webhooks/deliveries: per-minute counts, oldest minute first, for each webhook and outcome.</summary>
public sealed record WebhookPanelResponse(IReadOnlyList<DateTimeOffset> Minutes, IReadOnlyList<string> Outcomes, IReadOnlyList<WebhookSeriesItem> Webhooks);

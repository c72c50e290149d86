namespace CallSid.Dashboard.Contracts;

public sealed record WebhookSeriesItem(string Webhook, IReadOnlyDictionary<string, IReadOnlyList<double>> Counts, double Total);

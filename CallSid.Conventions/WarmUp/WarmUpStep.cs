namespace CallSid.Conventions.WarmUp;

/// <summary>
/// Work done once at start-up, before the service reports ready, so its first real requests do not pay for compiling
/// queries and opening connections (which, under a request budget, would turn them into 503s).
/// </summary>
/// <param name="Name">For the log.</param>
/// <param name="Run">Runs in its own service scope; an exception means "not yet" (the database may still be starting).</param>
public sealed record WarmUpStep(string Name, Func<IServiceProvider, CancellationToken, Task> Run);

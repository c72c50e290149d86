namespace CallSid.Edge.Tests;

/// <summary>
/// Tests that turn tracing on in the process run alone: while an edge's OpenTelemetry SDK listens, every HttpClient in
/// the process starts traces of its own, which would change the trace context other tests send and assert.
/// </summary>
[CollectionDefinition(nameof(EdgeTracingTests), DisableParallelization = true)]
public sealed class TracingCollection;

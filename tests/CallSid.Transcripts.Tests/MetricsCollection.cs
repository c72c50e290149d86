namespace CallSid.Transcripts.Tests;

/// <summary>Tests that listen to every meter in the process run alone.</summary>
[CollectionDefinition(nameof(MetricsTests), DisableParallelization = true)]
public sealed class MetricsCollection;

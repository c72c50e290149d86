namespace CallSid.AppHost.Supervision;

/// <summary>Marks a resource the <see cref="CrashRestarter"/> starts again when it exits on its own with a failure.</summary>
public sealed class RestartOnCrashAnnotation : IResourceAnnotation;

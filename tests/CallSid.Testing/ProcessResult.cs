namespace CallSid.Testing;

public sealed record ProcessResult(int ExitCode, string Output);

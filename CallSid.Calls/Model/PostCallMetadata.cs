namespace CallSid.Calls.Model;

public sealed record PostCallMetadata(long? StartTimeUnixSecs, long? CallDurationSecs);

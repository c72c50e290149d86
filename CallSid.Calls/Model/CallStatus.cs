namespace CallSid.Calls.Model;

public enum CallStatus
{
    InProgress,
    Completed,
    Failed,
}

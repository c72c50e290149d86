namespace CallSid.Calls.Services;

public enum FinishOutcome
{
    Finished,
    AlreadyInThatState,
    NotFound,
    Reopening,
    EndBeforeStart,
}

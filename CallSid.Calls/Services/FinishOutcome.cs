using CallSid.Calls.Model;
using CallSid.ServiceDefaults.Database;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Calls.Services;

public enum FinishOutcome
{
    Finished,
    AlreadyInThatState,
    NotFound,
    Reopening,
    EndBeforeStart,
}

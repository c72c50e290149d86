using CallSid.Transcripts.Infrastructure;
using CallSid.Transcripts.Model;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace CallSid.Transcripts.Services;

/// <summary>A stored turn; <see cref="Created"/> is false when the same turn had been stored before.</summary>
public sealed record SavedTurn(int TranscriptionId, int SequenceNumber, bool Created);

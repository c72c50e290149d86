using CallSid.Transcripts.Model;

namespace CallSid.Transcripts.Services;

/// <summary>A turn of ElevenLabs' post-call transcript; <see cref="At"/> is the conversation's start plus its time_in_call_secs.</summary>
public sealed record SpokenTurn(SpeakerType Speaker, string Message, DateTime At);

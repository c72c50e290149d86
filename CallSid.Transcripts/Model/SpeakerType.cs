namespace CallSid.Transcripts.Model;

/// <summary>Who spoke. ElevenLabs says <c>user</c> for the person on the phone; we store <c>driver</c>.</summary>
public enum SpeakerType
{
    Agent,
    Driver,
}

namespace CallSid.ElevenLabsEmulator;

/// <summary>Names this assembly for WebApplicationFactory in tests.</summary>
public sealed class EmulatorEntryPoint;

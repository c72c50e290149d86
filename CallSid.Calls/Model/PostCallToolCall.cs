namespace CallSid.Calls.Model;

/// <summary>One entry of a transcript item's <c>tool_calls</c>; only the tool's name is used (voicemail_detection).</summary>
public sealed record PostCallToolCall(string? ToolName);

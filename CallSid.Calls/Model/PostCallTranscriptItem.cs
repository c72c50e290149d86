namespace CallSid.Calls.Model;

/// <summary>
/// One entry of ElevenLabs' <c>transcript</c> (post-call event and GET conversation): <c>role</c> is <c>agent</c> or
/// <c>user</c>; <c>message</c> is null for an entry that only carries tool calls. <c>tool_calls</c> names the system tools the agent used. Other fields are ignored.
/// </summary>
public sealed record PostCallTranscriptItem(string? Role, string? Message, double? TimeInCallSecs, IReadOnlyList<PostCallToolCall?>? ToolCalls = null);

namespace CallSid.Calls.ElevenLabs;

/// <summary>ElevenLabs' FastAPI-style 422 body: <c>{"detail":[{"loc":[...],"msg":"...","type":"..."}]}</c>.</summary>
public sealed record ValidationErrorResponse(IReadOnlyList<ValidationErrorItem>? Detail);

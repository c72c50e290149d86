using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json;
using CallSid.Conventions.Http;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace CallSid.Transcripts.Services;

/// <summary>
/// The first step of the two-step lookup: call_sid to conversation_id, asked of the Calls service (which owns the
/// calls table) over HTTP. A resolved mapping never changes, so it is kept in a bounded in-process cache; a miss or a
/// call without a conversation_id is asked again next time. Concurrent lookups of one call_sid share one request.
/// </summary>
public sealed class CallSidResolver : IDisposable
{
    public const string HttpClientName = "calls";
    public const string ActivitySourceName = "CallSid.Transcripts";

    private static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    private static readonly JsonSerializerOptions Json = JsonApiDefaults.CreateSerializerOptions();

    private readonly IHttpClientFactory _httpClients;
    private readonly MemoryCache _cache;
    private readonly Counter<long> _lookups;
    private readonly ConcurrentDictionary<string, Lazy<Task<CallLookup>>> _inFlight = new();

    public CallSidResolver(IHttpClientFactory httpClients, IOptions<TranscriptOptions> options, IMeterFactory meters)
    {
        _httpClients = httpClients;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.CallCacheSize });
        _lookups = meters.Create(ActivitySourceName).CreateCounter<long>(
            "callsid.call_sid.lookups", "{lookup}", "call_sid lookups, by whether the cache answered (callsid.cache: hit or miss)");
    }

    public async Task<CallLookup> ResolveAsync(string callSid, CancellationToken cancellationToken)
    {
        using var activity = ActivitySource.StartActivity("resolve call_sid");
        activity?.SetTag("callsid.call_sid", callSid);
        if (_cache.TryGetValue(callSid, out string? cached))
        {
            activity?.SetTag("callsid.cache_hit", true);
            _lookups.Add(1, new KeyValuePair<string, object?>("callsid.cache", "hit"));
            return new CallLookup.Found(cached!);
        }

        activity?.SetTag("callsid.cache_hit", false);
        _lookups.Add(1, new KeyValuePair<string, object?>("callsid.cache", "miss"));
        // One request per call_sid however many turns arrive at once. It belongs to no single caller, so a caller
        // that gives up does not cancel it, and it leaves the in-flight table when it ends, not when a caller does.
        var lookup = _inFlight.GetOrAdd(callSid, key => new Lazy<Task<CallLookup>>(() => AskCallsAsync(key))).Value;
        var result = await lookup.WaitAsync(cancellationToken);
        activity?.SetTag("callsid.lookup", result.GetType().Name);
        return result;
    }

    public void Dispose() => _cache.Dispose();

    private async Task<CallLookup> AskCallsAsync(string callSid)
    {
        try
        {
            var result = await GetCallAsync(callSid);
            if (result is CallLookup.Found found)
            {
                _cache.Set(callSid, found.ConversationId, new MemoryCacheEntryOptions { Size = 1 });
            }

            return result;
        }
        finally
        {
            _inFlight.TryRemove(callSid, out _);
        }
    }

    private async Task<CallLookup> GetCallAsync(string callSid)
    {
        try
        {
            var http = _httpClients.CreateClient(HttpClientName);
            using var response = await http.GetAsync($"calls/{Uri.EscapeDataString(callSid)}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return new CallLookup.NotFound($"Cannot save transcription - Call record not found for call_sid: {callSid}");
            }

            if ((int)response.StatusCode is >= 400 and < 500 and not 408 and not 429)
            {
                return new CallLookup.Refused($"The Calls service refused call_sid {callSid} ({(int)response.StatusCode})");
            }

            if (!response.IsSuccessStatusCode)
            {
                return new CallLookup.Unavailable($"The Calls service answered {(int)response.StatusCode}");
            }

            var call = await response.Content.ReadFromJsonAsync<CallsServiceCall>(Json);
            return call?.ConversationId is { Length: > 0 } conversationId
                ? new CallLookup.Found(conversationId)
                : new CallLookup.NoConversation($"Call {callSid} has no conversation_id - the ElevenLabs call may have failed");
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or TaskCanceledException or JsonException
                                      or Polly.Timeout.TimeoutRejectedException or Polly.CircuitBreaker.BrokenCircuitException)
        {
            return new CallLookup.Unavailable($"The Calls service could not be reached: {e.Message}");
        }
    }

    /// <summary>The part of Calls' <c>GET /calls/{call_sid}</c> answer this service uses.</summary>
    private sealed record CallsServiceCall(string CallSid, string? ConversationId);
}

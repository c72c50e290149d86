-- Posts per-turn webhooks to the edge, spread over pre-placed calls; every turn new (its own message and timestamp),
-- so each request stores a row. CALLS_SIDS (comma-separated call_sids) comes from the environment.
local calls = {}
for sid in string.gmatch(os.getenv("CALLS_SIDS"), "[^,]+") do calls[#calls + 1] = sid end
local token = os.getenv("TOKEN") or "throughput-token"
local counter = 0
local thread_id = 0

function setup(thread)
  thread:set("id", thread_id)
  thread_id = thread_id + 1
end

function init(args)
  counter = id * 100000000 + math.random(0, 99999999)
end

request = function()
  counter = counter + 1
  local sid = calls[(counter % #calls) + 1]
  local ms = counter % 86400000
  local ts = string.format("2024-11-21T%02d:%02d:%02d.%03dZ",
    math.floor(ms / 3600000) % 24, math.floor(ms / 60000) % 60, math.floor(ms / 1000) % 60, ms % 1000)
  local body = string.format('{"call_sid":"%s","speaker":"agent","message":"turn %d","timestamp":"%s"}', sid, counter, ts)
  return wrk.format("POST", "/webhooks/elevenlabs/transcription",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, body)
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f non2xx=%d errors=%d p50_ms=%.2f p99_ms=%.2f\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

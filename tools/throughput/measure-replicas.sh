#!/usr/bin/env bash
# Webhook throughput through the edge with 1 and with 2 Transcripts replicas, in one session: the AppHost (Release)
# is started with each count in turn, ROUNDS times, so load from anything else on the machine hits both alike. Each
# start places CALLS calls, warms up for 15 s, then runs wrk RUNS times (DURATION s, CONNECTIONS connections), and
# records the CPU seconds the edge, Transcripts, Calls and PostgreSQL used per turn, and the load average.
#   dotnet build -c Release CallSid.AppHost && tools/throughput/measure-replicas.sh   (needs wrk, jq, bc)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
work=$(mktemp -d /tmp/callsid-throughput-XXXX)
chmod o+x "$work" # as root the AppHost's PostgreSQL runs as the postgres user, which must enter it
export AppHost__DataDirectory=$work/data AppHost__Ports__Edge=15080 AppHost__Ports__Calls=15081 \
  AppHost__Ports__Transcripts=15082 AppHost__Ports__Emulator=15090 AppHost__Ports__Postgres=15433 \
  Emulator__ConversationTurns=0 Webhooks__TranscriptionToken=throughput-token Logging__LogLevel__Default=Warning \
  AppHost__Dashboard__Enabled=false

cpu() { # CPU seconds so far of this checkout's edge, transcripts, calls, and the AppHost's PostgreSQL
  local tick postmaster; tick=$(getconf CLK_TCK); postmaster=$(pgrep -f "postgres -D $work/data" | head -1 || true)
  declare -A sum=()
  for stat in /proc/[0-9]*/stat; do
    local pid=${stat#/proc/}; pid=${pid%/stat}; local f cmd part
    read -r -a f < <(sed 's/.*) //' "$stat" 2>/dev/null) || continue
    cmd=$(tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null) || continue
    case "$cmd" in
      *"$repo/CallSid.Edge/bin/Release/"*) part=edge ;;
      *"$repo/CallSid.Transcripts/bin/Release/"*) part=transcripts ;;
      *"$repo/CallSid.Calls/bin/Release/"*) part=calls ;;
      *) if [ -n "$postmaster" ] && { [ "$pid" = "$postmaster" ] || [ "${f[1]}" = "$postmaster" ]; }; then part=postgres; else continue; fi ;;
    esac
    sum[$part]=$(( ${sum[$part]:-0} + f[11] + f[12] ))
  done
  for part in edge transcripts calls postgres; do printf "%s=%s " $part "$(echo "scale=2; ${sum[$part]:-0} / $tick" | bc)"; done
}

session() { # $1 = Transcripts replicas
  AppHost__Replicas__transcripts=$1 dotnet "$repo/CallSid.AppHost/bin/Release/net10.0/CallSid.AppHost.dll" > "$work/apphost-$1.log" 2>&1 &
  local apphost=$! calls="" d
  until grep -q "CallSid is ready in" "$work/apphost-$1.log"; do
    kill -0 $apphost 2>/dev/null || { tail -n 5 "$work/apphost-$1.log"; exit 1; }
    sleep 1
  done
  for d in $(seq 1001 $((1000 + ${CALLS:-64}))); do
    calls="$calls,$(curl -s localhost:15081/driver_data/call-elevenlabs -H 'Content-Type: application/json' -d "{\"callType\":\"violation\",\"timestamp\":\"2024-11-21T09:00:00Z\",\"drivers\":[{\"driverId\":$d,\"driverName\":\"Driver $d\",\"phoneNumber\":\"+1555000$d\",\"customRules\":\"\",\"violations\":{\"tripId\":\"t$d\",\"violationDetails\":[{\"type\":\"speed\",\"description\":\"too fast\"}]}}]}" | jq -r .call_sid)"
  done
  export CALLS_SIDS=${calls#,}
  wrk -t1 -c"${CONNECTIONS:-32}" -d15s -s "$here/turns.lua" http://127.0.0.1:15080 > /dev/null
  for run in $(seq 1 "${RUNS:-2}"); do
    local load before result after
    load=$(cut -d' ' -f1 /proc/loadavg); before=$(cpu)
    result=$(wrk -t1 -c"${CONNECTIONS:-32}" -d"${DURATION:-15}"s -s "$here/turns.lua" http://127.0.0.1:15080 | grep RESULT)
    after=$(cpu)
    echo "replicas=$1 run=$run $result load=$load cpu_before=[$before] cpu_after=[$after]"
  done
  kill -TERM $apphost; wait $apphost || true
}

for round in $(seq 1 "${ROUNDS:-3}"); do session 1; session 2; done
rm -rf "$work"

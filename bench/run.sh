#!/usr/bin/env bash
# Fan-out benchmark: Whisper against the leanest ASP.NET Core SSE broadcaster (the stack's ceiling),
# side by side in one run, with the shared load generator. Loopback only; not part of ./test.sh.
#
#   bench/run.sh              N = 100 1000 5000, rates 5,20,100 msgs/s  (~5 min)
#   bench/run.sh quick        N = 100 1000, rates 20,100                 (~2 min)
#
# Overrides: NS="1000 10000" RATES="5,20" DURATION=3 DRAIN=10 SYSTEMS="whisper ceiling signalr socketio" PEERS=../shared/peers
# Each server runs alone on CPU 0 and the load generator on CPU 1; the server is restarted per N.
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
# WHISPER_SOURCE=/path/to/another/checkout measures that build instead (for A/B runs).
WHISPER_SOURCE=${WHISPER_SOURCE:-$ROOT}
PEERS=${PEERS:-$ROOT/../shared/peers}
[ -d "$PEERS/loadgen" ] || { echo "the peers' load generator is not at $PEERS (set PEERS=...)" >&2; exit 1; }

MODE=${1:-full}
case "$MODE" in
  quick) NS=${NS:-"100 1000"}; RATES=${RATES:-"20,100"}; DURATION=${DURATION:-2}; DRAIN=${DRAIN:-5} ;;
  full)  NS=${NS:-"100 1000 5000"}; RATES=${RATES:-"5,20,100"}; DURATION=${DURATION:-3}; DRAIN=${DRAIN:-10} ;;
  *) echo "usage: $0 [full|quick]" >&2; exit 2 ;;
esac
SYSTEMS=${SYSTEMS:-"whisper ceiling"}
PORT=5290

ulimit -n "$(ulimit -Hn)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 ASPNETCORE_ENVIRONMENT=Production

echo "== build (Release)"
dotnet publish "$WHISPER_SOURCE/Whisper.Web" -c Release -o out/whisper --nologo -v q
dotnet publish "$PEERS/loadgen" -c Release -o out/loadgen --nologo -v q
dotnet publish "$PEERS/sse-ceiling" -c Release -o out/sse-ceiling --nologo -v q
case " $SYSTEMS " in *" signalr "*) dotnet publish "$PEERS/signalr" -c Release -o out/signalr --nologo -v q ;; esac
case " $SYSTEMS " in *" socketio "*)
  # A copy, so the shared peers folder is never written to.
  mkdir -p out/socketio && cp "$PEERS/socketio/server.js" "$PEERS/socketio/package.json" "$PEERS/socketio/package-lock.json" out/socketio/
  [ -d out/socketio/node_modules/socket.io ] || (cd out/socketio && npm ci --no-audit --no-fund --loglevel=error) ;;
esac

mkdir -p results
STAMP=$(date +%Y%m%d-%H%M%S)
JSONL="results/$STAMP-$MODE.jsonl"
: > "$JSONL"
DATA=$(mktemp -d)
SERVER_PID=""
stop_server() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  SERVER_PID=""
}
trap 'stop_server; rm -rf "$DATA"' EXIT
trap 'exit 130' INT TERM

wait_for() { # url
  for _ in $(seq 1 150); do
    curl -sf "$1" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "server did not come up" >&2; return 1
}

port_free() {
  if ss -ltn "sport = :$PORT" | grep -q LISTEN; then echo "port $PORT is taken: is another benchmark still running?" >&2; exit 1; fi
}

start_whisper() {
  port_free
  rm -rf "${DATA:?}"/*
  # exec: $! is then the server itself, whose CPU and memory the load generator reads.
  (cd out/whisper && exec taskset -c 0 dotnet Whisper.Web.dll --urls "http://127.0.0.1:$PORT" \
    --Whisper:DataPath="$DATA" --Whisper:RateLimits:Enabled=false \
    --Logging:LogLevel:Default=Warning >"$ROOT/bench/results/server-whisper.log" 2>&1) &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PORT/healthz"
  # Join as a person would: the form's antiforgery field, then the room page's token for htmx posts.
  local jar="$DATA/jar" form token
  form=$(curl -sf -c "$jar" "http://127.0.0.1:$PORT/chat/lobby")
  token=$(grep -o 'name="__RequestVerificationToken" type="hidden" value="[^"]*"' <<<"$form" | head -1 | sed 's/.*value="//;s/"$//')
  curl -sf -o /dev/null -b "$jar" -c "$jar" --data-urlencode "__RequestVerificationToken=$token" -d "accept=true&room=lobby" "http://127.0.0.1:$PORT/identity"
  PAGE_TOKEN=$(curl -sf -b "$jar" -c "$jar" "http://127.0.0.1:$PORT/chat/lobby" | grep -o 'name="antiforgery-token" content="[^"]*"' | sed 's/.*content="//;s/"$//')
  COOKIE=$(sed 's/^#HttpOnly_//' "$jar" | awk '!/^#/ && NF >= 7 { printf "%s%s=%s", sep, $6, $7; sep="; " }')
}

start_ceiling() {
  port_free
  taskset -c 0 dotnet out/sse-ceiling/SseCeiling.dll --urls "http://127.0.0.1:$PORT" >results/server-ceiling.log 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PORT/health"
}

start_peer() { # system command...
  port_free
  local sys=$1; shift
  taskset -c 0 "$@" >"results/server-$sys.log" 2>&1 &
  SERVER_PID=$!
  wait_for "http://127.0.0.1:$PORT/health"
}

START=$(date +%s)
for sys in $SYSTEMS; do
  for n in $NS; do
    echo "-- $sys N=$n"
    case "$sys" in
      whisper)
        start_whisper
        DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 taskset -c 1 dotnet out/loadgen/LoadGen.dll --system sse --label whisper \
          --stream-url "http://127.0.0.1:$PORT/chat/lobby/events" --post-url "http://127.0.0.1:$PORT/chat/lobby/messages" --field text \
          --cookie "$COOKIE" --pub-header "RequestVerificationToken: $PAGE_TOKEN" --pub-header "HX-Request: true" \
          --n "$n" --rates "$RATES" --duration "$DURATION" --drain "$DRAIN" --server-pid "$SERVER_PID" --out "$JSONL" \
          || echo "loadgen failed for whisper N=$n (continuing)" ;;
      ceiling)
        start_ceiling
        DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 taskset -c 1 dotnet out/loadgen/LoadGen.dll --system sse --label sse-ceiling \
          --url "http://127.0.0.1:$PORT" --n "$n" --rates "$RATES" --duration "$DURATION" --drain "$DRAIN" --server-pid "$SERVER_PID" --out "$JSONL" \
          || echo "loadgen failed for ceiling N=$n (continuing)" ;;
      signalr|socketio)
        if [ "$sys" = signalr ]; then start_peer signalr dotnet out/signalr/SignalrPeer.dll --urls "http://127.0.0.1:$PORT"
        else start_peer socketio node out/socketio/server.js "$PORT"; fi
        DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 taskset -c 1 dotnet out/loadgen/LoadGen.dll --system "$sys" --label "$sys" \
          --url "http://127.0.0.1:$PORT" --n "$n" --rates "$RATES" --duration "$DURATION" --drain "$DRAIN" --server-pid "$SERVER_PID" --out "$JSONL" \
          || echo "loadgen failed for $sys N=$n (continuing)" ;;
    esac
    stop_server
    sleep 1
  done
done
echo "== done in $(( $(date +%s) - START ))s; raw results in bench/$JSONL"
{
  echo "## Run $STAMP ($MODE)"
  echo
  echo "- machine: $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), kernel $(uname -r), dotnet $(dotnet --version)"
  echo "- server on CPU 0, load generator on CPU 1; N [$NS], rates $RATES msgs/s, ${DURATION}s per phase"
  echo
  dotnet out/loadgen/LoadGen.dll report "$JSONL"
} | tee "results/$STAMP-$MODE.md"
echo "$JSONL" > results/latest

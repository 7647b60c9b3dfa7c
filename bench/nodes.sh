#!/usr/bin/env bash
# One node against two, and what Redis costs: Whisper.Bench runs the same load three ways, one after another:
#   local    one node, in memory + SQLite (the default)
#   redis    one node on Redis + PostgreSQL (every message goes through the Redis script and comes back)
#   2 nodes  two nodes on Redis + PostgreSQL, streams and posters spread over both
# Redis and PostgreSQL are started here on loopback for the run (Debian packages; Redis without persistence).
#
#   bench/nodes.sh            N = 1000 5000 10000 x 20, 100, 500 msgs/s
#   bench/nodes.sh quick      N = 1000 5000 x 20, 100
#   bench/nodes.sh rooms      rooms spread over two nodes: per-node CPU follows the node's own rooms (below)
#
# Overrides: NS="1000" RATES="20 100" MESSAGES=200 NODE_CPUS=0,1 CLIENT_CPU=1
# This machine has two cores: a single node gets CPU 0; two nodes get CPU 0 and CPU 1, and the load generator,
# Redis and PostgreSQL share CPU 1 (more nodes than cores only measure the coordination cost).
set -euo pipefail
cd "$(dirname "$0")"
ROOT=$(cd .. && pwd)
case "${1:-full}" in
  quick) NS=${NS:-"1000 5000"}; RATES=${RATES:-"20 100"} ;;
  rooms) ;;
  full)  NS=${NS:-"1000 5000 10000"}; RATES=${RATES:-"20 100 500"} ;;
  *) echo "usage: $0 [full|quick]" >&2; exit 2 ;;
esac
MESSAGES=${MESSAGES:-200}; NODE_CPUS=${NODE_CPUS:-0,1}; CLIENT_CPU=${CLIENT_CPU:-1}
REDIS_PORT=${REDIS_PORT:-6392}; PG_PORT=${PG_PORT:-5434}; PG_DATA=${PG_DATA:-/tmp/whisper-bench-postgres}
ulimit -n "$(ulimit -Hn)"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

echo "== build (Release)"
dotnet build "$ROOT/Whisper.sln" -c Release --nologo -v q >/dev/null
SERVER=$ROOT/Whisper.Web/bin/Release/net10.0/Whisper.Web.dll
BENCH=$ROOT/bench/Whisper.Bench/bin/Release/net10.0/Whisper.Bench.dll

echo "== redis and postgresql on loopback"
if [ "$(id -u)" -eq 0 ]; then as_postgres() { runuser -u postgres -- "$@"; }; else as_postgres() { sudo -u postgres "$@"; }; fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1 || true
taskset -c "$CLIENT_CPU" redis-server --port $REDIS_PORT --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile /tmp/whisper-bench-redis.log
[ -f "$PG_DATA/postmaster.pid" ] && as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m immediate >/dev/null 2>&1 || true
rm -rf "$PG_DATA" && mkdir -p "$PG_DATA" && chown postgres "$PG_DATA" 2>/dev/null || true
as_postgres "$PG_BIN/initdb" -D "$PG_DATA" -A trust -U postgres >/dev/null
as_postgres taskset -c "$CLIENT_CPU" "$PG_BIN/pg_ctl" -D "$PG_DATA" -l "$PG_DATA/server.log" -w start \
  -o "-p $PG_PORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" >/dev/null
trap 'redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1; as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1' EXIT

mkdir -p results
if [ "${1:-full}" = rooms ]; then
  # Two nodes, each serving its own room's readers: a busy room (ROOM_N streams, ROOM_RATE msgs/s) on one node and a
  # quiet one (100 streams, 2 msgs/s) on the other, then the other way round. Each node hears only the rooms it has
  # streams of, so its CPU should follow its own room's load, not the site's total. CPU seconds from /proc/PID/stat.
  ROOM_N=${ROOM_N:-1000}; ROOM_RATE=${ROOM_RATE:-100}; PORTS=(${NODE_PORTS:-5211 5212})
  as_postgres "$PG_BIN/psql" -h /tmp -p $PG_PORT -qc "CREATE DATABASE benchrooms" >/dev/null
  files=$(mktemp -d /tmp/whisper-bench-files-XXXX)
  pids=(); dirs=("$files")
  for i in 0 1; do
    data=$(mktemp -d /tmp/whisper-bench-node-XXXX); dirs+=("$data")
    (cd "$(dirname "$SERVER")" && ASPNETCORE_ENVIRONMENT=Production exec taskset -c "$(echo "$NODE_CPUS" | cut -d, -f$((i + 1)))" dotnet "$SERVER" \
      --urls "http://127.0.0.1:${PORTS[$i]}" --Whisper:DataPath="$data" --Whisper:Files:Path="$files" --Whisper:RateLimits:Enabled=false \
      --Whisper:RaidShield:AutoJoinsPerMinute=0 --Whisper:RaidShield:AutoRoomJoinsPerMinute=0 --Logging:LogLevel:Default=Warning \
      --Whisper:Redis:Configuration=127.0.0.1:$REDIS_PORT --Whisper:Redis:Prefix=benchrooms --Whisper:Database:Provider=Postgres \
      "--Whisper:Database:ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=benchrooms") >/dev/null 2>&1 &
    pids+=($!)
  done
  trap 'kill "${pids[@]}" 2>/dev/null; wait "${pids[@]}" 2>/dev/null; rm -rf "${dirs[@]}"; redis-cli -p $REDIS_PORT shutdown nosave >/dev/null 2>&1; as_postgres "$PG_BIN/pg_ctl" -D "$PG_DATA" stop -m fast >/dev/null 2>&1' EXIT
  for port in "${PORTS[@]}"; do
    for _ in $(seq 150); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
  done
  cpu() { awk '{ printf "%.2f", ($14 + $15) / '"$(getconf CLK_TCK)"' }' "/proc/$1/stat"; }
  phase() { # busy node index, quiet node index
    local busy=$1 quiet=$2 a0 b0
    a0=$(cpu "${pids[0]}"); b0=$(cpu "${pids[1]}")
    dotnet "$BENCH" --url "http://127.0.0.1:${PORTS[$busy]}" --room lobby -n "$ROOM_N" -m "$MESSAGES" -r "$ROOM_RATE" --client-cpu "$CLIENT_CPU" \
      --json "$out.busy" > "$out.busy.txt" 2>&1 &
    local bench=$!
    dotnet "$BENCH" --url "http://127.0.0.1:${PORTS[$quiet]}" --room tech -n 100 -m 20 -r 2 --client-cpu "$CLIENT_CPU" > "$out.quiet.txt" 2>&1 || true
    wait "$bench" || true
    printf 'busy lobby on node %s, quiet tech on node %s: node 0 used %5.1f CPU s, node 1 used %5.1f CPU s   (%s)\n' "$busy" "$quiet" \
      "$(echo "$(cpu "${pids[0]}") - $a0" | bc)" "$(echo "$(cpu "${pids[1]}") - $b0" | bc)" "$(tail -1 "$out.busy.txt")"

  }
  out=results/rooms-$(date -u +%Y%m%dT%H%M%SZ)
  phase 0 1
  phase 1 0
  rm -f "$out".*
  exit 0
fi
out=results/nodes-$(date -u +%Y%m%dT%H%M%SZ).jsonl
run=0
for n in $NS; do
  for rate in $RATES; do
    for mode in local redis two; do
      run=$((run + 1))
      args=(-n "$n" -m "$MESSAGES" -r "$rate" --client-cpu "$CLIENT_CPU" --server "$SERVER")
      if [ "$mode" != local ]; then
        # A fresh database and key prefix per run, so no run sees another's messages.
        as_postgres "$PG_BIN/psql" -h /tmp -p $PG_PORT -qc "CREATE DATABASE bench$run" >/dev/null
        args+=(--setting "Whisper:Redis:Configuration=127.0.0.1:$REDIS_PORT" --setting "Whisper:Redis:Prefix=bench$run"
               --setting "Whisper:Database:Provider=Postgres"
               --setting "Whisper:Database:ConnectionString=Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=bench$run")
      fi
      case $mode in
        local|redis) args+=(--node-cpus "${NODE_CPUS%%,*}") ;;
        two) args+=(--nodes 2 --node-cpus "$NODE_CPUS") ;;
      esac
      printf '%-6s N=%-6s %4s/s  ' "$mode" "$n" "$rate"
      dotnet "$BENCH" "${args[@]}" --json "$out.$mode" 2>/dev/null | tail -1 || echo "(run failed)"
    done
  done
done
for mode in local redis two; do sed "s/^{/{\"mode\":\"$mode\",/" "$out.$mode"; rm -f "$out.$mode"; done > "$out"
echo "results: $out"

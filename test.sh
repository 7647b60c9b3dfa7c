#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test, prints one summary line.
set -uo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }
results=TestResults

step "setup"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || { echo "could not install chromium"; exit 1; }
fi
# Without a colour-emoji font, Chromium draws reactions and emoji as empty boxes in the screenshots.
if [ ! -e /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ]; then
  echo "installing Debian's fonts-noto-color-emoji so the browser tests draw emoji"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends fonts-noto-color-emoji >/dev/null \
    || { echo "could not install fonts-noto-color-emoji"; exit 1; }
fi
# PostgreSQL (and, for the multi-node tests, Redis): Debian's packages, started by hand on loopback (no systemd here).
if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "installing Debian's postgresql for the PostgreSQL run of the suite"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends postgresql >/dev/null \
    || { echo "could not install postgresql"; exit 1; }
fi
if ! command -v redis-server >/dev/null; then
  echo "installing Debian's redis-server for the multi-node tests"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends redis-server >/dev/null \
    || { echo "could not install redis-server"; exit 1; }
fi
if ! command -v turnserver >/dev/null; then
  echo "installing Debian's coturn for the relayed-call test"
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends coturn >/dev/null \
    || { echo "could not install coturn"; exit 1; }
fi
command -v npm >/dev/null || { echo "npm is required (front-end packages come from npm)"; exit 1; }
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required"; exit 1; }

step "build"
dotnet build Whisper.sln -c Release -nologo -v minimal || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

step "style"
dotnet format Whisper.sln --verify-no-changes --no-restore -v quiet || { echo "style: run 'dotnet format Whisper.sln' to fix"; style_failed=1; }

step "release (the linux-x64 single file)"
tools/check-release.sh || release_failed=1

step "TURN relay (coturn) for the relayed-call test"
# On loopback only, for this run: checks the TURN REST credentials Whisper issues (use-auth-secret) with a fresh
# secret, and relays between two loopback peers (allowed here only: never in production). No config file, no CLI.
turn_port=3479
turn_pid=/tmp/whisper-test-turn.pid
turn_secret=$(head -c 24 /dev/urandom | base64 | tr -d '/+=')
[ -s "$turn_pid" ] && kill "$(cat "$turn_pid")" 2>/dev/null && sleep 1
rm -f "$turn_pid"
turnserver -n --daemon --no-cli --listening-ip=127.0.0.1 --relay-ip=127.0.0.1 --listening-port=$turn_port \
  --min-port=49700 --max-port=49799 --use-auth-secret --static-auth-secret="$turn_secret" --realm=whisper.test \
  --fingerprint --allow-loopback-peers --no-tls --no-dtls --db=/tmp/whisper-test-turn.db \
  --simple-log --log-file=/tmp/whisper-test-turn.log --pidfile="$turn_pid"
for _ in $(seq 50); do [ -s "$turn_pid" ] && break; sleep 0.1; done
if [ -s "$turn_pid" ] && kill -0 "$(cat "$turn_pid")" 2>/dev/null; then
  export WHISPER_TEST_TURN="127.0.0.1:$turn_port" WHISPER_TEST_TURN_SECRET="$turn_secret"
else
  echo "could not start coturn (see /tmp/whisper-test-turn.log)"; turn_failed=1
fi

step "tests (SQLite, one node)"
rm -rf "$results"
dotnet test Whisper.sln -c Release --no-build -nologo --filter "Category!=Cluster" --logger "trx;LogFileName=sqlite.trx" --results-directory "$results"
test_status=$?

step "tests (PostgreSQL, and two nodes on Redis and on a Redis Cluster)"
# Redis for this run only: loopback, no persistence (as the README asks of production too).
redis_port=6391
redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1
redis-server --port $redis_port --bind 127.0.0.1 --save '' --appendonly no --daemonize yes --logfile /tmp/whisper-test-redis.log \
  || { echo "could not start redis-server"; test_status=1; }
# A three-primary Redis Cluster on loopback (7001-7003, their bus ports 17001-17003): the cluster tests start it
# themselves (Support/LoopbackRedisCluster.cs, each wait bounded to 15 s) in a folder of their own and shut it down.
redis_cluster_ports="7001 7002 7003"
redis_cluster=$(for p in $redis_cluster_ports; do printf '127.0.0.1:%s,' "$p"; done); redis_cluster=${redis_cluster%,}
# A throwaway PostgreSQL cluster on port 5433, trust auth on loopback only, no fsync: it lives for this run.
pg_bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
pg_data=/tmp/whisper-test-postgres
as_postgres() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else $sudo -u postgres "$@"; fi; }
[ -f "$pg_data/postmaster.pid" ] && as_postgres "$pg_bin/pg_ctl" -D "$pg_data" stop -m immediate >/dev/null 2>&1
$sudo rm -rf "$pg_data" && $sudo mkdir -p "$pg_data" && $sudo chown postgres "$pg_data"
if as_postgres "$pg_bin/initdb" -D "$pg_data" -A trust -U postgres >/dev/null \
  && as_postgres "$pg_bin/pg_ctl" -D "$pg_data" -l "$pg_data/server.log" -w start \
       -o "-p 5433 -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c max_connections=500" >/dev/null; then
  WHISPER_TEST_POSTGRES="Host=127.0.0.1;Port=5433;Username=postgres;Timeout=30" WHISPER_TEST_REDIS="127.0.0.1:$redis_port" \
  WHISPER_TEST_REDIS_CLUSTER="$redis_cluster" \
    dotnet test Whisper.sln -c Release --no-build -nologo --logger "trx;LogFileName=postgres.trx" --results-directory "$results"
  [ $? -ne 0 ] && test_status=1
  as_postgres "$pg_bin/pg_ctl" -D "$pg_data" stop -m fast >/dev/null
else
  echo "could not start PostgreSQL"; test_status=1
fi
redis-cli -p $redis_port shutdown nosave >/dev/null 2>&1
# In case a test run was cut short before the cluster fixture shut its nodes down.
for p in $redis_cluster_ports; do redis-cli -p "$p" shutdown nosave >/dev/null 2>&1; done
[ -s "$turn_pid" ] && kill "$(cat "$turn_pid")" 2>/dev/null
rm -f "$turn_pid" /tmp/whisper-test-turn.db*
# Without the relay the relayed-call test is skipped, not passed: the run fails.
[ "${turn_failed:-0}" -ne 0 ] && test_status=1

step "summary"
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  total=$(echo "$counters" | grep -o ' total="[0-9]*"' | grep -o '[0-9]*')
  p=$(echo "$counters" | grep -o ' passed="[0-9]*"' | grep -o '[0-9]*')
  f=$(echo "$counters" | grep -o ' failed="[0-9]*"' | grep -o '[0-9]*')
  passed=$((passed + p)); failed=$((failed + f)); skipped=$((skipped + total - p - f))
done
if [ "$test_status" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
# The release check is not a dotnet test: a failure there counts as one failed test.
[ "${release_failed:-0}" -ne 0 ] && failed=$((failed + 1))
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "${style_failed:-0}" -eq 0 ]

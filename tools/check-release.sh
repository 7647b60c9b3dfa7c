#!/usr/bin/env bash
# Checks the linux-x64 release as an operator would use it: the one file, copied alone into an empty folder,
# answers --version, then serves a page and a stylesheet from nothing but itself, and stops on SIGTERM.
# Prints one line saying what it checked, or what failed; exits non-zero on failure.
set -uo pipefail
cd "$(dirname "$0")/.."

started=$(date +%s)
folder=$(mktemp -d /tmp/whisper-release.XXXXXX)
pid=""
finish() {
  [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
  rm -rf "$folder"
}
trap finish EXIT
fail() { echo "release: FAILED: $*"; [ -f "$folder/server.log" ] && tail -20 "$folder/server.log"; exit 1; }

tools/publish.sh linux-x64 >"$folder/publish.log" 2>&1 || { cat "$folder/publish.log"; fail "tools/publish.sh linux-x64"; }
mkdir "$folder/run" && cp publish/linux-x64/Whisper.Web "$folder/run/" || fail "could not copy the file"
cd "$folder/run"
# Unpacks into the test folder rather than ~/.net (the README's systemd unit points it at the cache directory).
export DOTNET_BUNDLE_EXTRACT_BASE_DIR="$folder/extract"

version=$(./Whisper.Web --version) || fail "--version exited with an error"
[[ "$version" =~ ^Whisper\ [0-9]+\.[0-9]+\.[0-9]+ ]] || fail "--version printed '$version'"

./Whisper.Web --urls http://127.0.0.1:0 >"$folder/server.log" 2>&1 &
pid=$!
address=""
for _ in $(seq 150); do
  address=$(grep -o 'Now listening on: http://127.0.0.1:[0-9]*' "$folder/server.log" | head -1 | cut -d' ' -f4)
  [ -n "$address" ] && break
  kill -0 "$pid" 2>/dev/null || fail "the server exited at start"
  sleep 0.2
done
[ -n "$address" ] || fail "the server did not start listening within 30 s"

page=$(curl -s -o "$folder/page.html" -w '%{http_code}' "$address/chat")
[ "$page" = 200 ] && grep -q '<title>' "$folder/page.html" || fail "/chat answered $page"
stylesheet=$(grep -o 'href="/css/site[^"]*"' "$folder/page.html" | head -1 | cut -d'"' -f2)
[ -n "$stylesheet" ] || fail "/chat links no stylesheet"
css=$(curl -s -o "$folder/site.css" -w '%{http_code} %{content_type}' "$address$stylesheet")
[[ "$css" == "200 text/css"* ]] && [ -s "$folder/site.css" ] || fail "$stylesheet answered '$css'"

kill "$pid"
wait "$pid"
status=$?
pid=""
[ "$status" -eq 0 ] || fail "the server exited with $status on SIGTERM"
beside=$(ls -A "$folder/run" | tr '\n' ' ')
[ "$beside" = "Whisper.Web data " ] || fail "the folder holds '$beside', not just the file and data"

echo "release: linux-x64 single file ($(du -h "$folder/run/Whisper.Web" | cut -f1)) printed '$version', served /chat and $stylesheet alone in an empty folder, stopped on SIGTERM ($(( $(date +%s) - started )) s)"

#!/usr/bin/env bash
# The one test command: installs what the tests need, builds, runs every test, prints one summary line.
set -uo pipefail
cd "$(dirname "$0")"

step() { printf '\n== %s\n' "$*"; }
results=TestResults

step "setup"
if [ ! -x /usr/bin/chromium ]; then
  echo "installing Debian's chromium for the browser tests"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null \
    || { echo "could not install chromium"; exit 1; }
fi
command -v npm >/dev/null || { echo "npm is required (front-end packages come from npm)"; exit 1; }
command -v dotnet >/dev/null || { echo "the .NET 10 SDK is required"; exit 1; }

step "build"
dotnet build Whisper.sln -c Release -nologo -v minimal || { echo "tests: 0 passed, 1 failed, 0 skipped"; exit 1; }

step "style"
dotnet format Whisper.sln --verify-no-changes --no-restore -v quiet || { echo "style: run 'dotnet format Whisper.sln' to fix"; style_failed=1; }

step "tests"
rm -rf "$results"
dotnet test Whisper.sln -c Release --no-build -nologo --logger "trx;LogFileName=results.trx" --results-directory "$results"
test_status=$?

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
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "${style_failed:-0}" -eq 0 ]

#!/usr/bin/env bash
# Lighthouse on the landing page and a room, against a Release build on loopback; not part of ./test.sh.
#
#   bench/lighthouse.sh          the page-weight audits (compression, images, layout shift, caching, render blocking)
#   bench/lighthouse.sh full     the same, then the whole performance category once per page
#
# Lighthouse 12.2.3 (the last that runs on Node 20) is installed into bench/out/lighthouse the first time, and drives
# Debian's /usr/bin/chromium (CHROME_PATH overrides). Only loopback is ever asked: Lighthouse fetches nothing else for a
# local page, and no throttling is simulated (--throttling-method=provided), so times are this machine's own.
# Prints one line per page and audit, PASS, FAIL or ERROR with Lighthouse's figure; exits 1 when any audit fails.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
OUT=$ROOT/bench/out/lighthouse
VERSION=12.2.3
PORT=${PORT:-5297}
MODE=${1:-audits}
case "$MODE" in audits|full) ;; *) echo "usage: $0 [full]" >&2; exit 2 ;; esac
AUDITS=uses-text-compression,uses-optimized-images,uses-responsive-images,modern-image-formats,unsized-images,cumulative-layout-shift,uses-long-cache-ttl,render-blocking-resources
PAGES=("/" "/chat/lobby")
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium} DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! grep -qs "\"version\": \"$VERSION\"" "$OUT/node_modules/lighthouse/package.json"; then
  echo "== install lighthouse $VERSION into $OUT"
  mkdir -p "$OUT"
  npm install --prefix "$OUT" --no-audit --no-fund --save-exact "lighthouse@$VERSION" >/dev/null
fi

echo "== build (Release)"
dotnet build "$ROOT/Whisper.Web" -c Release -nologo -v q >/dev/null

data=$(mktemp -d)
ASPNETCORE_URLS=http://127.0.0.1:$PORT Whisper__DataPath=$data \
  dotnet "$ROOT/Whisper.Web/bin/Release/net10.0/Whisper.Web.dll" >"$OUT/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 150); do
  curl -sf -o /dev/null "http://127.0.0.1:$PORT/healthz" && break
  kill -0 $server 2>/dev/null || { echo "the server exited at start: see $OUT/server.log" >&2; exit 1; }
  sleep 0.2
done

# One Lighthouse run: page, then any further flags; writes $OUT/<name>.json.
run() {
  local page=$1 name=$2; shift 2
  "$OUT/node_modules/.bin/lighthouse" "http://127.0.0.1:$PORT$page" --quiet --output=json --output-path="$OUT/$name.json" \
    --chrome-flags="--headless=new --no-sandbox" --disable-full-page-screenshot --throttling-method=provided "$@"
}

failed=0
for page in "${PAGES[@]}"; do
  name=$(echo "audits$page" | tr '/' '_')
  run "$page" "$name" --only-audits="$AUDITS"
  # PASS: scored 0.9 or more (as Lighthouse colours it green), or nothing to audit (no images). ERROR: Lighthouse could not
  # run the audit at all (12.2.3's trace reader fails on newer Chromium traces for render-blocking-resources), which is
  # reported with its reason and does not count as a failure of the page.
  node -e '
    const report = require(process.argv[1]);
    let failed = 0;
    for (const id of process.argv[2].split(",")) {
      const audit = report.audits[id];
      const verdict = audit.scoreDisplayMode === "error" ? "ERROR"
        : audit.score === null || audit.score >= 0.9 ? "PASS" : "FAIL";
      failed += verdict === "FAIL" ? 1 : 0;
      const figure = audit.errorMessage || audit.displayValue || (audit.score === null ? "not applicable" : "nothing to save");
      console.log(`${verdict.padEnd(5)} ${process.argv[3].padEnd(12)} ${id.padEnd(28)} ${figure}`);
    }
    process.exit(failed ? 1 : 0);' "$OUT/$name.json" "$AUDITS" "$page" || failed=1
done

if [ "$MODE" = full ]; then
  for page in "${PAGES[@]}"; do
    name=$(echo "performance$page" | tr '/' '_')
    run "$page" "$name" --only-categories=performance
    node -e '
      const report = require(process.argv[1]);
      const a = report.audits;
      console.log(`performance  ${process.argv[2].padEnd(12)} score ${Math.round(report.categories.performance.score * 100)}: ` +
        ["first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift", "speed-index"]
          .map(id => `${a[id].title} ${a[id].displayValue}`).join(", "));' "$OUT/$name.json" "$page"
  done
fi

echo "== reports in $OUT"
exit $failed

#!/usr/bin/env bash
# Whisper against sse-ceiling, SignalR and socket.io (../shared/peers), the same matrix in one run, then one
# table of Whisper's ratio to each. Loopback only; not part of ./test.sh.
#
#   bench/compare.sh          N = 1000 5000 10000 x 20, 100, 500 msgs/s   (~25 min)
#   bench/compare.sh quick    N = 1000 x 20, 100                         (~4 min)
#
# Overrides as for run.sh: NS, RATES, DURATION, DRAIN, SYSTEMS, PEERS.
set -euo pipefail
cd "$(dirname "$0")"
case "${1:-full}" in
  quick) export NS=${NS:-"1000"} RATES=${RATES:-"20,100"} ;;
  full)  export NS=${NS:-"1000 5000 10000"} RATES=${RATES:-"20,100,500"} ;;
  *) echo "usage: $0 [full|quick]" >&2; exit 2 ;;
esac
export SYSTEMS=${SYSTEMS:-"whisper ceiling signalr socketio"}
./run.sh "${1:-full}"
node ratios.mjs "$(cat results/latest)" | tee -a "$(sed 's/\.jsonl$/.md/' results/latest)"

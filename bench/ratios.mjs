// Reads one run's JSONL (the peers' load generator format) and prints Whisper's ratio to each other system:
// delivered events per second (higher is better) and p99 latency (lower is better), per N x rate, and memory
// per open connection per N. Usage: node bench/ratios.mjs bench/results/<run>.jsonl
import { readFileSync } from 'node:fs';

const rows = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
const names = { whisper: 'Whisper', 'sse-ceiling': 'sse-ceiling', signalr: 'SignalR', socketio: 'socket.io' };
const peers = ['sse-ceiling', 'signalr', 'socketio'].filter((p) => rows.some((r) => r.label === p));
const find = (label, n, rate) => rows.find((r) => r.label === label && r.n === n && r.rate === rate && !r.skipped);
const k = (v) => `${(v / 1000).toFixed(1)}k`;
const ratio = (a, b) => (a && b ? `${(a / b).toFixed(2)}×` : '–');

const points = [...new Set(rows.filter((r) => r.label === 'whisper' && r.rate).map((r) => `${r.n}|${r.rate}`))]
  .map((p) => p.split('|').map(Number)).sort((a, b) => a[0] - b[0] || a[1] - b[1]);

console.log('\n### Whisper against the peers (same run)\n');
console.log(`| N × msgs/s | Whisper delivered/s, p99 | ${peers.map((p) => `${names[p]} delivered/s, p99 | ratio (rate, p99)`).join(' | ')} |`);
console.log(`|---|---|${peers.map(() => '---|---').join('|')}|`);
for (const [n, rate] of points) {
  const w = find('whisper', n, rate);
  if (!w) continue; // Whisper saturated at a lower rate for this N, so the point was skipped.
  const cells = peers.map((p) => {
    const o = find(p, n, rate);
    return o ? `${k(o.deliveredPerSec)}, ${o.p99Ms.toFixed(0)} ms | ${ratio(w.deliveredPerSec, o.deliveredPerSec)}, ${ratio(w.p99Ms, o.p99Ms)}` : '– | –';
  });
  console.log(`| ${n.toLocaleString('en')} × ${rate} | ${k(w.deliveredPerSec)}, ${w.p99Ms.toFixed(0)} ms${w.lost ? `, lost ${w.lost}` : ''} | ${cells.join(' | ')} |`);
}

console.log('\n| N | memory per open connection |');
console.log('|---|---|');
for (const n of [...new Set(points.map(([n]) => n))]) {
  const per = ['whisper', ...peers].map((label) => {
    const r = rows.find((x) => x.label === label && x.n === n && x.rssAfterConnectKb);
    return r ? `${names[label]} ${((r.rssAfterConnectKb - r.rssBeforeKb) / Math.max(1, r.connected)).toFixed(1)} KB` : null;
  }).filter(Boolean);
  console.log(`| ${n.toLocaleString('en')} | ${per.join(', ')} |`);
}

import timers from '../scenarios/timers.mjs';
import { gc } from '../lib/harness.mjs';
const rounds = Number(process.argv[2] ?? 20);
const per = Number(process.argv[3] ?? 10);
const s = timers.setup({ quick: false });
const v = s.variants[0];
const run = async (f) => { const t0 = process.hrtime.bigint(); await f(); return Number(process.hrtime.bigint() - t0) / v.ops; };
const res = { ours: [], baseline: [] };
for (let i = 0; i < rounds; i++) {
  for (const side of (i % 2 ? ['ours', 'baseline'] : ['baseline', 'ours'])) {
    if (process.argv[4] === 'gc') gc();
    for (let k = 0; k < per; k++) res[side].push(await run(v[side]));
  }
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log('ns/op ours', med(res.ours)?.toFixed(1), 'baseline', med(res.baseline)?.toFixed(1), 'ratio', (med(res.baseline)/med(res.ours)).toFixed(3));

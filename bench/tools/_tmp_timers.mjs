import timers from '../scenarios/timers.mjs';
const side = process.argv[2];
const rounds = Number(process.argv[3] ?? 40);
const s = timers.setup({ quick: false });
const v = s.variants[0];
const run = async (f) => { const t0 = process.hrtime.bigint(); await f(); return Number(process.hrtime.bigint() - t0) / v.ops; };
for (let i = 0; i < 5; i++) { if (side !== "baseline") await run(v.ours); if (side !== "ours") await run(v.baseline); }
const res = { ours: [], baseline: [] };
for (let i = 0; i < rounds; i++) {
  if (side !== 'baseline') res.ours.push(await run(v.ours));
  if (side !== 'ours') res.baseline.push(await run(v.baseline));
}
const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log('ns/op ours', med(res.ours)?.toFixed(1), 'baseline', med(res.baseline)?.toFixed(1), 'check', s.check());

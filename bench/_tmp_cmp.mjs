// usage: node bench/_tmp_cmp.mjs  -- interleaved rounds of variants exported by ./_tmp_variants.mjs
const { variants, width = 100, depth = 20 } = await import(process.argv[2] ?? './_tmp_variants.mjs');
const names = Object.keys(variants);
const res = Object.fromEntries(names.map((k) => [k, []]));
const ROUNDS = Number(process.env.ROUNDS ?? 7);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 ? [...names].reverse() : names;
  for (const k of order) {
    const f = variants[k];
    const t0 = performance.now(); let n = 0;
    while (performance.now() - t0 < 250) { await f(); n++; }
    if (round > 0) res[k].push((n * width * depth) / (performance.now() - t0) / 1000);
  }
}
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const base = med(res[names[0]]);
for (const k of names) console.log(k.padEnd(28), med(res[k]).toFixed(2).padStart(8), 'M ops/s', (med(res[k]) / base).toFixed(3));

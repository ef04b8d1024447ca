const { variants } = await import(process.argv[2]);
const f = variants[process.argv[3]];
const t0 = performance.now();
while (performance.now() - t0 < 3000) await f();

// Per-operation cost with 1, 100 and 10,000 operations in flight (no pass line; it should stay
// flat from 100 up). asyncWrite of 1 KiB to the in-memory stream with a callback, and the hand
// write loop for reference, the same total number of operations at each width. The stream
// completes on a microtask, so with a callback neither side waits for an event-loop turn.
import { asyncWrite } from '@asio-ts/io';
import { gc, median } from '../lib/harness.mjs';
import { freshChains, handWrite, kib, MemoryStream } from '../lib/fixtures.mjs';

export default {
  id: 'in-flight',
  title: 'operations in flight',
  kind: 'measure',
  async run({ quick, rounds }) {
    const total = quick ? 2_000 : 200_000;
    const widths = [1, 100, 10_000];
    const buf = kib();
    const streams = Array.from({ length: widths[widths.length - 1] }, () => new MemoryStream());
    const rows = [];
    for (const width of widths) {
      const depth = Math.max(1, Math.round(total / width));
      const ops = width * depth;
      const ours = freshChains();
      const base = freshChains();
      const runOurs = () => ours(width, depth, (next, i) => asyncWrite(streams[i], buf, next));
      const runBase = () => base(width, depth, (next, i) => handWrite(streams[i], buf, next));
      await runOurs();
      await runBase();
      const o = [];
      const b = [];
      for (let r = 0; r < Math.max(3, Math.min(rounds, 5)); r++) {
        for (const [fn, out] of r % 2 === 0 ? [[runOurs, o], [runBase, b]] : [[runBase, b], [runOurs, o]]) {
          gc();
          const t0 = process.hrtime.bigint();
          await fn();
          out.push(Number(process.hrtime.bigint() - t0) / ops);
        }
      }
      rows.push({ inFlight: width, ops, oursNsPerOp: median(o), baselineNsPerOp: median(b) });
    }
    return { op: 'asyncWrite 1 KiB, callback, in-memory stream (baseline: hand write loop)', rows };
  },
};

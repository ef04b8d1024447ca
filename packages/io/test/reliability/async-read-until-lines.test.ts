/**
 * `asyncReadUntil` splitting a random stream of random lines into exactly those lines, for every
 * chunking (inline or posted reads), every kind of match, every dynamic buffer and every token
 * kind (a callback, `useFuture`, `deferred`, `useAwaitable` in `coSpawn`, a `spawn` yield
 * context); each read's handler runs once and never inside its initiating call (read-driver.ts).
 */
import fc from 'fast-check';
import { IoContext, errorIs, errors, type SystemError } from '@asio-ts/core';
import { asyncReadUntil } from '@asio-ts/io';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';
import { concat, sameBytes } from '../helpers/bytes.js';
import { readModes, runRead } from '../helpers/read-driver.js';
import { FaultReadStream, type ReadEvent, type ReadPlan } from './read-fault-stream.js';
import { buildMatch, buildTarget, dynamicKindNames, linesSource, matchKinds, type ReadScenario } from './read-scenario.js';

const lineFigures: Record<string, number> = { runs: 0, lines: 0, bytes: 0, reads: 0 };
for (const m of readModes) lineFigures[m] = 0;
const propertyTimeout = 300_000;

afterAll(() => reportFigures('async-read-until-lines', lineFigures));

/** Where the first match of `delim` in `data` ends, or -1. */
function firstMatchEnd(data: Uint8Array, delim: Uint8Array): number {
  outer: for (let i = 0; i + delim.length <= data.length; i++) {
    for (let k = 0; k < delim.length; k++) if (data[i + k] !== delim[k]) continue outer;
    return i + delim.length;
  }
  return -1;
}

const linesArb = fc
  .record({
    delim: fc.oneof(fc.constant(Uint8Array.from([10])), fc.constant(Uint8Array.from([13, 10])), fc.uint8Array({ minLength: 1, maxLength: 4 })),
    lines: fc.array(fc.uint8Array({ maxLength: 60 }), { maxLength: 12 }),
    tail: fc.uint8Array({ maxLength: 20 }),
    chunks: fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 20 }),
    timings: fc.array(fc.constantFrom('inline' as const, 'posted' as const), { minLength: 1, maxLength: 8 }),
    matchKind: fc.constantFrom(...matchKinds),
    buffer: fc.constantFrom(...dynamicKindNames),
    mode: fc.constantFrom(...readModes),
  })
  .map((r) => {
    const delim = r.matchKind === 'string' ? r.delim.map((b) => b & 0x7f) : r.delim;
    // Each line's first match is its own delimiter; the unterminated tail holds none.
    const lines = r.lines.filter((l) => firstMatchEnd(concat([l, delim]), delim) === l.length + delim.length);
    const tail = firstMatchEnd(r.tail, delim) < 0 ? r.tail : new Uint8Array(0);
    return { ...r, delim, lines, tail };
  });

describe('asyncReadUntil splits a stream of lines into exactly those lines', () => {
  test(
    'for every chunking, inline or posted reads, every match kind, dynamic buffer and token',
    async () => {
      await fc.assert(
        fc.asyncProperty(linesArb, async (r) => {
          lineFigures.runs!++;
          lineFigures[r.mode]!++;
          const source = linesSource(r.lines, r.delim, r.tail);
          const plans: ReadPlan[] = [];
          for (let i = 0; i < 400; i++) plans.push({ take: r.chunks[i % r.chunks.length]!, fault: 'none', timing: r.timings[i % r.timings.length]!, onCancel: 'ignore' });
          const ioc = new IoContext();
          const log: ReadEvent[] = [];
          const stream = new FaultReadStream(ioc.getExecutor(), source, plans, log);
          const sc = { fixed: null, dynamic: r.buffer, layout: [], pre: new Uint8Array(0), junk: 0, maxSize: null } as unknown as ReadScenario;
          const target = buildTarget(sc);
          const got: Uint8Array[] = [];
          let last: SystemError | null = null;
          for (;;) {
            const { match } = buildMatch(r.matchKind, r.delim);
            const before = stream.calls;
            const { err, n } = await runRead(r.mode, ioc, { get readCalls() { return stream.calls - before; } }, (token) =>
              token === undefined ? asyncReadUntil(stream, target.buffers as never, match) : asyncReadUntil(stream, target.buffers as never, match, token as never),
            );
            ioc.restart();
            if (err !== null) {
              last = err;
              break;
            }
            const data = target.contents(0);
            got.push(data.slice(0, n! - r.delim.length));
            (target.buffers as { consume(n: number): void }).consume(n!);
            if (got.length > r.lines.length) break;
          }
          lineFigures.lines! += got.length;
          lineFigures.bytes! += source.length;
          lineFigures.reads! += stream.calls;
          expect(errorIs(last, errors.eof)).toBe(true);
          expect(got.length).toBe(r.lines.length);
          got.forEach((l, i) => expect(sameBytes(l, r.lines[i]!)).toBe(true));
          // What follows the last delimiter is still in the buffer.
          expect(sameBytes(target.contents(0), r.tail)).toBe(true);
        }),
        fcParams(),
      );
    },
    propertyTimeout,
  );
});

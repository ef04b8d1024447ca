/**
 * Reliability of the composed reads under generated faults: random read sizes (0 included, with
 * and without an error), errors at random offsets, streams completing inline, posted, later or
 * from arbitrary code, cancellation (terminal, partial, total, from a CancellationSignal or an
 * AbortSignal) at random moments — over buffers, buffer sequences and every dynamic buffer (with
 * and without a maxSize), under every completion condition and several token kinds. Each run is
 * replayed against a reference model of Asio's read ops (read-model.ts). Then `asyncReadUntil`
 * splitting a random stream of random lines into exactly those lines, for every chunking and
 * every kind of match.
 */
import fc from 'fast-check';
import { IoContext, errorIs, errors, useFuture, type SystemError } from '@asio-ts/core';
import { asyncReadUntil, type ReadHandler } from '@asio-ts/io';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';
import { concat, sameBytes } from '../helpers/bytes.js';
import { FaultReadStream, type ReadEvent, type ReadPlan } from './read-fault-stream.js';
import { newReadFigures, runReadScenario } from './read-harness.js';
import { buildMatch, buildTarget, dynamicKindNames, linesSource, matchKinds, readScenarioArb, type ReadScenario } from './read-scenario.js';

const figures = newReadFigures();
const lineFigures = { runs: 0, lines: 0, bytes: 0, reads: 0 };
const propertyTimeout = 300_000;

afterAll(() => {
  reportFigures('async-read-faults', figures);
  reportFigures('async-read-until-lines', lineFigures);
});

describe('asyncRead under generated faults and cancellation', () => {
  test(
    'into buffers and buffer sequences: once, never inline, the model\'s result, the bytes read are the source prefix',
    async () => {
      await fc.assert(fc.asyncProperty(readScenarioArb({ op: 'read', fixed: true }), (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );

  test(
    'into dynamic buffers v1 and v2: exactly the bytes read committed (also on errors and cancellation), maxSize respected to the byte',
    async () => {
      await fc.assert(fc.asyncProperty(readScenarioArb({ op: 'read' }), (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );
});

describe('asyncReadUntil under generated faults and cancellation', () => {
  test(
    'every match kind and dynamic buffer: once, never inline, the first match or notFound at maxSize or the error, the data kept',
    async () => {
      await fc.assert(fc.asyncProperty(readScenarioArb({ op: 'until' }), (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );
});

// ---------------------------------------------------------------------------------------------
// Lines

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
    useFuture: fc.boolean(),
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
    'for every chunking, inline or posted reads, every match kind and dynamic buffer',
    async () => {
      await fc.assert(
        fc.asyncProperty(linesArb, async (r) => {
          lineFigures.runs++;
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
            let result: [SystemError | null, number] | undefined;
            if (r.useFuture) {
              const p = asyncReadUntil(stream, target.buffers as never, match, useFuture).then(
                (n) => (result = [null, n]),
                (e: SystemError) => (result = [e, 0]),
              );
              await ioc.run();
              await p;
            } else {
              const h: ReadHandler = (e, n) => (result = [e, n]);
              asyncReadUntil(stream, target.buffers as never, match, h);
              await ioc.run();
            }
            ioc.restart();
            const [err, n] = result!;
            if (err !== null) {
              last = err;
              break;
            }
            const data = target.contents(0);
            got.push(data.slice(0, n - r.delim.length));
            (target.buffers as { consume(n: number): void }).consume(n);
            if (got.length > r.lines.length) break;
          }
          lineFigures.lines += got.length;
          lineFigures.bytes += source.length;
          lineFigures.reads += stream.calls;
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

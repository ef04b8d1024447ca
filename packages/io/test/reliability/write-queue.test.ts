/**
 * WriteQueue on random programs: writes of random sizes started at random moments, a stream that
 * takes random chunks (SerialStream: it throws if two asyncWriteSome calls overlap), errors at
 * random points, cancellations of random writes (every type) and handlers run in random order
 * against the stream's progress. After each program:
 *
 * - no two asyncWriteSome calls overlapped;
 * - every handler ran exactly once, and all work was given back;
 * - the bytes on the stream are, in call order, each write's first `bytesTransferred` bytes: so
 *   exactly the writes that reported success, whole, then at most the start of the one that failed;
 * - a write that succeeded reports its whole size; a cancelled one reports 0 bytes;
 * - in call order the outcomes (cancelled writes aside) are successes, then failures: nothing is
 *   written after an error.
 */
import fc from 'fast-check';
import { bindCancellationSlot, CancellationSignal, CancellationType, errors, IoContext, type SystemError } from '@asio-ts/core';
import { WriteQueue } from '@asio-ts/io';
import { CountingExecutor } from '../../../core/test/reliability/counting-executor.js';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';
import { concat } from '../helpers/bytes.js';
import { SerialStream } from '../helpers/serial-stream.js';

type Step =
  | { kind: 'write'; size: number; cancellable: boolean }
  | { kind: 'complete'; max: number; fail: boolean }
  | { kind: 'cancel'; pick: number; type: CancellationType }
  | { kind: 'run' };

const stepArb: fc.Arbitrary<Step> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ kind: fc.constant('write' as const), size: fc.integer({ min: 0, max: 6 }), cancellable: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('complete' as const), max: fc.integer({ min: 1, max: 8 }), fail: fc.boolean() }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('cancel' as const),
      pick: fc.nat(),
      type: fc.constantFrom(CancellationType.Terminal, CancellationType.Partial, CancellationType.Total, CancellationType.None),
    }),
  },
  { weight: 3, arbitrary: fc.constant({ kind: 'run' as const }) },
);

interface Write {
  data: Uint8Array;
  signal: CancellationSignal | null;
  calls: number;
  err: SystemError | null;
  n: number;
}

const figures = { programs: 0, writes: 0, bytesWritten: 0, succeeded: 0, failed: 0, cancelled: 0, streamCalls: 0 };
afterAll(() => reportFigures('write-queue', figures));

function runProgram(steps: readonly Step[], failRate: number): void {
  figures.programs++;
  const ioc = new IoContext();
  const ex = new CountingExecutor(ioc.getExecutor());
  const stream = new SerialStream(ex);
  const queue = new WriteQueue(stream);
  const writes: Write[] = [];
  let failures = 0;
  const drain = (): void => {
    ioc.restart();
    ioc.poll();
  };

  for (const step of steps) {
    switch (step.kind) {
      case 'write': {
        // Each write's bytes say which write they belong to.
        const id = writes.length % 256;
        const w: Write = { data: new Uint8Array(step.size).fill(id), signal: step.cancellable ? new CancellationSignal() : null, calls: 0, err: null, n: -1 };
        writes.push(w);
        const handler = (err: SystemError | null, n: number): void => {
          w.calls++;
          w.err = err;
          w.n = n;
        };
        queue.asyncWrite(w.data, w.signal === null ? handler : bindCancellationSlot(w.signal.slot(), handler));
        break;
      }
      case 'complete': {
        const fail = step.fail && failures < failRate;
        if (fail) failures++;
        stream.complete(fail ? step.max - 1 : step.max, fail ? errors.brokenPipe : undefined);
        break;
      }
      case 'cancel': {
        const cancellable = writes.filter((w) => w.signal !== null);
        if (cancellable.length > 0) cancellable[step.pick % cancellable.length]!.signal!.emit(step.type);
        break;
      }
      case 'run':
        drain();
        break;
    }
  }
  // Let everything finish.
  for (let i = 0; i < 10_000 && (stream.hasPending() || writes.some((w) => w.calls === 0)); i++) {
    stream.complete(Infinity);
    drain();
  }
  drain();

  expect(stream.overlaps).toBe(0);
  for (const w of writes) expect(w.calls).toBe(1);
  expect(ex.outstanding).toBe(0);
  expect(ex.underflows).toBe(0);
  expect(queue.pending()).toBe(0);

  const expected = concat(writes.map((w) => w.data.subarray(0, w.n)));
  expect(Buffer.from(stream.received()).equals(Buffer.from(expected))).toBe(true);

  let sawFailure = false;
  for (const w of writes) {
    figures.writes++;
    if (w.err === null) {
      expect(w.n).toBe(w.data.length);
      expect(sawFailure).toBe(false);
      figures.succeeded++;
    } else if (w.err.code === 'ECANCELED') {
      expect(w.n).toBe(0);
      figures.cancelled++;
    } else {
      expect(w.err.code).toBe('EPIPE');
      expect(w.n).toBeLessThanOrEqual(w.data.length);
      sawFailure = true;
      figures.failed++;
    }
  }
  figures.bytesWritten += expected.length;
  figures.streamCalls += stream.calls.length;
}

describe('WriteQueue on random programs', () => {
  test('no overlapping writes; the stream holds exactly what the handlers reported, in call order; every handler once', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { maxLength: 60, size: 'large' }), fc.integer({ min: 0, max: 1 }), (steps, failRate) => runProgram(steps, failRate)),
      fcParams(),
    );
  });
});

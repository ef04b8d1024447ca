/**
 * asyncReadAt over a fault-injecting random-access device (read-at-fault-device.ts): random
 * chunk sizes (0 included), a failure at a random offset, the end of the data, reads completing
 * inside the call, posted or later, cancellation (terminal, partial, total) at random moments,
 * with a callback, useFuture or deferred, into a buffer or a sequence of buffers. Every run: the
 * handler once and never inside the call; the bytes reported are the bytes the device
 * delivered, each read at the offset plus the bytes so far, and the buffers hold the device's
 * bytes at that offset; the error is one the device or a cancellation caused; nothing is left.
 */
import fc from 'fast-check';
import { bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, IoContext, useFuture, type SystemError } from '@asio-ts/core';
import { asyncReadAt } from '@asio-ts/io';
import { fcParams, reportFigures, turn } from '../../../core/test/reliability/fc-config.js';
import { concat, sameBytes } from '../helpers/bytes.js';
import { FaultReadAtDevice, type AtPlan } from './read-at-fault-device.js';

const figures = { runs: 0, reads: 0, bytes: 0, inline: 0, cancels: 0, cancelsReachingDevice: 0, eof: 0, failed: 0, aborted: 0, short: 0, full: 0 };
afterAll(() => reportFigures('async-read-at-faults', figures));

type Action = { readonly a: 'poll' } | { readonly a: 'complete' } | { readonly a: 'flush' } | { readonly a: 'cancel'; readonly type: number };

const planArb: fc.Arbitrary<AtPlan> = fc.record({
  take: fc.oneof({ arbitrary: fc.integer({ min: 1, max: 24 }), weight: 8 }, { arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 100, max: 1000 }), weight: 3 }),
  timing: fc.constantFrom('inline' as const, 'posted' as const, 'later' as const),
});
const actionArb: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ a: 'poll' as const }),
  fc.constant({ a: 'complete' as const }),
  fc.constant({ a: 'flush' as const }),
  fc.constantFrom(CancellationType.Terminal, CancellationType.Partial, CancellationType.Total).map((type) => ({ a: 'cancel' as const, type })),
);

const scenarioArb = fc
  .record({
  data: fc.uint8Array({ minLength: 0, maxLength: 600, size: 'max' }),
  offset: fc.nat(620),
  failAfter: fc.option(fc.nat(400), { nil: null }),
  layout: fc.array(fc.nat(120), { minLength: 1, maxLength: 4 }),
  plans: fc.array(planArb, { minLength: 1, maxLength: 10 }),
  actions: fc.array(actionArb, { maxLength: 25 }),
  token: fc.constantFrom('callback' as const, 'useFuture' as const, 'deferred' as const),
  cancellable: fc.boolean(),
  })
  // Mostly an offset inside the data (now and then just past its end), the failure after it.
  .map((r) => {
    const offset = r.offset % (r.data.length + 3);
    return { ...r, offset, failAt: r.failAfter === null ? null : offset + r.failAfter };
  });

describe('asyncReadAt over a fault-injecting device', () => {
  test(
    'once, never inline; bytes reported == bytes delivered == the device\'s bytes at that offset; nothing left behind',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb, async (sc) => {
          figures.runs++;
          const ioc = new IoContext();
          const device = new FaultReadAtDevice(ioc.getExecutor(), sc.data, sc.plans, sc.failAt ?? Infinity);
          const pieces = sc.layout.map((n) => new Uint8Array(n));
          const size = sc.layout.reduce((a, b) => a + b, 0);
          const signal = new CancellationSignal();
          const bind = <T>(t: T): T => (sc.cancellable ? (bindCancellationSlot(signal.slot(), t) as T) : t);
          let calls = 0;
          let inside = 0;
          let initiating = false;
          let result: [SystemError | null, number | undefined] | undefined;
          const handler = (err: SystemError | null, n: number | undefined): void => {
            calls++;
            if (initiating) inside++;
            result = [err, n];
          };
          initiating = true;
          if (sc.token === 'callback') asyncReadAt(device, sc.offset, pieces, bind(handler));
          else if (sc.token === 'deferred') asyncReadAt(device, sc.offset, pieces)(bind(handler));
          else {
            asyncReadAt(device, sc.offset, pieces, bind(useFuture)).then(
              (n) => handler(null, n),
              (e: SystemError) => handler(e, undefined),
            );
          }
          initiating = false;
          await turn();
          expect(calls).toBe(0);
          for (const action of sc.actions) {
            if (action.a === 'poll') {
              if (ioc.stopped()) ioc.restart();
              ioc.pollOne();
            } else if (action.a === 'complete') device.completePending();
            else if (action.a === 'cancel') {
              figures.cancels++;
              signal.emit(action.type);
            }
            await turn();
          }
          for (let k = 0; k < 400 && (calls === 0 || device.hasPending()); k++) {
            device.completePending();
            if (ioc.stopped()) ioc.restart();
            ioc.poll();
            await turn();
          }
          figures.reads += device.calls;
          figures.bytes += device.delivered;
          figures.inline += device.inlineCompletions;
          figures.cancelsReachingDevice += device.cancellationsSeen;

          // Once, never inside the initiating call (an inline device included).
          expect(calls).toBe(1);
          expect(inside).toBe(0);
          const [err, n] = result!;
          // The bytes reported are the bytes delivered (useFuture drops the count on an error).
          if (n !== undefined) expect(n).toBe(device.delivered);
          else expect(err).not.toBeNull();
          expect(device.delivered).toBeLessThanOrEqual(size);
          // Each read at the offset plus the bytes read so far; the buffers hold the device's bytes there.
          let at = sc.offset;
          for (const d of device.deliveries) {
            expect(d.offset).toBe(at);
            at += d.n;
          }
          const got = concat(pieces).subarray(0, device.delivered);
          expect(sameBytes(got, sc.data.subarray(sc.offset, sc.offset + device.delivered))).toBe(true);
          // The error is one the device or a cancellation caused; success only when full or a 0-byte read ended it.
          if (err === null) {
            const last = device.deliveries[device.deliveries.length - 1];
            expect(device.delivered === size || last?.n === 0).toBe(true);
            figures[device.delivered === size ? 'full' : 'short']++;
          } else {
            // Short of the buffers' size, unless they hold nothing: Asio's read_at_op issues one
            // read for empty buffers too, and that read may fail or be cancelled.
            if (size > 0) expect(device.delivered).toBeLessThan(size);
            else expect(device.calls).toBe(1);
            if (errorIs(err, errors.eof)) figures.eof++;
            else if (errorIs(err, errors.brokenPipe)) figures.failed++;
            else {
              expect(errorIs(err, errors.operationAborted)).toBe(true);
              expect(sc.cancellable).toBe(true);
              figures.aborted++;
            }
          }
          // Nothing left behind.
          expect(device.hasPending()).toBe(false);
          expect(signal.slot().hasHandler()).toBe(false);
          ioc.restart();
          expect(await ioc.run()).toBe(0);
        }),
        fcParams(),
      );
    },
    300_000,
  );
});

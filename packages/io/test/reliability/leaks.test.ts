/**
 * The fast, in-Jest form of scripts/leak-check.mjs: 20,000 sequential asyncWrite operations per
 * token kind against a stream that completes at once, under one AbortSignal and one
 * CancellationSignal bound throughout, checking listeners and slot handlers only (the heap is
 * the script's job: it needs `node --expose-gc`).
 */
import { getEventListeners } from 'node:events';
import {
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  coSpawn,
  HandlerWork,
  IoContext,
  spawn,
  systemExecutor,
  useAwaitable,
  useFuture,
  type Executor,
} from '@asio-ts/core';
import { asyncWrite, type AsyncWriteStream, type ConstBufferSequence, type WriteHandler } from '@asio-ts/io';
import { reportFigures } from '../../../core/test/reliability/fc-config.js';

const ops = 20_000;
const figures = { operations: 0, maxAbortListenersInFlight: 0, abortListenersLeft: 0, slotHandlersLeft: 0, leaksFound: 0 };
afterAll(() => reportFigures('leaks', figures));

/** Takes every byte at once; completes through the handler's immediate executor (a post). */
class InstantStream implements AsyncWriteStream {
  constructor(readonly executor: Executor) {}
  getExecutor(): Executor {
    return this.executor;
  }
  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    let n = 0;
    if (buffers instanceof Uint8Array) n = buffers.length;
    else for (const b of buffers) n += b.length;
    new HandlerWork(handler, this.executor).complete(null, n);
  }
}

interface Signals {
  readonly controller: AbortController;
  readonly cancellation: CancellationSignal;
  maxListeners: number;
}

function newSignals(): Signals {
  return { controller: new AbortController(), cancellation: new CancellationSignal(), maxListeners: 0 };
}

function sample(s: Signals): void {
  s.maxListeners = Math.max(s.maxListeners, getEventListeners(s.controller.signal, 'abort').length);
}

function check(s: Signals, done: number): void {
  figures.operations += done;
  figures.maxAbortListenersInFlight = Math.max(figures.maxAbortListenersInFlight, s.maxListeners);
  const left = getEventListeners(s.controller.signal, 'abort').length;
  const slot = s.cancellation.slot().hasHandler();
  figures.abortListenersLeft += left;
  figures.slotHandlersLeft += slot ? 1 : 0;
  if (left !== 0 || slot || s.maxListeners > 1) figures.leaksFound++;
  expect(done).toBe(ops);
  expect(left).toBe(0);
  expect(slot).toBe(false);
  // One fan-out listener per AbortSignal at most, however many operations ran under it.
  expect(s.maxListeners).toBeLessThanOrEqual(1);
}

/** Two callback chains side by side (one per signal), each handler starting the next write. */
function callbackChains(executor: Executor, s: Signals): Promise<number> {
  const stream = new InstantStream(executor);
  const payload = new Uint8Array(8);
  return new Promise((resolve, reject) => {
    let handlers = 0;
    let finished = 0;
    const chain = (count: number, bind: (h: WriteHandler) => WriteHandler): void => {
      let started = 0;
      const next = (): void => {
        if (started === count) {
          if (++finished === 2) resolve(handlers);
          return;
        }
        started++;
        asyncWrite(
          stream,
          payload,
          bind((err, n) => {
            handlers++;
            if (err !== null || n !== payload.length) return reject(new Error(`unexpected completion ${String(err)} ${n}`));
            if (handlers % 1000 === 0) sample(s);
            next();
          }),
        );
      };
      next();
    };
    chain(ops / 2, (h) => bindAbortSignal(s.controller.signal, h));
    chain(ops / 2, (h) => bindCancellationSlot(s.cancellation.slot(), h));
  });
}

describe(`${ops} sequential asyncWrite operations under one AbortSignal and one CancellationSignal`, () => {
  test('callbacks through an IoContext', async () => {
    const s = newSignals();
    const ioc = new IoContext();
    const done = callbackChains(ioc.getExecutor(), s);
    await ioc.run();
    check(s, await done);
  });

  test('callbacks through the system executor', async () => {
    const s = newSignals();
    check(s, await callbackChains(systemExecutor, s));
  });

  test('useFuture, awaited one after the other, alternating the two signals', async () => {
    const s = newSignals();
    const stream = new InstantStream(systemExecutor);
    const payload = new Uint8Array(8);
    let done = 0;
    for (let i = 0; i < ops; i++) {
      const token = i % 2 === 0 ? bindAbortSignal(s.controller.signal, useFuture) : bindCancellationSlot(s.cancellation.slot(), useFuture);
      const n = await asyncWrite(stream, payload, token);
      if (n === payload.length) done++;
      if (i % 1000 === 0) sample(s);
    }
    check(s, done);
  });

  test('useAwaitable inside one coSpawn bound to the AbortSignal, and spawn bound to the CancellationSignal', async () => {
    const s = newSignals();
    const ioc = new IoContext();
    const stream = new InstantStream(ioc.getExecutor());
    const payload = new Uint8Array(8);
    let done = 0;
    const half = ops / 2;
    coSpawn(
      ioc,
      async () => {
        for (let i = 0; i < half; i++) {
          if ((await asyncWrite(stream, payload, useAwaitable)) === payload.length) done++;
          if (i % 1000 === 0) sample(s);
        }
      },
      bindAbortSignal(s.controller.signal, (err: Error | null) => {
        if (err) throw err;
      }),
    );
    spawn(
      ioc,
      function* (y) {
        for (let i = 0; i < half; i++) {
          if ((yield* asyncWrite(stream, payload, y)) === payload.length) done++;
        }
      },
      bindCancellationSlot(s.cancellation.slot(), (err: Error | null) => {
        if (err) throw err;
      }),
    );
    await ioc.run();
    check(s, done);
  });
});

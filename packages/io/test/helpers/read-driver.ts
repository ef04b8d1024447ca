/**
 * Runs one composed read (`asyncRead`, `asyncReadUntil`) with each of the token kinds Asio's
 * read tests are ported with: a callback, `useFuture`, `deferred` (launched later), `useAwaitable`
 * inside `coSpawn`, and a `spawn` yield context, checking Asio's completion rules on the way.
 */
import { coSpawn, spawn, useAwaitable, useFuture, type ErrorRef, type IoContext, type SystemError } from '@asio-ts/core';
import { flushMicrotasks } from './microtasks.js';

export type ReadMode = 'callback' | 'useFuture' | 'deferred' | 'coSpawn' | 'spawn';
export const readModes: readonly ReadMode[] = ['callback', 'useFuture', 'deferred', 'coSpawn', 'spawn'];

export interface ReadOutcome {
  readonly err: SystemError | null;
  /** The byte count; undefined where the token drops it on an error (a rejected promise, a throw). */
  readonly n: number | undefined;
}

/**
 * Start the operation with the token `mode` says (`start(token)` calls the initiating function;
 * `start(undefined)` must return the deferred operation), then `ioc.run()`: nothing is delivered
 * inside the initiating call nor before the context runs, and the handler runs exactly once by
 * the time `run()` returns.
 */
export async function runRead(
  mode: ReadMode,
  ioc: IoContext,
  stream: { readonly readCalls: number },
  start: (token: unknown) => unknown,
): Promise<ReadOutcome> {
  let calls = 0;
  let outcome: ReadOutcome | undefined;
  const handler = (err: SystemError | null, n: number): void => {
    calls++;
    outcome = { err, n };
  };

  switch (mode) {
    case 'callback': {
      expect(start(handler)).toBeUndefined();
      expect(calls).toBe(0);
      await flushMicrotasks();
      expect(calls).toBe(0);
      await ioc.run();
      expect(calls).toBe(1);
      return outcome!;
    }
    case 'useFuture': {
      const p = start(useFuture) as Promise<number>;
      expect(p).toBeInstanceOf(Promise);
      p.then(
        (n) => handler(null, n),
        (err: SystemError) => {
          calls++;
          outcome = { err, n: undefined };
        },
      );
      await flushMicrotasks();
      expect(calls).toBe(0);
      await ioc.run();
      await flushMicrotasks();
      expect(calls).toBe(1);
      return outcome!;
    }
    case 'deferred': {
      const op = start(undefined) as (h: typeof handler) => void;
      expect(typeof op).toBe('function');
      // Nothing happens until the deferred operation is launched.
      await flushMicrotasks();
      expect(stream.readCalls).toBe(0);
      expect(op(handler)).toBeUndefined();
      expect(calls).toBe(0);
      await ioc.run();
      expect(calls).toBe(1);
      return outcome!;
    }
    case 'coSpawn': {
      coSpawn(
        ioc,
        async () => {
          try {
            const n = await (start(useAwaitable) as PromiseLike<number>);
            return { err: null, n };
          } catch (e) {
            return { err: e as SystemError, n: undefined };
          }
        },
        (e: Error | null, r: ReadOutcome) => {
          expect(e).toBeNull();
          calls++;
          outcome = r;
        },
      );
      expect(calls).toBe(0);
      await ioc.run();
      expect(calls).toBe(1);
      return outcome!;
    }
    case 'spawn': {
      spawn(
        ioc,
        function* (y) {
          const ref: ErrorRef = { error: null };
          const n = (yield* start(y.withError(ref)) as Generator<never, number>) as number;
          return { err: ref.error as SystemError | null, n };
        },
        (e: Error | null, r: ReadOutcome) => {
          expect(e).toBeNull();
          calls++;
          outcome = r;
        },
      );
      expect(calls).toBe(0);
      await ioc.run();
      expect(calls).toBe(1);
      return outcome!;
    }
  }
}

/**
 * Runs one random-access operation (`asyncReadAt` / `asyncWriteAt`) with a callback, `useFuture`,
 * `deferred`, `useAwaitable` inside `coSpawn` or a `spawn` yield context, checking Asio's completion rules on the way (the random-access twin of
 * `write-driver.ts`).
 */
import { coSpawn, spawn, useAwaitable, useFuture, type ErrorRef, type IoContext, type SystemError } from '@asio-ts/core';
import { completionCondition, isCompletionCondition, type CompletionCondition } from '@asio-ts/io';
import { flushMicrotasks } from './microtasks.js';
import type { Mode, Outcome } from './write-driver.js';

/** Every token kind: write-driver's three and the two coroutine ones (as read-driver's `readModes`). */
export type AtMode = Mode | 'coSpawn' | 'spawn';
export const coroutineModes: readonly AtMode[] = ['coSpawn', 'spawn'];

/** The operation with its device, offset and buffers bound: called with the rest of its arguments. */
export type AtCall = (...rest: unknown[]) => unknown;

/**
 * Run `call` the way `mode` says, then `ioc.run()`: nothing is delivered inside the initiating
 * call (nor before the context runs), and the handler runs exactly once by the time `run()`
 * returns. `condition === undefined` is the form without a condition. `deferred` launches the
 * no-token form later with a callback; an untagged user condition is marked with
 * `completionCondition` first, as JavaScript cannot tell a condition from a handler by its type.
 * `calls` counts the device's calls: a deferred operation makes none before it is launched.
 */
export async function runAsyncAt(
  mode: AtMode,
  ioc: IoContext,
  calls: () => number,
  call: AtCall,
  condition: CompletionCondition | undefined,
): Promise<Outcome> {
  let handled = 0;
  let outcome: Outcome | undefined;
  const handler = (err: SystemError | null, n: number): void => {
    handled++;
    outcome = { err, n };
  };
  const withCondition = (...rest: unknown[]): unknown => (condition === undefined ? call(...rest) : call(condition, ...rest));

  if (mode === 'callback') {
    expect(withCondition(handler)).toBeUndefined();
    expect(handled).toBe(0);
    await flushMicrotasks();
    expect(handled).toBe(0);
    await ioc.run();
    expect(handled).toBe(1);
    return outcome!;
  }

  if (mode === 'useFuture') {
    const p = withCondition(useFuture) as Promise<number>;
    expect(p).toBeInstanceOf(Promise);
    let settled = 0;
    let value: Outcome | undefined;
    p.then(
      (n) => {
        settled++;
        value = { err: null, n };
      },
      (err: SystemError) => {
        settled++;
        value = { err, n: -1 };
      },
    );
    await flushMicrotasks();
    expect(settled).toBe(0);
    await ioc.run();
    await flushMicrotasks();
    expect(settled).toBe(1);
    return value!;
  }

  if (mode === 'coSpawn' || mode === 'spawn') return runCoroutine(mode, ioc, withCondition);

  let op: unknown;
  if (condition === undefined) op = call();
  else if (isCompletionCondition(condition)) op = call(condition);
  else op = call(completionCondition((e: Error | null, n: number) => condition(e, n)));
  expect(typeof op).toBe('function');
  expect(calls()).toBe(0);
  await flushMicrotasks();
  expect(calls()).toBe(0);
  expect((op as (h: typeof handler) => unknown)(handler)).toBeUndefined();
  expect(handled).toBe(0);
  await ioc.run();
  expect(handled).toBe(1);
  return outcome!;
}

/**
 * `coSpawn` awaiting `useAwaitable` (an error is thrown and has no count: `n` is -1, as
 * useFuture's), or `spawn` yielding `y.withError(ref)` (the count comes with the error). The
 * coroutine's completion is counted: exactly once, after `run()` started.
 */
async function runCoroutine(mode: 'coSpawn' | 'spawn', ioc: IoContext, start: (token: unknown) => unknown): Promise<Outcome> {
  let done = 0;
  let outcome: Outcome | undefined;
  const complete = (e: Error | null, r: Outcome): void => {
    expect(e).toBeNull();
    done++;
    outcome = r;
  };
  if (mode === 'coSpawn') {
    coSpawn(
      ioc,
      async () => {
        try {
          return { err: null, n: await (start(useAwaitable) as PromiseLike<number>) };
        } catch (e) {
          return { err: e as SystemError, n: -1 };
        }
      },
      complete,
    );
  } else {
    spawn(
      ioc,
      function* (y) {
        const ref: ErrorRef = { error: null };
        const n = (yield* start(y.withError(ref)) as Generator<never, number>) as number;
        return { err: ref.error as SystemError | null, n };
      },
      complete,
    );
  }
  await flushMicrotasks();
  expect(done).toBe(0);
  await ioc.run();
  expect(done).toBe(1);
  return outcome!;
}

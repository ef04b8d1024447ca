/**
 * Runs one `asyncWrite` with a callback, `useFuture` or `deferred`, checking Asio's completion
 * rules on the way.
 */
import { useFuture, type IoContext, type SystemError } from '@asio-ts/core';
import {
  asyncWrite,
  completionCondition,
  isCompletionCondition,
  type CompletionCondition,
  type TestStream,
  type WriteHandler,
  type WriteSource,
} from '@asio-ts/io';
import { flushMicrotasks } from './microtasks.js';

export type Mode = 'callback' | 'useFuture' | 'deferred';
export const modes: readonly Mode[] = ['callback', 'useFuture', 'deferred'];

export interface Outcome {
  readonly err: SystemError | null;
  readonly n: number;
}

/**
 * Run one `asyncWrite` on `stream` with the token `mode` says, then `ioc.run()`, checking
 * Asio's completion rules on the way: nothing is delivered inside the initiating call (nor
 * before the context runs), and the handler runs exactly once by the time `run()` returns.
 *
 * `condition === undefined` is the 3-argument form (`asyncWrite(s, b, token)`), anything else the
 * 4-argument form. `deferred` launches the no-token form later with a callback; with an untagged
 * user condition it is marked with `completionCondition` first, as JavaScript cannot tell a
 * condition from a handler by its type at run time.
 */
export async function runAsyncWrite(
  mode: Mode,
  ioc: IoContext,
  stream: TestStream,
  buffers: WriteSource,
  condition: CompletionCondition | undefined,
): Promise<Outcome> {
  let calls = 0;
  let outcome: Outcome | undefined;
  const handler: WriteHandler = (err, n) => {
    calls++;
    outcome = { err, n };
  };

  if (mode === 'callback') {
    const r: void = condition === undefined ? asyncWrite(stream, buffers, handler) : asyncWrite(stream, buffers, condition, handler);
    expect(r).toBeUndefined();
    expect(calls).toBe(0);
    await flushMicrotasks();
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    return outcome!;
  }

  if (mode === 'useFuture') {
    const p = condition === undefined ? asyncWrite(stream, buffers, useFuture) : asyncWrite(stream, buffers, condition, useFuture);
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

  let op;
  if (condition === undefined) op = asyncWrite(stream, buffers);
  else if (isCompletionCondition(condition)) op = asyncWrite(stream, buffers, condition);
  else op = asyncWrite(stream, buffers, completionCondition((e: Error | null, n: number) => condition(e, n)));
  expect(typeof op).toBe('function');
  // Nothing happens until the deferred operation is launched.
  expect(stream.writeCalls).toBe(0);
  await flushMicrotasks();
  expect(stream.writeCalls).toBe(0);
  const r: void = op(handler);
  expect(r).toBeUndefined();
  expect(calls).toBe(0);
  await ioc.run();
  expect(calls).toBe(1);
  return outcome!;
}

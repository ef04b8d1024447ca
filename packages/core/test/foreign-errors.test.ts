/**
 * Errors made in another realm (a `vm` context here; an iframe, or Node's own errors inside a
 * Jest environment) fail `instanceof Error` but are errors: every token reads them as the
 * failure in the error slot, as it reads an Error of this realm.
 */
import vm from 'node:vm';
import { asTuple, asyncInitiate, deferred, detached, redirectError, setDetachedErrorReporter, systemExecutor, useFuture, type ErrorRef } from '@asio-ts/core';

const foreign = vm.runInNewContext('new TypeError("from another realm")') as Error;

/** An operation that fails with the foreign error and a byte count. */
function failing<T>(token: T): unknown {
  return asyncInitiate((h: (err: Error | null, n: number) => void) => systemExecutor.post(() => h(foreign, 5)), token as never);
}

test('the error is not an instance of this realm\'s Error (the premise)', () => {
  expect(foreign instanceof Error).toBe(false);
});

test('useFuture and an awaited deferred operation reject with it', async () => {
  await expect(failing(useFuture)).rejects.toBe(foreign);
  await expect(failing(deferred) as Promise<number>).rejects.toBe(foreign);
});

test('redirectError stores it; asTuple keeps it in the first slot', async () => {
  const ref: ErrorRef = { error: null };
  await expect(failing(redirectError(useFuture, ref))).resolves.toBe(5);
  expect(ref.error).toBe(foreign);
  await expect(failing(asTuple(useFuture))).resolves.toEqual([foreign, 5]);
});

test('detached reports it', async () => {
  const reported: unknown[] = [];
  const restore = setDetachedErrorReporter((e) => reported.push(e));
  try {
    failing(detached);
    await new Promise((r) => setTimeout(r, 5));
  } finally {
    setDetachedErrorReporter(restore);
  }
  expect(reported).toEqual([foreign]);
});

// awaitAll / awaitAny (Asio's awaitable operators && and ||). This file: failures, and how they are combined.

import {
  asTuple,
  awaitAll,
  awaitAny,
  deferred,
  errorIs,
  errors,
  IoContext,
  makeError,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { asyncFail, asyncForever, asyncValue, ManualClock, until } from './helpers/coro-ops';
import { CountingExecutor } from './reliability/counting-executor';

describe('failures', () => {
  test('awaitAll: the first error cancels the rest, waits for them and is the result', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const got: unknown[][] = [];
    awaitAll(clock.wait(100), asyncFail(ioc, errors.brokenPipe), asyncForever(ioc))((...args) => got.push(args));
    await ioc.run();
    expect(got.length).toBe(1);
    expect(errorIs(got[0]![0], errors.brokenPipe)).toBe(true);
    expect(got[0]![1]).toBeUndefined();
    expect(clock.pending).toBe(0);
  });

  test('awaitAll: a second failure that is not the cancellation is kept: an AggregateError in completion order', async () => {
    const ioc = new IoContext();
    const result = awaitAll(asyncFail(ioc, errors.brokenPipe), asyncFail(ioc, errors.connectionReset), asyncForever(ioc))(asTuple(useFuture));
    await ioc.run();
    const [err] = await result;
    expect(err).toBeInstanceOf(AggregateError);
    const all = (err as AggregateError).errors;
    expect(all.map((e: SystemError) => e.code)).toEqual(['EPIPE', 'ECONNRESET']);
    // The cancelled third one failed with operationAborted: the consequence, not a failure of its own.
  });

  test('awaitAny: the first success wins even after failures; all failing gives every error, in completion order', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    const win = awaitAny(asyncFail(ioc, errors.brokenPipe), clock.wait(3), asyncValue(ioc, 'x'))(useFuture);
    const lose = awaitAny(
      clock.wait(1, deferred((e: SystemError | null) => deferred.values(makeError(errors.timedOut, String(e))))),
      asyncFail(ioc, errors.connectionRefused),
    )(asTuple(useFuture));
    const running = ioc.run();
    await until(() => clock.pending === 1, ioc);
    clock.advance(1);
    await running;
    expect(await win).toEqual([2, 'x']);
    const [err] = await lose;
    expect(err).toBeInstanceOf(AggregateError);
    expect((err as AggregateError).errors.map((e: SystemError) => e.code)).toEqual(['ECONNREFUSED', 'ETIMEDOUT']);
    expect((err as AggregateError).message).toBe('awaitAny: every operation failed');
  });

  test('no operations: awaitAll() is [], awaitAny() fails with an empty AggregateError (as Promise.any([]))', async () => {
    expect(await awaitAll()).toEqual([]);
    await expect(awaitAny()).rejects.toBeInstanceOf(AggregateError);
  });

  test('an operation already launched throws when the operator is launched, and nothing is left running', async () => {
    const ioc = new IoContext();
    const op = asyncValue(ioc, 1);
    op(() => {});
    const counting = new CountingExecutor(ioc.getExecutor());
    const forever = asyncForever(counting);
    expect(() => awaitAll(forever, op)(() => {})).toThrow(/already launched/);
    await ioc.run();
    expect(counting.outstanding).toBe(0);
  });
});

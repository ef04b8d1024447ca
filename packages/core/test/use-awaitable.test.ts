// useAwaitable: an initiating function returns a lazy Awaitable. Scenarios after Asio's
// use_awaitable behaviour (awaitable.cpp only checks that the header compiles): the operation
// starts when first awaited and only then; errors throw as the SystemError; as_tuple and
// redirect_error turn the error into a value.

import {
  asTuple,
  asyncInitiate,
  dispatch,
  Awaitable,
  errorIs,
  errors,
  IoContext,
  redirectError,
  SystemError,
  systemExecutor,
  useAwaitable,
  type ErrorRef,
} from '@asio-ts/core';
import { asyncFail, asyncProbe, asyncThrowing, asyncValue, probes, started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('useAwaitable', () => {
  test('the initiating function returns an Awaitable and starts nothing', async () => {
    const ioc = new IoContext();
    const a = asyncValue(ioc, 42, useAwaitable);
    expect(a).toBeInstanceOf(Awaitable);
    expect(started.count).toBe(0);
    // Running the context does not start it either: nothing was queued.
    expect(await ioc.run()).toBe(0);
    expect(started.count).toBe(0);
  });

  test('awaiting starts the operation; the value is what the handler got after the error slot', async () => {
    const ioc = new IoContext();
    const a = asyncValue(ioc, 'hello', useAwaitable);
    const p = (async () => await a)();
    await Promise.resolve();
    expect(started.count).toBe(1);
    await ioc.run();
    await expect(p).resolves.toBe('hello');
  });

  test('awaited twice (or then() twice), the operation still starts once and both see its value', async () => {
    const a = asyncValue(systemExecutor, 7, useAwaitable);
    const [x, y] = await Promise.all([a, a]);
    expect([x, y]).toEqual([7, 7]);
    expect(await a).toBe(7);
    const seen: number[] = [];
    await a.then((v) => seen.push(v));
    await a.then((v) => seen.push(v * 2));
    expect(seen).toEqual([7, 14]);
    expect(started.count).toBe(1);
  });

  test('a failure throws the SystemError at the await', async () => {
    const a = asyncFail(systemExecutor, errors.brokenPipe, 3, useAwaitable);
    let caught: unknown;
    try {
      await a;
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SystemError);
    expect(errorIs(caught, errors.brokenPipe)).toBe(true);
    // Awaiting again gives the same failure without starting again.
    await expect(a).rejects.toBe(caught);
    expect(started.count).toBe(1);
  });

  test('an initiation that throws rejects the await (not the call that made the awaitable)', async () => {
    const boom = new TypeError('bad argument');
    const a = asyncThrowing(boom, useAwaitable);
    expect(started.count).toBe(0);
    await expect(a).rejects.toBe(boom);
    expect(started.count).toBe(1);
  });

  test('then() keeps the Promise contract: a thenable back (then, catch, finally), reactions always asynchronous, thrown callbacks reject', async () => {
    const order: string[] = [];
    const a = asyncValue(systemExecutor, 5, useAwaitable);
    const chained = a.then((v) => {
      order.push('reaction');
      return v + 1;
    });
    order.push('after then');
    // A thenable standing for the promise (made only once used): Promise.resolve adopts it.
    expect(typeof chained.then).toBe('function');
    await expect(Promise.resolve(chained)).resolves.toBe(6);
    await expect(chained.then((v) => v * 10)).resolves.toBe(60);
    const late = a.then(() => order.push('late reaction'));
    order.push('after late then');
    await late;
    expect(order).toEqual(['after then', 'reaction', 'after late then', 'late reaction']);
    await expect(a.then(() => { throw new RangeError('from the callback'); })).rejects.toThrow(RangeError);
    await expect(a.then()).resolves.toBe(5);
    expect(started.count).toBe(1);
  });

  test('a failed launch settles every caller asynchronously; onRejected can recover', async () => {
    const boom = new TypeError('bad argument');
    const a = asyncThrowing(boom, useAwaitable);
    const order: string[] = [];
    const first = a.then(undefined, (e) => {
      order.push('rejected');
      return e === boom ? 'recovered' : 'other';
    });
    const second = a.then(() => 'no');
    order.push('after then');
    await expect(first).resolves.toBe('recovered');
    await expect(second).rejects.toBe(boom);
    expect(order).toEqual(['after then', 'rejected']);
    // A non-Error thrown by the initiation is the rejection reason as it is.
    await expect(asyncThrowing('a string', useAwaitable)).rejects.toBe('a string');
  });

  test('a handler run during the launch (dispatch) still reacts after then() returned', async () => {
    const order: string[] = [];
    const done = dispatch(systemExecutor, useAwaitable).then(() => order.push('reaction'));
    order.push('after then');
    await done;
    expect(order).toEqual(['after then', 'reaction']);
  });

  test('an initiation that queues its handler and then throws: every caller sees the throw', async () => {
    const boom = new TypeError('thrown after queueing the handler');
    const a = asyncInitiate((handler: (err: null, v: number) => void) => {
      systemExecutor.post(() => handler(null, 5));
      throw boom;
    }, useAwaitable);
    await expect(a).rejects.toBe(boom);
    await new Promise((resolve) => setImmediate(resolve)); // the queued handler has run by now
    await expect(a).rejects.toBe(boom);
  });

  test('asTuple(useAwaitable): the error is part of the value, nothing throws', async () => {
    const [err, n] = await asyncFail(systemExecutor, errors.eof, 5, asTuple(useAwaitable));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(5);
    const [ok, v] = await asyncValue(systemExecutor, 9, asTuple(useAwaitable));
    expect(ok).toBeNull();
    expect(v).toBe(9);
  });

  test('redirectError(useAwaitable, ref): the error goes to ref.error and the value is returned', async () => {
    const ref: ErrorRef = { error: null };
    const n = await asyncFail(systemExecutor, errors.connectionReset, 4, redirectError(useAwaitable, ref));
    expect(n).toBe(4);
    expect(errorIs(ref.error, errors.connectionReset)).toBe(true);
    const v = await asyncValue(systemExecutor, 'x', redirectError(useAwaitable, ref));
    expect(v).toBe('x');
    expect(ref.error).toBeNull();
  });

  test('the adapters keep the laziness', async () => {
    const ref: ErrorRef = { error: null };
    const a = asyncValue(systemExecutor, 1, asTuple(useAwaitable));
    const b = asyncValue(systemExecutor, 2, redirectError(useAwaitable, ref));
    expect(started.count).toBe(0);
    expect(await a).toEqual([null, 1]);
    expect(await b).toBe(2);
    expect(started.count).toBe(2);
  });

  test('outside a coroutine the handler has no executor of its own: it runs on the I/O executor', async () => {
    const ioc = new IoContext();
    const p = (async () => await asyncProbe(ioc, useAwaitable))();
    await Promise.resolve();
    expect(await ioc.run()).toBe(1);
    const index = await p;
    expect(probes[index]!.executor).toBeUndefined();
    expect(probes[index]!.slot).toBeUndefined();
    expect(probes[index]!.deliveredInsideExecutor).toBe(true);
  });
});

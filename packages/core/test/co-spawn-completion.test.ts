// coSpawn: starting through a post, never inside the call, and completing each token kind with the
// value, a thrown error or an operation failure.
import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  coSpawn,
  IoContext,
  systemExecutor,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { asyncForever, asyncProbe, asyncValue, probes, started, until } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

describe('coSpawn: starting and completing', () => {
  test('the coroutine starts through a post on its executor, never inside the call', async () => {
    const ioc = new IoContext();
    let startedInside: boolean | undefined;
    coSpawn(
      ioc,
      async () => {
        startedInside = ioc.getExecutor().runningInThisThread();
      },
      () => {},
    );
    expect(startedInside).toBeUndefined();
    expect(ioc.poll()).toBeGreaterThan(0);
    expect(startedInside).toBe(true);
    await ioc.run();
  });

  test('callback token: (null, value)', async () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    coSpawn(
      ioc,
      async () => (await asyncValue(ioc, 20, useAwaitable)) + 1,
      (err, v) => calls.push([err, v]),
    );
    await ioc.run();
    expect(calls).toEqual([[null, 21]]);
  });

  test('useFuture token: a Promise of the value', async () => {
    const ioc = new IoContext();
    const p = coSpawn(ioc, async () => `got ${await asyncValue(ioc, 'x', useAwaitable)}`, useFuture);
    await ioc.run();
    await expect(p).resolves.toBe('got x');
  });

  test('no token (deferred): nothing starts until the deferred operation is launched', async () => {
    const ioc = new IoContext();
    let ran = false;
    const op = coSpawn(ioc, async () => {
      ran = true;
      return 5;
    });
    expect(ioc.poll()).toBe(0);
    expect(ran).toBe(false);
    const calls: unknown[][] = [];
    op((err, v) => calls.push([err, v]));
    ioc.restart();
    await ioc.run();
    expect(ran).toBe(true);
    expect(calls).toEqual([[null, 5]]);
  });

  test('an awaitable can be spawned directly; its operation inherits the coroutine executor', async () => {
    const ioc = new IoContext();
    const p = coSpawn(ioc, asyncProbe(systemExecutor, useAwaitable), useFuture);
    expect(started.count).toBe(0);
    await ioc.run();
    const index = await p;
    expect(probes[index]!.executor).toBe(ioc.getExecutor());
  });

  test('the completion runs on the token handler executor', async () => {
    const ioc = new IoContext();
    const other = new IoContext();
    let ranOnOther: boolean | undefined;
    coSpawn(
      ioc,
      async () => 1,
      bindExecutor(other, () => {
        ranOnOther = other.getExecutor().runningInThisThread();
      }),
    );
    await ioc.run();
    expect(ranOnOther).toBeUndefined();
    // The coroutine held work on `other` until its completion ran there.
    await other.run();
    expect(ranOnOther).toBe(true);
  });

  test('a thrown error reaches the token: async throw, sync throw, rejection', async () => {
    const ioc = new IoContext();
    const boom = new RangeError('boom');
    const errs: unknown[] = [];
    coSpawn(
      ioc,
      async () => {
        await asyncValue(ioc, 1, useAwaitable);
        throw boom;
      },
      (err) => errs.push(err),
    );
    coSpawn(
      ioc,
      () => {
        throw boom;
      },
      (err) => errs.push(err),
    );
    const p = coSpawn(ioc, async () => Promise.reject(boom), useFuture);
    await ioc.run();
    expect(errs).toEqual([boom, boom]);
    await expect(p).rejects.toBe(boom);
  });

  test('an operation failure not caught in the coroutine reaches the token as the SystemError', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(ioc, async () => asyncForever(ioc, useAwaitable), bindCancellationSlot(sig.slot(), useFuture));
    await until(() => started.count === 1, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
  });

  test('a thrown non-Error becomes an Error with it as the cause', async () => {
    const ioc = new IoContext();
    const p = coSpawn(
      ioc,
      async () => {
        throw 'plain string';
      },
      useFuture,
    );
    await ioc.run();
    const e = await p.then(
      () => null,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).cause).toBe('plain string');
  });

  test('programmer errors are thrown by the call', () => {
    expect(() => coSpawn({} as never, async () => 1, () => {})).toThrow(TypeError);
    expect(() => coSpawn(systemExecutor, 42 as never, () => {})).toThrow(TypeError);
  });
});

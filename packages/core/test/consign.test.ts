import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  consign,
  Consign,
  deferred,
  errorIs,
  errors,
  IoContext,
  makeWorkGuard,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncWaitForever, flush } from './helpers/ops';

describe('consign', () => {
  // Asio's consign_test: the consigned values are not passed to the handler, and the handler
  // keeps its bound executor.
  test('the handler gets the completion arguments only, on its bound executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const calls: unknown[][] = [];
    asyncAddOn(
      io1,
      1,
      2,
      consign(
        bindExecutor(io2, (...args: unknown[]) => {
          calls.push(args);
        }),
        123,
        321,
      ),
    );
    expect(calls).toEqual([]);
    await io1.run();
    expect(calls).toEqual([]);
    await io2.run();
    expect(calls).toEqual([[null, 3]]);
  });

  test('with useFuture the result type and value are unchanged', async () => {
    const p = asyncAdd(1, 2, consign(useFuture, { big: 'object' }));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    await expect(p).resolves.toBe(3);
    await expect(asyncAdd(Number.MAX_SAFE_INTEGER, 2, consign(useFuture, 1))).rejects.toMatchObject({ code: 'EINVAL' });
  });

  test('a consigned work guard stays held until the operation completes (and is not reset by consign)', async () => {
    const io = new IoContext();
    const guard = makeWorkGuard(io);
    let ran = false;
    asyncAdd(1, 1, consign(() => {
      ran = true;
      guard.reset(); // the handler decides what to do with what it kept alive
    }, guard));
    expect(guard.ownsWork()).toBe(true);
    const run = io.run(); // kept running by the guard
    await flush();
    expect(ran).toBe(true);
    await expect(run).resolves.toBe(0);
  });

  test('with deferred', async () => {
    await expect(asyncAdd(3, 4, consign(deferred, 'kept'))).resolves.toBe(7);
  });

  test('keeps the inner handler cancellable', async () => {
    const sig = new CancellationSignal();
    const errs: unknown[] = [];
    asyncWaitForever(consign(bindCancellationSlot(sig.slot(), (err: SystemError | null) => errs.push(err)), 'kept'));
    sig.emit();
    await flush();
    expect(errs).toHaveLength(1);
    expect(errorIs(errs[0], errors.operationAborted)).toBe(true);
  });

  test('the handler runs once, never inside the initiating call', async () => {
    let count = 0;
    asyncAdd(1, 2, consign(() => count++, 0));
    expect(count).toBe(0);
    await flush(3);
    expect(count).toBe(1);
  });

  test('the token exposes the inner token and the values', () => {
    const kept = {};
    const t = consign(useFuture, kept, 2);
    expect(t).toBeInstanceOf(Consign);
    expect(t.token).toBe(useFuture);
    expect(t.values[0]).toBe(kept);
  });
});

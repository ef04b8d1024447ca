import {
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  deferred,
  errorIs,
  errors,
  IoContext,
  prepend,
  Prepend,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncWaitForever, flush } from './helpers/ops';

describe('prepend', () => {
  // Asio's prepend_test.
  test('prepends values and keeps the bound executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const calls: unknown[][] = [];
    asyncAddOn(
      io1,
      1,
      2,
      prepend(
        bindExecutor(io2, (a: number, b: number, err: SystemError | null, n: number) => {
          calls.push([a, b, err, n]);
        }),
        123,
        321,
      ),
    );
    expect(calls).toEqual([]);
    await io1.run();
    expect(calls).toEqual([]);
    await io2.run();
    expect(calls).toEqual([[123, 321, null, 3]]);
  });

  test('with useFuture: the error is no longer first, so the promise resolves with everything', async () => {
    const p = asyncAdd(1, 2, prepend(useFuture, 'x'));
    expectTypeOf(p).toEqualTypeOf<Promise<[string, SystemError | null, number]>>();
    await expect(p).resolves.toEqual(['x', null, 3]);
    const [tag, err, n] = await asyncAdd(Number.MAX_SAFE_INTEGER, 1, prepend(useFuture, 'y'));
    expect(tag).toBe('y');
    expect(errorIs(err, errors.invalidArgument)).toBe(true);
    expect(n).toBe(0);
  });

  test('prepending nothing changes nothing', async () => {
    await expect(asyncAdd(4, 4, prepend(useFuture))).resolves.toBe(8);
    await expect(asyncAdd(Number.MAX_SAFE_INTEGER, 4, prepend(useFuture))).rejects.toMatchObject({ code: 'EINVAL' });
  });

  test('with deferred', async () => {
    await expect(asyncAdd(1, 2, prepend(deferred, 0))).resolves.toEqual([0, null, 3]);
  });

  test('keeps the inner handler cancellable', async () => {
    const sig = new CancellationSignal();
    const calls: unknown[][] = [];
    asyncWaitForever(prepend(bindCancellationSlot(sig.slot(), (id: number, err: SystemError | null) => calls.push([id, err])), 9));
    sig.emit();
    await flush();
    expect(calls).toHaveLength(1);
    expect(calls[0]![0]).toBe(9);
    expect(errorIs(calls[0]![1], errors.operationAborted)).toBe(true);
  });

  test('the handler runs once, never inside the initiating call', async () => {
    let count = 0;
    asyncAdd(1, 2, prepend(() => count++, 0));
    expect(count).toBe(0);
    await flush(3);
    expect(count).toBe(1);
  });

  test('the token exposes the inner token and the values', () => {
    const t = prepend(useFuture, 1, 'two');
    expect(t).toBeInstanceOf(Prepend);
    expect(t.token).toBe(useFuture);
    expect(t.values).toEqual([1, 'two']);
  });
});

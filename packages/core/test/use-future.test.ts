import { errorIs, errors, IoContext, makeError, SystemError, useFuture } from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncComplete, flush } from './helpers/ops';

// Ports Asio's use_future_0..3 tests: operations with 0 to 3 values, each plain, with an error
// code first (success and failure), and with an exception-like Error first (Asio's async_op_ex).
describe('useFuture', () => {
  let io: IoContext;
  beforeEach(() => {
    io = new IoContext();
  });

  async function settle<V>(p: Promise<V>): Promise<V> {
    await io.run();
    io.restart();
    return p;
  }

  test('no values', async () => {
    const plain = asyncComplete(io, [], useFuture);
    expectTypeOf(plain).toEqualTypeOf<Promise<void>>();
    await expect(settle(plain)).resolves.toBeUndefined();

    const ok = asyncComplete(io, [null as SystemError | null], useFuture);
    expectTypeOf(ok).toEqualTypeOf<Promise<void>>();
    await expect(settle(ok)).resolves.toBeUndefined();

    const aborted = makeError(errors.operationAborted);
    const failed = asyncComplete(io, [aborted as SystemError | null], useFuture);
    await expect(settle(failed)).rejects.toBe(aborted);

    const blah = new Error('blah');
    await expect(settle(asyncComplete(io, [blah as Error | null], useFuture))).rejects.toThrow('blah');
  });

  test('one value', async () => {
    const plain = asyncComplete(io, [42], useFuture);
    expectTypeOf(plain).toEqualTypeOf<Promise<number>>();
    await expect(settle(plain)).resolves.toBe(42);

    const ok = asyncComplete(io, [null as SystemError | null, 42], useFuture);
    expectTypeOf(ok).toEqualTypeOf<Promise<number>>();
    await expect(settle(ok)).resolves.toBe(42);

    const failed = asyncComplete(io, [makeError(errors.operationAborted) as SystemError | null, 42], useFuture);
    const err = await settle(failed).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.operationAborted)).toBe(true);

    await expect(settle(asyncComplete(io, [new Error('blah') as Error | null, 42], useFuture))).rejects.toThrow('blah');
  });

  test('two values: a tuple', async () => {
    const plain = asyncComplete(io, [42, 2.0], useFuture);
    expectTypeOf(plain).toEqualTypeOf<Promise<[number, number]>>();
    await expect(settle(plain)).resolves.toEqual([42, 2.0]);

    const ok = asyncComplete(io, [null as SystemError | null, 42, 2.0], useFuture);
    expectTypeOf(ok).toEqualTypeOf<Promise<[number, number]>>();
    await expect(settle(ok)).resolves.toEqual([42, 2.0]);

    await expect(
      settle(asyncComplete(io, [makeError(errors.operationAborted) as SystemError | null, 42, 2.0], useFuture)),
    ).rejects.toMatchObject({ code: 'ECANCELED' });
  });

  test('three values: a tuple', async () => {
    const plain = asyncComplete(io, [42, 2.0, 'a'], useFuture);
    expectTypeOf(plain).toEqualTypeOf<Promise<[number, number, string]>>();
    await expect(settle(plain)).resolves.toEqual([42, 2.0, 'a']);

    const ok = asyncComplete(io, [null as SystemError | null, 42, 2.0, 'a'], useFuture);
    await expect(settle(ok)).resolves.toEqual([42, 2.0, 'a']);

    await expect(
      settle(asyncComplete(io, [new Error('blah') as Error | null, 42, 2.0, 'a'], useFuture)),
    ).rejects.toThrow('blah');
  });

  test('an undefined error slot counts as success', async () => {
    await expect(settle(asyncComplete(io, [undefined as Error | undefined, 'v'], useFuture))).resolves.toBe('v');
  });

  test('returns a native Promise that settles only after the handler ran on the executor', async () => {
    const p = asyncComplete(io, [null as SystemError | null, 1], useFuture);
    expect(p).toBeInstanceOf(Promise);
    let settled = false;
    void p.then(() => (settled = true));
    await flush(2);
    expect(settled).toBe(false); // io has not run yet
    await io.run();
    await flush();
    expect(settled).toBe(true);
  });

  test('promises settle in completion order', async () => {
    const order: number[] = [];
    const all = [3, 1, 2].map((n) => asyncComplete(io, [null as SystemError | null, n], useFuture).then((v) => order.push(v)));
    await io.run();
    await Promise.all(all);
    expect(order).toEqual([3, 1, 2]);
  });

  test('programmer errors throw synchronously instead of rejecting', () => {
    expect(() => asyncAdd('1' as never, 2, useFuture)).toThrow(TypeError);
  });

  test('the operation starts at once (eager)', async () => {
    const p = asyncAdd(1, 2, useFuture);
    await flush();
    // Completed without anyone awaiting or calling then() on the promise:
    await expect(Promise.race([p, Promise.resolve('pending')])).resolves.toBe(3);
  });

  test('the token is frozen', () => {
    expect(Object.isFrozen(useFuture)).toBe(true);
  });
});

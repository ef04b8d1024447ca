// The coroutine tokens used in the wrong kind of coroutine: each mistake is a TypeError that says
// which token belongs where, not the engine's "is not iterable", an operation never started, or
// a value that is really an iterator object.
//
// - `yield* op(..., useAwaitable)` inside spawn: an Awaitable is not iterable.
// - `await op(..., y)` inside an async function: a yield-context operation is an iterator, which
//   `await` would hand back as the value without starting anything.
// - `yield op(..., y)` (no star) and `yield op(..., useAwaitable)` / `yield promise` inside spawn.

import { asTuple, coSpawn, IoContext, spawn, systemExecutor, useAwaitable, useFuture, type YieldContext } from '@asio-ts/core';
import { asyncValue, started } from './helpers/coro-ops';

beforeEach(() => {
  started.count = 0;
});

const awaitableInSpawn =
  /^an Awaitable \(useAwaitable\) cannot be used with yield\*: useAwaitable is for `await` inside coSpawn; inside spawn pass the yield context instead: yield\* op\(\.\.\., y\)/;
const yieldOpAwaited =
  /^an operation given a yield context cannot be awaited: y is for yield\* inside spawn \(const n = yield\* op\(\.\.\., y\)\); inside coSpawn pass ctx\.useAwaitable \(or useAwaitable\) and await it/;

/** Run `fn` as a spawn on a fresh context; resolves with what the coroutine threw (or returned). */
async function spawnOutcome(fn: (y: YieldContext) => Generator<unknown, unknown, unknown>): Promise<unknown> {
  const ioc = new IoContext();
  const p = spawn(ioc, fn as never, useFuture);
  await ioc.run();
  return (p as Promise<unknown>).then(
    (v) => ({ returned: v }),
    (e: unknown) => e,
  );
}

describe('useAwaitable inside spawn', () => {
  test('yield* op(..., useAwaitable): a TypeError naming the yield context, at the yield*, nothing started', async () => {
    const e = await spawnOutcome(function* () {
      // The types refuse this already; a JavaScript caller (or a cast) gets here.
      return yield* asyncValue(systemExecutor, 1, useAwaitable) as unknown as Generator<unknown, number, unknown>;
    });
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(awaitableInSpawn);
    expect(started.count).toBe(0);
  });

  test('the coroutine can catch it at the yield*, and its yield context still works after', async () => {
    const outcome = await spawnOutcome(function* (y) {
      let caught: unknown;
      try {
        yield* asTupleAwaitable();
      } catch (e) {
        caught = e;
      }
      const n = yield* asyncValue(systemExecutor, 7, y);
      return [(caught as Error).message, n];
    });
    const [message, n] = (outcome as { returned: [string, number] }).returned;
    expect(message).toMatch(awaitableInSpawn);
    expect(n).toBe(7);
    expect(started.count).toBe(1);
  });

  test('yield (no star) of an Awaitable or a promise: a TypeError saying to yield* an operation given y', async () => {
    for (const yielded of [() => asyncValue(systemExecutor, 1, useAwaitable), () => Promise.resolve(1)]) {
      const e = await spawnOutcome(function* () {
        yield yielded();
      });
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(
        /^spawn: the coroutine yielded a promise or an Awaitable \(useAwaitable\); it can only wait for operations given its yield context: const n = yield\* op\(\.\.\., y\)/,
      );
    }
    expect(started.count).toBe(0);
  });

  test('yield of anything else that is not an operation says what it got', async () => {
    const e = await spawnOutcome(function* () {
      yield 42;
    });
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^spawn: the coroutine yielded 42; .*yield\* op\(\.\.\., y\)/);
  });

  test('yield op(..., y) without the star: a TypeError saying yield*, nothing started', async () => {
    const e = await spawnOutcome(function* (y) {
      yield asyncValue(systemExecutor, 1, y);
    });
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toBe('spawn: an operation was yielded with yield, not yield*: write const n = yield* op(..., y)');
    expect(started.count).toBe(0);
  });
});

function asTupleAwaitable(): Generator<unknown, unknown, unknown> {
  return asyncValue(systemExecutor, 1, asTuple(useAwaitable)) as unknown as Generator<unknown, unknown, unknown>;
}

describe('a yield context inside coSpawn', () => {
  /** A yield context that outlives its spawn, as a helper taking "a token" might be handed one. */
  async function someYieldContext(): Promise<YieldContext> {
    let kept: YieldContext | undefined;
    const ioc = new IoContext();
    spawn(
      ioc,
      function* (y) {
        kept = y;
      },
      () => {},
    );
    await ioc.run();
    return kept!;
  }

  test('await op(..., y): a TypeError at the await naming useAwaitable, nothing started', async () => {
    const y = await someYieldContext();
    const ioc = new IoContext();
    const p = coSpawn(
      ioc,
      async () => {
        // Without the check this await would give back the operation's iterator object.
        return await (asyncValue(systemExecutor, 1, y) as unknown as Promise<number>);
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).rejects.toThrow(TypeError);
    await expect(p).rejects.toThrow(yieldOpAwaited);
    expect(started.count).toBe(0);
  });

  test('outside any coroutine, and through Promise.resolve, the same', async () => {
    const y = await someYieldContext();
    const op = asyncValue(systemExecutor, 1, y) as unknown as PromiseLike<number>;
    await expect((async () => await op)()).rejects.toThrow(yieldOpAwaited);
    await expect(Promise.resolve(op)).rejects.toThrow(yieldOpAwaited);
    expect(started.count).toBe(0);
  });

  test('given as the coroutine itself: coSpawn completes with the TypeError', async () => {
    const y = await someYieldContext();
    const ioc = new IoContext();
    const p = coSpawn(ioc, asyncValue(systemExecutor, 1, y) as unknown as PromiseLike<number>, useFuture);
    await ioc.run();
    await expect(p).rejects.toThrow(yieldOpAwaited);
  });
});

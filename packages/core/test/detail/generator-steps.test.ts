// How generator coroutines are resumed (detail/generator-steps.ts): a generator of a plain
// generator function goes through the engine's own next/throw; anything that replaces them (a
// hand-written iterator, a `next` on the function's prototype or on the generator) is called as
// it is, by spawn and by coComposed alike.
import { coComposed, IoContext, spawn, useFuture, type CoComposedState, type YieldContext } from '@asio-ts/core';
import { hasNativeSteps, resumeGenerator } from '../../src/detail/generator-steps';
import { asyncValue } from '../helpers/coro-ops';

describe('hasNativeSteps / resumeGenerator', () => {
  test('a generator of a fresh generator function uses the engine steps; replaced steps do not', () => {
    const fresh = () =>
      function* () {
        const got: unknown = yield 1;
        return got;
      };
    const g = fresh()();
    expect(hasNativeSteps(g)).toBe(true);
    expect(resumeGenerator(g, true, false, undefined)).toEqual({ value: 1, done: false });
    expect(resumeGenerator(g, true, false, 'back')).toEqual({ value: 'back', done: true });

    const thrown = fresh()();
    resumeGenerator(thrown, true, false, undefined);
    expect(() => resumeGenerator(thrown, true, true, new Error('into the body'))).toThrow('into the body');

    const own = fresh()();
    (own as unknown as { next: unknown }).next = () => ({ value: 'own', done: true });
    expect(hasNativeSteps(own)).toBe(false);
    const fn = fresh();
    (fn.prototype as { next?: unknown }).next = () => ({ value: 'prototype', done: true });
    expect(hasNativeSteps(fn())).toBe(false);
    expect(hasNativeSteps({ next: () => ({ done: true }) })).toBe(false);
    expect(hasNativeSteps(undefined)).toBe(false);
    expect(hasNativeSteps(42)).toBe(false);
    // A Proxy looks native to every other check, and the engine's own next refuses it.
    expect(hasNativeSteps(new Proxy(fresh()(), {}))).toBe(false);
  });
});

describe('generators the engine steps must not be used for', () => {
  test('a Proxy around a generator (a tracing wrapper) drives spawn and coComposed through its traps', async () => {
    const traced =
      <A extends unknown[], G extends object>(fn: (...args: A) => G) =>
      (...args: A): G => {
        const g = fn(...args);
        return new Proxy(g, {
          get: (target, key) => {
            const v = (target as Record<PropertyKey, unknown>)[key];
            return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
          },
        });
      };
    const ioc = new IoContext();
    const spawned = spawn(
      ioc,
      traced(function* (y: YieldContext) {
        return (yield* asyncValue(ioc, 40, y)) + 2;
      }),
      useFuture,
    );
    const composed = coComposed(
      traced(function* (_state: CoComposedState<[Error | null, number]>) {
        return [null, 7] as [Error | null, number];
      }),
      useFuture,
      ioc,
    );
    await ioc.run();
    await expect(spawned).resolves.toBe(42);
    await expect(composed).resolves.toBe(7);
  });

  test("a Proxy as the generator function's prototype: its trap's next is the one spawn calls", async () => {
    const engine = Object.getPrototypeOf(function* () {}).prototype as { next: (this: Generator, v?: unknown) => IteratorResult<unknown> };
    const calls: string[] = [];
    const body = function* () {
      return 5;
    };
    body.prototype = new Proxy(Object.create(engine) as object, {
      get: (target, key, receiver) =>
        key === 'next'
          ? function (this: Generator, v?: unknown) {
              calls.push('trap next');
              return engine.next.call(this, v);
            }
          : Reflect.get(target, key, receiver),
    }) as Generator<never, number, unknown>;
    const ioc = new IoContext();
    const p = spawn(ioc, body, useFuture);
    await ioc.run();
    await expect(p).resolves.toBe(5);
    expect(calls).toEqual(['trap next']);
  });

  test("%GeneratorPrototype%'s next replaced after the library loaded is the one called", async () => {
    const prototype = Object.getPrototypeOf(function* () {}).prototype as { next: (this: Generator, v?: unknown) => IteratorResult<unknown> };
    const engineNext = prototype.next;
    let calls = 0;
    prototype.next = function (this: Generator, v?: unknown) {
      calls++;
      return engineNext.call(this, v);
    };
    try {
      const ioc = new IoContext();
      const p = spawn(
        ioc,
        function* (y: YieldContext) {
          return yield* asyncValue(ioc, 1, y);
        },
        useFuture,
      );
      await ioc.run();
      await expect(p).resolves.toBe(1);
      expect(calls).toBe(2);
    } finally {
      prototype.next = engineNext;
    }
  });
});

describe('spawn and coComposed resume what the function returned, through its own steps', () => {
  test('many spawns, each with a generator function made for it, complete with their own values', async () => {
    const ioc = new IoContext();
    const results = Array.from({ length: 50 }, (_, i) =>
      spawn(
        ioc,
        function* (y: YieldContext) {
          let sum = 0;
          for (let k = 0; k <= i; k++) sum += yield* asyncValue(ioc, k, y);
          return sum;
        },
        useFuture,
      ),
    );
    await ioc.run();
    await expect(Promise.all(results)).resolves.toEqual(Array.from({ length: 50 }, (_, i) => (i * (i + 1)) / 2));
  });

  test("a `next` put on the generator function's prototype is the one spawn calls", async () => {
    const ioc = new IoContext();
    const calls: unknown[] = [];
    const body = function* (y: YieldContext) {
      return (yield* asyncValue(ioc, 7, y)) * 2;
    };
    const proto = body.prototype as { next: (this: Generator, v?: unknown) => IteratorResult<unknown> };
    const engineNext = Object.getPrototypeOf(proto).next as typeof proto.next;
    proto.next = function (this: Generator, v?: unknown) {
      calls.push(v);
      return engineNext.call(this, v);
    };
    const p = spawn(ioc, body, useFuture);
    await ioc.run();
    await expect(p).resolves.toBe(14);
    expect(calls).toEqual([undefined, [null, 7]]);
  });

  test('a hand-written iterator drives coComposed through its own next', async () => {
    const ioc = new IoContext();
    const seen: unknown[] = [];
    const op = coComposed(
      (_state: CoComposedState<[Error | null, number]>) => {
        let step = 0;
        return {
          next(input?: unknown) {
            seen.push(input);
            step++;
            return step === 1 ? { value: asyncValue(ioc, 5), done: false } : { value: [null, (input as [null, number])[1] + 1], done: true };
          },
          throw(e: unknown): never {
            throw e;
          },
          return(v: unknown) {
            return { value: v, done: true };
          },
          [Symbol.iterator]() {
            return this;
          },
        } as unknown as Generator<never, [Error | null, number], unknown>;
      },
      useFuture,
      ioc,
    );
    await ioc.run();
    await expect(op).resolves.toBe(6);
    expect(seen).toEqual([undefined, [null, 5]]);
  });
});

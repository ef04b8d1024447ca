// Programmer errors throw synchronously, naming the argument (ARCHITECTURE.md, completion rule
// 4): every public function of @asio-ts/core, given a wrong type, a negative or non-integer
// number, or something that is not a completion token, throws a TypeError or RangeError whose
// message starts with (or names) the argument. Asio refuses such calls at compile time; this is
// the run-time equivalent for JavaScript callers.
//
// This file: the checks that do not fit the table (bad-input.test.ts): a rejected token and the
// coroutine contexts' methods.

import { coSpawn, IoContext, post, spawn, systemExecutor, useFuture } from '@asio-ts/core';
import { bad, thrown } from './helpers/bad-input-table';

describe('bad input: a rejected token', () => {
  test('does not use up a deferred operation: after op(42) threw, op(h) still launches it', async () => {
    const ioc = new IoContext();
    const op = post(ioc);
    expect(() => op(bad(42))).toThrow(TypeError);
    let ran = false;
    op(() => {
      ran = true;
    });
    await ioc.run();
    expect(ran).toBe(true);
  });
});

describe('bad input: coroutine contexts', () => {
  test("CoroutineContext.throwIfCancelled('yes') throws a TypeError naming value", async () => {
    let e: unknown;
    await coSpawn(
      systemExecutor,
      async (ctx) => {
        e = thrown(() => ctx.throwIfCancelled(bad('yes')));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^value\b/);
  });

  test('CoroutineContext.resetCancellationState(42) throws a TypeError naming inFilter', async () => {
    let e: unknown;
    await coSpawn(
      systemExecutor,
      async (ctx) => {
        e = thrown(() => ctx.resetCancellationState(bad(42)));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/\binFilter\b/);
  });

  test('YieldContext.withError(42) throws a TypeError naming ref', async () => {
    let e: unknown;
    await spawn(
      systemExecutor,
      function* (y) {
        e = thrown(() => y.withError(bad(42)));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^ref\b/);
  });

  test("YieldContext.throwIfCancelled('yes') throws a TypeError naming value", async () => {
    let e: unknown;
    await spawn(
      systemExecutor,
      function* (y) {
        e = thrown(() => y.throwIfCancelled(bad('yes')));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/^value\b/);
  });

  test('YieldContext.resetCancellationState(42) throws a TypeError naming inFilter', async () => {
    let e: unknown;
    await spawn(
      systemExecutor,
      function* (y) {
        e = thrown(() => y.resetCancellationState(bad(42)));
      },
      useFuture,
    );
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/\binFilter\b/);
  });
});

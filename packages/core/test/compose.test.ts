// asyncCompose: write a composed operation once, serve every token kind. Scenarios follow Asio's
// src/tests/unit/compose.cpp (0 and 1 completion arguments through an inner post; default,
// partial and total cancellation filters), plus the completion rules of ARCHITECTURE.md.
import {
  asyncCompose,
  bindImmediateExecutor,
  deferred,
  errors,
  errorIs,
  inlineExecutor,
  IoContext,
  makeError,
  post,
  useFuture,
  type AsyncResult,
  type ComposedOperation,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { nextMacrotask } from './helpers/macrotask';

// ---------------------------------------------------------------------------------------------
// Asio's impl_0_completion_args / impl_1_completion_arg: one inner post, then complete.

function async0CompletionArgs<T>(ioc: IoContext, token: T): AsyncResult<T, []> {
  let state: 'starting' | 'posting' = 'starting';
  return asyncCompose<[], T>((self) => {
    if (state === 'starting') {
      state = 'posting';
      post(ioc, self);
    } else {
      self.complete();
    }
  }, token);
}

function async1CompletionArg<T>(ioc: IoContext, token: T): AsyncResult<T, [number]> {
  let state: 'starting' | 'posting' = 'starting';
  return asyncCompose<[number], T>((self) => {
    if (state === 'starting') {
      state = 'posting';
      post(ioc, self);
    } else {
      self.complete(42);
    }
  }, token);
}

describe('asyncCompose: completion arguments (Asio compose_0/1_completion_args)', () => {
  test('no completion arguments, function handler', async () => {
    const ioc = new IoContext();
    let count = 0;
    async0CompletionArgs(ioc, () => count++);
    expect(ioc.stopped()).toBe(false);
    expect(count).toBe(0);
    await ioc.run();
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(1);

    // Again with a handler object's method (Asio's lvalue handler).
    ioc.restart();
    const handlerObject = {
      count: 0,
      onComplete(): void {
        this.count++;
      },
    };
    async0CompletionArgs(ioc, () => handlerObject.onComplete());
    expect(handlerObject.count).toBe(0);
    await ioc.run();
    expect(handlerObject.count).toBe(1);
  });

  test('one completion argument, function handler', async () => {
    const ioc = new IoContext();
    let count = 0;
    let result = 0;
    async1CompletionArg(ioc, (r: number) => {
      count++;
      result = r;
    });
    expect(count).toBe(0);
    expect(result).toBe(0);
    await ioc.run();
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(1);
    expect(result).toBe(42);
  });

  test('useFuture: Promise<void> and Promise<number>', async () => {
    const ioc = new IoContext();
    const p0 = async0CompletionArgs(ioc, useFuture);
    const p1 = async1CompletionArg(ioc, useFuture);
    expectTypeOf(p0).toEqualTypeOf<Promise<void>>();
    expectTypeOf(p1).toEqualTypeOf<Promise<number>>();
    await ioc.run();
    await expect(p0).resolves.toBeUndefined();
    await expect(p1).resolves.toBe(42);
  });

  test('deferred: nothing starts until launched, then any token works', async () => {
    const ioc = new IoContext();
    let started = 0;
    const op = asyncCompose((self: ComposedOperation<[number]>) => {
      if (started++ === 0) post(ioc, self);
      else self.complete(7);
    });
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[number]>>();
    const op2 = async1CompletionArg(ioc, deferred);
    expectTypeOf(op2).toEqualTypeOf<DeferredOperation<[number]>>();
    await ioc.run();
    expect(started).toBe(0);

    ioc.restart();
    const results: number[] = [];
    op((n: number) => results.push(n));
    const p2 = op2(useFuture);
    expect(started).toBe(1);
    await ioc.run();
    expect(results).toEqual([7]);
    await expect(p2).resolves.toBe(42);
  });

  test('an awaited deferred composed operation', async () => {
    const ioc = new IoContext();
    const guard = new IoContext(); // unrelated context: shows nothing leaks onto it
    const done = (async () => (await async1CompletionArg(ioc, deferred)) + 1)();
    await Promise.resolve();
    await ioc.run();
    await expect(done).resolves.toBe(43);
    await expect(guard.run()).resolves.toBe(0);
  });

  test('with an error slot: null resolves the useFuture promise with the value; the callback gets null first', async () => {
    const ioc = new IoContext();
    const succeed = <T>(token: T): AsyncResult<T, [SystemError | null, number]> =>
      asyncCompose<[SystemError | null, number], T>((self) => self.complete(null, 5), token, ioc);
    const p = succeed(useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    const seen: Array<[unknown, number]> = [];
    succeed((err: SystemError | null, n: number) => seen.push([err, n]));
    await ioc.run();
    await expect(p).resolves.toBe(5);
    expect(seen).toEqual([[null, 5]]);
  });

  test('an error in the first slot rejects the useFuture promise; the callback gets it first', async () => {
    const ioc = new IoContext();
    const fail = <T>(token: T): AsyncResult<T, [SystemError | null, number]> =>
      asyncCompose<[SystemError | null, number], T>((self) => self.complete(makeError(errors.eof), 3), token, ioc);
    const p = fail(useFuture);
    const seen: Array<[unknown, number]> = [];
    fail((err: SystemError | null, n: number) => seen.push([err, n]));
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'EOF' });
    expect(seen).toHaveLength(1);
    expect(errorIs(seen[0]![0], errors.eof)).toBe(true);
    expect(seen[0]![1]).toBe(3);
  });
});

describe('asyncCompose: immediate completion', () => {
  test('complete() inside the initiation never runs the handler inside the initiating call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncCompose((self: ComposedOperation<[number]>) => self.complete(1), (n: number) => order.push(`handler ${n}`), ioc);
    order.push('after call');
    expect(order).toEqual(['after call']);
    await ioc.run();
    expect(order).toEqual(['after call', 'handler 1']);
  });

  test('…also when the initiating call is made from inside a handler of the I/O context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      asyncCompose((self: ComposedOperation<[]>) => self.complete(), () => order.push('handler'), ioc);
      order.push('initiator done');
    });
    await ioc.run();
    expect(order).toEqual(['initiator done', 'handler']);
  });

  test('with no I/O object, an immediate completion still goes through a post (system executor)', async () => {
    const order: string[] = [];
    asyncCompose((self: ComposedOperation<[]>) => self.complete(), () => order.push('handler'));
    order.push('after call');
    expect(order).toEqual(['after call']);
    await nextMacrotask();
    expect(order).toEqual(['after call', 'handler']);
  });

  test('bindImmediateExecutor(inlineExecutor, h) opts into running h inside the call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncCompose((self: ComposedOperation<[]>) => self.complete(), bindImmediateExecutor(inlineExecutor, () => order.push('handler')), ioc);
    order.push('after call');
    expect(order).toEqual(['handler', 'after call']);
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('an immediate completion with useFuture and with deferred', async () => {
    const ioc = new IoContext();
    const now = <T>(token: T): AsyncResult<T, [string]> => asyncCompose<[string], T>((self) => self.complete('now'), token, ioc);
    const p = now(useFuture);
    const op = now(deferred);
    const results: string[] = [];
    op((s: string) => results.push(s));
    expect(results).toEqual([]);
    await ioc.run();
    await expect(p).resolves.toBe('now');
    expect(results).toEqual(['now']);
  });

  test('completing after inner steps that all ran later is delivered through the handler\'s executor, not via the immediate path', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    let step = 0;
    asyncCompose(
      (self: ComposedOperation<[number]>) => {
        step++;
        if (step < 3) post(ioc, self);
        else self.complete(step);
      },
      bindImmediateExecutor(inlineExecutor, (n: number) => order.push(`handler ${n}`)),
      ioc,
    );
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['handler 3']);
  });
});

import {
  asyncImmediate,
  asyncResult,
  bindExecutor,
  bindImmediateExecutor,
  deferred,
  getAssociatedImmediateExecutor,
  inlineExecutor,
  IoContext,
  isTokenObject,
  post,
  systemExecutor,
  tokenKind,
  useFuture,
  type Deferred,
  type DeferredOperation,
  type Handler,
  type ImmediateExecutorBinder,
  type Signature,
  type Initiation,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { flush } from './helpers/ops';

function incrementerToken(counter: { count: number }) {
  return {
    [tokenKind]: 'incrementer' as const,
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): void {
      const handler = (() => {
        counter.count++;
      }) as Handler<S>;
      initiation(handler, ...args);
    },
  };
}

describe('bindImmediateExecutor', () => {
  // Asio's bind_immediate_executor_to_function_object_test. An immediate completion is delivered
  // through the handler's immediate executor; a handler with no associated executor of its own
  // then runs there (Asio dispatches it with the immediate executor as the default), so the
  // I/O context sees no work for it.
  test('an immediate completion runs on the bound immediate executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    asyncImmediate(ioc1, bindImmediateExecutor(ioc2, () => count++));
    expect(ioc1.poll()).toBe(0);
    expect(count).toBe(0);
    expect(ioc2.poll()).toBe(1);
    expect(count).toBe(1);
  });

  test('the outermost binding wins', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    asyncImmediate(ioc1, bindImmediateExecutor(ioc2, bindImmediateExecutor(systemExecutor, () => count++)));
    ioc1.poll();
    await flush();
    expect(count).toBe(0);
    ioc2.poll();
    expect(count).toBe(1);
  });

  // Asio's bind_immediate_executor_to_completion_token_v2_test.
  test('a bound token object', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const counter = { count: 0 };
    asyncImmediate(ioc1, bindImmediateExecutor(ioc2, incrementerToken(counter)));
    ioc1.poll();
    expect(counter.count).toBe(0);
    ioc2.poll();
    expect(counter.count).toBe(1);
  });

  // Asio's partial_bind_immediate_executor_test: bind to deferred, launch later.
  test('bound to deferred, launched later with a handler', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    let count = 0;
    const op = asyncImmediate(ioc1, bindImmediateExecutor(ioc2, deferred));
    expectTypeOf(op).toEqualTypeOf<ReturnType<typeof asyncImmediate<typeof deferred>>>();
    op(() => count++);
    ioc1.poll();
    expect(count).toBe(0);
    ioc2.poll();
    expect(count).toBe(1);
  });

  test('inlineExecutor opts into running inside the initiating call (on the system executor)', () => {
    const order: string[] = [];
    asyncImmediate(systemExecutor, bindImmediateExecutor(inlineExecutor, () => order.push('handler')));
    order.push('returned');
    expect(order).toEqual(['handler', 'returned']);
  });

  test('inlineExecutor opts into running inside the initiating call (on an IoContext)', () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncImmediate(ioc, bindImmediateExecutor(inlineExecutor, () => order.push('handler')));
    order.push('returned');
    expect(order).toEqual(['handler', 'returned']);
  });

  test('inside a handler of the I/O context, inlineExecutor recurses', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      asyncImmediate(ioc, bindImmediateExecutor(inlineExecutor, () => order.push('handler')));
      order.push('returned');
    });
    await ioc.run();
    expect(order).toEqual(['handler', 'returned']);
  });

  test('without a binding an immediate completion is never delivered inside the initiating call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      // Even while running inside the context (where dispatch would run inline).
      asyncImmediate(ioc, () => order.push('handler'));
      order.push('returned');
    });
    await ioc.run();
    expect(order).toEqual(['returned', 'handler']);
  });

  test('a bound associated executor still decides where the handler finally runs', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const ioc3 = new IoContext();
    let count = 0;
    asyncImmediate(ioc1, bindExecutor(ioc3, bindImmediateExecutor(ioc2, () => count++)));
    ioc1.poll();
    ioc2.poll();
    expect(count).toBe(0);
    expect(ioc3.poll()).toBe(1);
    expect(count).toBe(1);
  });

  test('the immediate executor is not used for operations that complete later', async () => {
    const order: string[] = [];
    post(systemExecutor, bindImmediateExecutor(inlineExecutor, () => order.push('handler')));
    order.push('returned');
    await flush();
    expect(order).toEqual(['returned', 'handler']);
  });

  test('with useFuture', async () => {
    const ioc1 = new IoContext();
    const p = asyncImmediate(ioc1, bindImmediateExecutor(systemExecutor, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    await expect(p).resolves.toBeUndefined();
  });

  test('binding a function returns a function; binding a token object returns a token', () => {
    const ioc = new IoContext();
    const fn = (): void => {};
    const bound = bindImmediateExecutor(ioc, fn);
    expect(typeof bound).toBe('function');
    expect(getAssociatedImmediateExecutor(bound, systemExecutor)).toBe(ioc.getExecutor());
    expect(isTokenObject(bindImmediateExecutor(ioc, useFuture))).toBe(true);
  });

  test('programmer errors', () => {
    expect(() => bindImmediateExecutor({} as never, () => {})).toThrow(TypeError);
    expect(() => bindImmediateExecutor(inlineExecutor, 1 as never)).toThrow(/token/);
  });
});

describe("bindImmediateExecutor(ex) without a token (Asio 1.31's partial bind_immediate_executor)", () => {
  test('binds deferred: an immediate completion of the launched operation runs on the bound executor', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const op = asyncImmediate(ioc1, bindImmediateExecutor(ioc2));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[]>>();
    let count = 0;
    op(() => count++);
    expect(ioc1.poll()).toBe(0);
    expect(count).toBe(0);
    expect(ioc2.poll()).toBe(1);
    expect(count).toBe(1);
  });

  test('awaiting it completes', async () => {
    await expect(asyncImmediate(systemExecutor, bindImmediateExecutor(inlineExecutor))).resolves.toBeUndefined();
  });

  test('the token is an immediate executor binder around deferred', () => {
    const token = bindImmediateExecutor(inlineExecutor);
    expectTypeOf(token).toEqualTypeOf<ImmediateExecutorBinder<Deferred>>();
    expect(token.token).toBe(deferred);
  });
});

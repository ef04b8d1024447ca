import {
  asyncResult,
  bindCancellationSlot,
  CancellationSignal,
  CancellationSlot,
  CancellationType,
  deferred,
  errorIs,
  errors,
  getAssociatedCancellationSlot,
  IoContext,
  isTokenObject,
  tokenKind,
  useFuture,
  type CancellationSlotBinder,
  type Deferred,
  type DeferredOperation,
  type Handler,
  type Signature,
  type Initiation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncWaitForever, flush, seenCancellations } from './helpers/ops';

// Asio's increment_on_cancel: counts completions with operation_aborted.
function incrementOnCancel(counter: { count: number }) {
  return (err: SystemError | null): void => {
    if (errorIs(err, errors.operationAborted)) counter.count++;
  };
}

// Asio's incrementer_token (v2): a token object that launches with an incrementOnCancel handler.
function incrementerToken(counter: { count: number }) {
  return {
    [tokenKind]: 'incrementer' as const,
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): void {
      initiation(incrementOnCancel(counter) as unknown as Handler<S>, ...args);
    },
  };
}

describe('bindCancellationSlot', () => {
  // Asio's bind_cancellation_slot_to_function_object_test, including the doubly bound handler.
  test('a bound function: emitting cancels the operation', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const counter = { count: 0 };
    asyncWaitForever(bindCancellationSlot(sig.slot(), incrementOnCancel(counter)), ioc);
    expect(ioc.poll()).toBe(0);
    expect(counter.count).toBe(0);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(counter.count).toBe(1);

    asyncWaitForever(bindCancellationSlot(sig.slot(), bindCancellationSlot(sig.slot(), incrementOnCancel(counter))), ioc);
    ioc.restart();
    ioc.poll();
    expect(counter.count).toBe(1);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(counter.count).toBe(2);
  });

  // Asio's bind_cancellation_slot_to_completion_token_v2_test.
  test('a bound token object', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const counter = { count: 0 };
    asyncWaitForever(bindCancellationSlot(sig.slot(), incrementerToken(counter)), ioc);
    ioc.poll();
    expect(counter.count).toBe(0);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(counter.count).toBe(1);
  });

  // Asio's partial_bind_cancellation_slot: bind to `deferred`, supply the real token later.
  test('bound to deferred, then launched with a handler or a token', async () => {
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const counter = { count: 0 };
    asyncWaitForever(bindCancellationSlot(sig.slot(), deferred), ioc)(incrementOnCancel(counter));
    ioc.poll();
    expect(counter.count).toBe(0);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(counter.count).toBe(1);

    asyncWaitForever(bindCancellationSlot(sig.slot(), deferred), ioc)(incrementerToken(counter));
    ioc.restart();
    ioc.poll();
    expect(counter.count).toBe(1);
    sig.emit(CancellationType.All);
    await ioc.run();
    expect(counter.count).toBe(2);
  });

  test('with useFuture the promise rejects with operationAborted', async () => {
    const sig = new CancellationSignal();
    const p = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture));
    sig.emit(CancellationType.Terminal);
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
  });

  test('the operation gets the emitted type', async () => {
    const sig = new CancellationSignal();
    const p = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture)).catch(() => {});
    sig.emit(CancellationType.Partial);
    await p;
    expect(seenCancellations.at(-1)).toBe(CancellationType.Partial);
  });

  test('the handler never runs inside emit, and runs once even if emitted again', async () => {
    const sig = new CancellationSignal();
    const order: string[] = [];
    asyncWaitForever(bindCancellationSlot(sig.slot(), () => order.push('handler')));
    order.push('before emit');
    sig.emit();
    order.push('after emit');
    sig.emit();
    await flush(2);
    sig.emit();
    await flush(2);
    expect(order).toEqual(['before emit', 'after emit', 'handler']);
  });

  test('emitting before the operation starts, or after it completed, does nothing', async () => {
    const sig = new CancellationSignal();
    sig.emit(); // nobody listens yet
    const calls: Array<SystemError | null> = [];
    asyncAdd(1, 2, bindCancellationSlot(sig.slot(), (err) => calls.push(err)));
    await flush();
    expect(calls).toEqual([null]);
    sig.emit();
    await flush();
    expect(calls).toEqual([null]);
  });

  test('the slot is released when the operation completes', async () => {
    const sig = new CancellationSignal();
    const p = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture)).catch((e: unknown) => e);
    expect(sig.slot().hasHandler()).toBe(true);
    sig.emit();
    expect(sig.slot().hasHandler()).toBe(false);
    expect(errorIs(await p, errors.operationAborted)).toBe(true);
  });

  test('binding a function returns a function; binding a token object returns a token', () => {
    const sig = new CancellationSignal();
    const fn = (): void => {};
    const bound = bindCancellationSlot(sig.slot(), fn);
    expect(typeof bound).toBe('function');
    expect(getAssociatedCancellationSlot(bound)).toBe(sig.slot());
    expect(getAssociatedCancellationSlot(fn).isConnected()).toBe(false);
    expect(isTokenObject(bindCancellationSlot(sig.slot(), useFuture))).toBe(true);
  });

  test('the outermost slot wins', async () => {
    const inner = new CancellationSignal();
    const outer = new CancellationSignal();
    const p = asyncWaitForever(bindCancellationSlot(outer.slot(), bindCancellationSlot(inner.slot(), useFuture))).catch((e: unknown) => e);
    expect(outer.slot().hasHandler()).toBe(true);
    expect(inner.slot().hasHandler()).toBe(false);
    outer.emit();
    expect(errorIs(await p, errors.operationAborted)).toBe(true);
  });

  test('an unconnected slot: the operation is simply not cancellable', async () => {
    let settled = false;
    const p = asyncAdd(1, 1, bindCancellationSlot(new CancellationSlot(), useFuture)).then((n) => {
      settled = true;
      return n;
    });
    await expect(p).resolves.toBe(2);
    expect(settled).toBe(true);
  });

  test('programmer errors: not a slot, not a token', () => {
    expect(() => bindCancellationSlot({} as never, () => {})).toThrow(TypeError);
    expect(() => bindCancellationSlot(new CancellationSignal() as never, () => {})).toThrow(/slot/);
    expect(() => bindCancellationSlot(new CancellationSignal().slot(), 42 as never)).toThrow(/token/);
    // An omitted (undefined) token is the partial form, binding `deferred`.
    expect(() => bindCancellationSlot(new CancellationSignal().slot(), undefined as never)).not.toThrow();
  });
});

describe("bindCancellationSlot(slot) without a token (Asio 1.31's partial bind_cancellation_slot)", () => {
  test('binds deferred: emitting on the signal cancels the awaited operation', async () => {
    const sig = new CancellationSignal();
    const op = asyncWaitForever(bindCancellationSlot(sig.slot()));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[SystemError | null]>>();
    const awaited = (async () => {
      await op;
    })();
    await flush();
    sig.emit(CancellationType.Terminal);
    const failure = await awaited.then(() => null, (e: unknown) => e);
    expect(errorIs(failure, errors.operationAborted)).toBe(true);
  });

  test('the token is a cancellation slot binder around deferred', () => {
    const token = bindCancellationSlot(new CancellationSignal().slot());
    expectTypeOf(token).toEqualTypeOf<CancellationSlotBinder<Deferred>>();
    expect(token.token).toBe(deferred);
  });
});

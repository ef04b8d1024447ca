// bindAbortSignal and AbortSignalSlot: AbortSignal → cancellation (toAbortSignal's tests are in
// to-abort-signal.test.ts).
import { getEventListeners } from 'node:events';
import {
  AbortSignalSlot,
  asTuple,
  asyncInitiate,
  bindAbortSignal,
  CancellationType,
  errorIs,
  errors,
  getAssociatedCancellationSlot,
  HandlerWork,
  IoContext,
  isTokenObject,
  makeError,
  post,
  SystemError,
  systemExecutor,
  useFuture,
  type Executor,
  type AbortSignalBinder,
  type Deferred,
  type DeferredOperation,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncWaitForever, flush, seenCancellations } from './helpers/ops';
import { listeners } from './helpers/abort-signal';

describe('bindAbortSignal: AbortSignal → cancellation', () => {
  test('aborting cancels the operation (terminal); the handler runs after abort() returned', async () => {
    const ac = new AbortController();
    const order: string[] = [];
    asyncWaitForever(
      bindAbortSignal(ac.signal, (err) => {
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        order.push('handler');
      }),
    );
    ac.abort();
    order.push('aborted');
    await flush();
    expect(order).toEqual(['aborted', 'handler']);
    expect(seenCancellations.at(-1)).toBe(CancellationType.Terminal);
  });

  test('an operation that completes inside its cancellation handler: its handler runs after abort() returned, as after emit()', async () => {
    // HandlerWork queues a completion made inside a cancellation; an abort is one, also from a handler of the executor.
    const completesWhenCancelled = (ex: Executor, token: (err: SystemError | null) => void): void =>
      asyncInitiate((handler: (err: SystemError | null) => void) => {
        const work = new HandlerWork(handler, ex);
        const slot = getAssociatedCancellationSlot(handler);
        slot.assign(() => {
          slot.clear();
          work.complete(makeError(errors.operationAborted));
        });
        work.started();
      }, token);
    const order: string[] = [];
    const direct = new AbortController();
    completesWhenCancelled(systemExecutor, bindAbortSignal(direct.signal, (err) => order.push(`system ${err?.code}`)));
    direct.abort();
    order.push('system: abort() returned');
    const ioc = new IoContext();
    const inside = new AbortController();
    completesWhenCancelled(ioc.getExecutor(), bindAbortSignal(inside.signal, (err) => order.push(`ioc ${err?.code}`)));
    post(ioc, () => {
      inside.abort();
      order.push('ioc: abort() returned');
    });
    await ioc.run();
    await flush();
    expect([...order].sort()).toEqual(['ioc ECANCELED', 'ioc: abort() returned', 'system ECANCELED', 'system: abort() returned']);
    expect(order.indexOf('system: abort() returned')).toBeLessThan(order.indexOf('system ECANCELED'));
    expect(order.indexOf('ioc: abort() returned')).toBeLessThan(order.indexOf('ioc ECANCELED'));
  });

  test('with useFuture the promise rejects with operationAborted', async () => {
    const ac = new AbortController();
    const p = asyncWaitForever(bindAbortSignal(ac.signal, useFuture));
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(SystemError);
    await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
  });

  test('the requested cancellation type is passed on', async () => {
    const ac = new AbortController();
    const p = asyncWaitForever(bindAbortSignal(ac.signal, useFuture, CancellationType.Partial)).catch(() => {});
    ac.abort();
    await p;
    expect(seenCancellations.at(-1)).toBe(CancellationType.Partial);
  });

  test('an already-aborted signal cancels the operation right after it starts, never inside the call', async () => {
    const order: string[] = [];
    const signal = AbortSignal.abort();
    asyncWaitForever(
      bindAbortSignal(signal, (err) => {
        order.push(errorIs(err, errors.operationAborted) ? 'aborted' : 'other');
      }),
    );
    order.push('returned');
    await flush();
    expect(order).toEqual(['returned', 'aborted']);
    expect(listeners(signal)).toBe(0);
  });

  test('an already-aborted signal does not disturb an operation that ignores cancellation', async () => {
    await expect(asyncAdd(1, 2, bindAbortSignal(AbortSignal.abort(), useFuture))).resolves.toBe(3);
  });

  test('aborting after completion does nothing', async () => {
    const ac = new AbortController();
    let calls = 0;
    asyncAdd(1, 2, bindAbortSignal(ac.signal, () => calls++));
    await flush();
    ac.abort();
    await flush();
    expect(calls).toBe(1);
  });

  test('an abort reaches the handlers still assigned, in the order they were assigned', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const slots = ['a', 'b', 'c', 'd', 'e'].map((name) => {
      const slot = new AbortSignalSlot(ac.signal, CancellationType.Partial);
      slot.assign((type) => seen.push(`${name}:${type}`));
      return slot;
    });
    slots[0]!.clear(); // the first
    slots[2]!.clear(); // one in the middle
    slots[4]!.clear(); // the last
    slots[2]!.assign(() => seen.push('c again')); // assigned again: now after d
    expect(listeners(ac.signal)).toBe(1);
    ac.abort();
    expect(seen).toEqual([`b:${CancellationType.Partial}`, `d:${CancellationType.Partial}`, 'c again']);
    expect(listeners(ac.signal)).toBe(0);
    // As with a CancellationSignal's emit, the slots keep their handlers until the operations
    // clear them; clearing after the abort is harmless.
    expect(slots.map((s) => s.hasHandler())).toEqual([false, true, true, true, false]);
    for (const s of slots) s.clear();
    expect(listeners(ac.signal)).toBe(0);
  });

  test('AbortSignalSlot: connected; holds one handler; release and clear drop the listener', async () => {
    const ac = new AbortController();
    const slot = new AbortSignalSlot(ac.signal);
    expect(slot.isConnected()).toBe(true);
    expect(slot.hasHandler()).toBe(false);
    const seen: string[] = [];
    const a = (): number => seen.push('a');
    slot.assign(a);
    slot.assign(() => seen.push('b')); // replaces a
    expect(listeners(ac.signal)).toBe(1);
    slot.release(a); // not installed any more: no effect
    expect(slot.hasHandler()).toBe(true);
    ac.abort();
    expect(seen).toEqual(['b']);
    const ac2 = new AbortController();
    const slot2 = new AbortSignalSlot(ac2.signal);
    slot2.assign(a);
    slot2.clear();
    expect(slot2.hasHandler()).toBe(false);
    // The listener goes a microtask after the last waiter (so a loop of operations under one
    // signal does not remove and re-add it each time).
    await Promise.resolve();
    expect(listeners(ac2.signal)).toBe(0);
    expect(slot2.equals(slot2)).toBe(true);
    expect(slot2.equals(slot)).toBe(false);
  });

  test('the bound handler carries an AbortSignalSlot; tokens stay tokens', () => {
    const ac = new AbortController();
    const bound = bindAbortSignal(ac.signal, () => {});
    expect(getAssociatedCancellationSlot(bound)).toBeInstanceOf(AbortSignalSlot);
    expect(isTokenObject(bindAbortSignal(ac.signal, useFuture))).toBe(true);
  });

  test('programmer errors', () => {
    expect(() => bindAbortSignal({} as never, useFuture)).toThrow(TypeError);
    expect(() => bindAbortSignal(new AbortController() as never, useFuture)).toThrow(/signal/);
    expect(() => bindAbortSignal(new AbortController().signal, useFuture, -1)).toThrow(RangeError);
    expect(() => bindAbortSignal(new AbortController().signal, 1 as never)).toThrow(/token/);
  });
});

describe('one bindAbortSignal token used for several operations', () => {
  test('abort cancels every operation launched with it, and leaves no listener', async () => {
    const ac = new AbortController();
    const token = bindAbortSignal(ac.signal, asTuple(useFuture));
    const first = asyncWaitForever(token);
    const second = asyncWaitForever(token);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(1);
    ac.abort();
    const [[e1], [e2]] = await Promise.all([first, second]);
    expect(errorIs(e1, errors.operationAborted)).toBe(true);
    expect(errorIs(e2, errors.operationAborted)).toBe(true);
    expect(getEventListeners(ac.signal, 'abort')).toHaveLength(0);
  });
});

describe('bindAbortSignal(signal) without a token (as the partial binders)', () => {
  test('binds deferred: aborting cancels the awaited operation', async () => {
    const controller = new AbortController();
    const op = asyncWaitForever(bindAbortSignal(controller.signal));
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[SystemError | null]>>();
    const awaited = (async () => {
      await op;
    })();
    await flush();
    controller.abort();
    const failure = await awaited.then(() => null, (e: unknown) => e);
    expect(errorIs(failure, errors.operationAborted)).toBe(true);
  });

  test('an undefined token with a type: the partial form with that cancellation type', async () => {
    const controller = new AbortController();
    const token = bindAbortSignal(controller.signal, undefined, CancellationType.Partial);
    expectTypeOf(token).toEqualTypeOf<AbortSignalBinder<Deferred>>();
    const awaited = (async () => {
      await asyncWaitForever(token);
    })();
    await flush();
    controller.abort();
    const failure = await awaited.then(() => null, (e: unknown) => e);
    expect(errorIs(failure, errors.operationAborted)).toBe(true);
    expect(seenCancellations.at(-1)).toBe(CancellationType.Partial);
  });
});

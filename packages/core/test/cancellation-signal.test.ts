import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationSlot,
  CancellationType,
  errorIs,
  errors,
  unconnectedSlot,
  useFuture,
} from '@asio-ts/core';
import { asyncAdd, asyncWaitForever, flush } from './helpers/ops';

describe('CancellationType', () => {
  test('bit flags', () => {
    expect(CancellationType).toEqual({ None: 0, Terminal: 1, Partial: 2, Total: 4, All: 0xffffffff });
    expect(Object.isFrozen(CancellationType)).toBe(true);
    expect(CancellationType.All & CancellationType.Partial).toBe(CancellationType.Partial);
  });
});

describe('CancellationSignal and CancellationSlot', () => {
  test('slot() is the same connected object every call', () => {
    const sig = new CancellationSignal();
    const slot = sig.slot();
    expect(sig.slot()).toBe(slot);
    expect(slot.isConnected()).toBe(true);
    expect(slot.hasHandler()).toBe(false);
  });

  test('emitting calls the installed handler with the type (terminal by default)', () => {
    const sig = new CancellationSignal();
    const seen: number[] = [];
    sig.slot().assign((t) => seen.push(t));
    expect(sig.slot().hasHandler()).toBe(true);
    sig.emit();
    sig.emit(CancellationType.Partial);
    sig.emit(CancellationType.Total | CancellationType.Partial);
    expect(seen).toEqual([CancellationType.Terminal, CancellationType.Partial, 6]);
  });

  test('emitting with no handler does nothing', () => {
    const sig = new CancellationSignal();
    expect(() => sig.emit(CancellationType.All)).not.toThrow();
  });

  test('assign replaces the previous handler', () => {
    const sig = new CancellationSignal();
    const seen: string[] = [];
    sig.slot().assign(() => seen.push('first'));
    sig.slot().assign(() => seen.push('second'));
    sig.emit();
    expect(seen).toEqual(['second']);
  });

  test('clear removes the handler', () => {
    const sig = new CancellationSignal();
    let called = false;
    sig.slot().assign(() => (called = true));
    sig.slot().clear();
    expect(sig.slot().hasHandler()).toBe(false);
    sig.emit();
    expect(called).toBe(false);
  });

  test('release removes a handler only if it is still the installed one', () => {
    const sig = new CancellationSignal();
    const seen: string[] = [];
    const a = (): number => seen.push('a');
    const b = (): number => seen.push('b');
    sig.slot().assign(a);
    sig.slot().assign(b);
    sig.slot().release(a); // a was already replaced: b stays
    sig.emit();
    sig.slot().release(b);
    sig.emit();
    expect(seen).toEqual(['b']);
    expect(sig.slot().hasHandler()).toBe(false);
  });

  test('a handler may clear or replace itself while being emitted', () => {
    const sig = new CancellationSignal();
    const seen: string[] = [];
    sig.slot().assign(() => {
      seen.push('once');
      sig.slot().assign(() => seen.push('next'));
    });
    sig.emit();
    sig.emit();
    expect(seen).toEqual(['once', 'next']);
  });

  test('a signal can be emitted many times; each emit reaches the current handler', () => {
    const sig = new CancellationSignal();
    let n = 0;
    sig.slot().assign(() => n++);
    for (let i = 0; i < 5; i++) sig.emit();
    expect(n).toBe(5);
  });

  test('an unconnected slot: not connected, assignments ignored, clear harmless', () => {
    const slot = new CancellationSlot();
    expect(slot.isConnected()).toBe(false);
    slot.assign(() => {});
    expect(slot.hasHandler()).toBe(false);
    expect(() => slot.clear()).not.toThrow();
    expect(unconnectedSlot.isConnected()).toBe(false);
  });

  test('slots compare equal when connected to the same signal', () => {
    const a = new CancellationSignal();
    const b = new CancellationSignal();
    expect(a.slot().equals(a.slot())).toBe(true);
    expect(a.slot().equals(b.slot())).toBe(false);
    expect(new CancellationSlot(a).equals(a.slot())).toBe(true);
    expect(new CancellationSlot().equals(unconnectedSlot)).toBe(true);
    expect(unconnectedSlot.equals(a.slot())).toBe(false);
  });

  test('programmer errors: bad types and handlers', () => {
    const sig = new CancellationSignal();
    expect(() => sig.emit(-1)).toThrow(RangeError);
    expect(() => sig.emit(1.5)).toThrow(RangeError);
    expect(() => sig.emit('terminal' as never)).toThrow(TypeError);
    expect(() => sig.emit(null as never)).toThrow(/type/);
    expect(() => sig.slot().assign(null as never)).toThrow(TypeError);
    expect(() => sig.slot().assign({} as never)).toThrow(/handler/);
  });
});

describe('cancelling an operation through a signal', () => {
  test('the handler gets operationAborted, after emit returned, exactly once', async () => {
    const sig = new CancellationSignal();
    const order: string[] = [];
    asyncWaitForever(
      bindCancellationSlot(sig.slot(), (err) => {
        expect(errorIs(err, errors.operationAborted)).toBe(true);
        order.push('handler');
      }),
    );
    sig.emit();
    order.push('emitted');
    sig.emit();
    await flush(2);
    expect(order).toEqual(['emitted', 'handler']);
  });

  test('an operation releases the slot when it completes; emitting afterwards is a no-op', async () => {
    const sig = new CancellationSignal();
    const p = asyncAdd(1, 2, bindCancellationSlot(sig.slot(), useFuture));
    await expect(p).resolves.toBe(3);
    expect(sig.slot().hasHandler()).toBe(false);
    sig.emit();
  });

  test('one signal can cancel one operation after another', async () => {
    const sig = new CancellationSignal();
    for (let i = 0; i < 3; i++) {
      const p = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture));
      sig.emit();
      await expect(p).rejects.toMatchObject({ code: 'ECANCELED' });
    }
  });

  test('a second operation on the same slot takes it over from the first', async () => {
    const sig = new CancellationSignal();
    const first = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture));
    const second = asyncWaitForever(bindCancellationSlot(sig.slot(), useFuture));
    let firstSettled = false;
    first.then(
      () => (firstSettled = true),
      () => (firstSettled = true),
    );
    sig.emit();
    await expect(second).rejects.toMatchObject({ code: 'ECANCELED' });
    await flush();
    expect(firstSettled).toBe(false); // one slot holds one handler, as in Asio
  });
});

import {
  asyncInitiate,
  associatedCancellationSlot,
  associatedExecutor,
  associatedImmediateExecutor,
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationSlot,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  getAssociatedImmediateExecutor,
  inlineExecutor,
  IoContext,
  post,
  postingExecutor,
  systemExecutor,
  unconnectedSlot,
  useFuture,
  type Associations,
  type SystemError,
} from '@asio-ts/core';
import { asyncAddOn, asyncWaitForever, flush } from './helpers/ops';

describe('getAssociatedExecutor', () => {
  test('defaults to the system executor, or to the given default', () => {
    const ioc = new IoContext();
    const h = (): void => {};
    expect(getAssociatedExecutor(h)).toBe(systemExecutor);
    expect(getAssociatedExecutor(h, ioc.getExecutor())).toBe(ioc.getExecutor());
  });

  test('reads the association a user put on their own handler', () => {
    const ioc = new IoContext();
    const h: ((err: SystemError | null, n: number) => void) & Associations = () => {};
    h[associatedExecutor] = ioc.getExecutor();
    expect(getAssociatedExecutor(h)).toBe(ioc.getExecutor());
    expect(getAssociatedExecutor(h, systemExecutor)).toBe(ioc.getExecutor());
  });

  test('a handler object (not a function) can carry it too', () => {
    const ioc = new IoContext();
    expect(getAssociatedExecutor({ [associatedExecutor]: ioc.getExecutor() })).toBe(ioc.getExecutor());
  });

  test.each([null, undefined, 1, 'h'])('%p has no associations', (x) => {
    expect(getAssociatedExecutor(x)).toBe(systemExecutor);
    expect(getAssociatedCancellationSlot(x)).toBe(unconnectedSlot);
  });

  test('an operation honours a hand-made association', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    let count = 0;
    const h: ((err: SystemError | null, n: number) => void) & Associations = () => count++;
    h[associatedExecutor] = io2.getExecutor();
    asyncAddOn(io1, 1, 1, h);
    await io1.run();
    expect(count).toBe(0);
    await io2.run();
    expect(count).toBe(1);
  });
});

describe('getAssociatedCancellationSlot', () => {
  test('defaults to an unconnected slot, or to the given default', () => {
    const slot = getAssociatedCancellationSlot(() => {});
    expect(slot.isConnected()).toBe(false);
    expect(slot).toBe(unconnectedSlot);
    const sig = new CancellationSignal();
    expect(getAssociatedCancellationSlot(() => {}, sig.slot())).toBe(sig.slot());
  });

  test('reads a hand-made association, and an operation uses it', async () => {
    const sig = new CancellationSignal();
    const errs: unknown[] = [];
    const h: ((err: SystemError | null) => void) & Associations = (err) => errs.push(err);
    h[associatedCancellationSlot] = sig.slot();
    expect(getAssociatedCancellationSlot(h)).toBe(sig.slot());
    asyncWaitForever(h);
    sig.emit();
    await flush();
    expect(errs).toHaveLength(1);
  });

  test('an unconnected slot ignores assignments', () => {
    const slot = new CancellationSlot();
    slot.assign(() => {
      throw new Error('never called');
    });
    expect(slot.hasHandler()).toBe(false);
  });
});

describe('getAssociatedImmediateExecutor', () => {
  test('defaults to the I/O executor, turned into one that never runs inline', async () => {
    const ioc = new IoContext();
    const ex = ioc.getExecutor();
    const order: string[] = [];
    post(ioc, () => {
      // Inside the context, dispatch would run inline; the default immediate executor posts.
      getAssociatedImmediateExecutor(() => {}, ex).dispatch(() => order.push('immediate'));
      ex.dispatch(() => order.push('dispatched inline'));
      order.push('end of handler');
    });
    await ioc.run();
    expect(order).toEqual(['dispatched inline', 'end of handler', 'immediate']);
  });

  test('the posting form of an executor is cached and forwards work counting', async () => {
    const ioc = new IoContext();
    const p = postingExecutor(ioc.getExecutor());
    expect(postingExecutor(ioc.getExecutor())).toBe(p);
    p.onWorkStarted();
    let done = false;
    const run = ioc.run().then(() => (done = true));
    await flush();
    expect(done).toBe(false); // held by the work started through the posting executor
    p.onWorkFinished();
    await run;
    expect(done).toBe(true);
  });

  test('reads the bound immediate executor', () => {
    const bound = bindImmediateExecutor(inlineExecutor, () => {});
    expect(getAssociatedImmediateExecutor(bound, systemExecutor)).toBe(inlineExecutor);
    const h: (() => void) & Associations = () => {};
    h[associatedImmediateExecutor] = inlineExecutor;
    expect(getAssociatedImmediateExecutor(h, systemExecutor)).toBe(inlineExecutor);
  });
});

describe('associations through adapters and binders', () => {
  test('every association survives an adapter around a bound handler', () => {
    const sig = new CancellationSignal();
    const ioc = new IoContext();
    let seen: { ex: unknown; slot: unknown; imm: unknown } | undefined;
    const inner = bindExecutor(ioc, bindCancellationSlot(sig.slot(), bindImmediateExecutor(inlineExecutor, () => {})));
    // An initiation that records what an operation would see on the handler it is given.
    const probe = (handler: unknown): void => {
      seen = {
        ex: getAssociatedExecutor(handler),
        slot: getAssociatedCancellationSlot(handler),
        imm: getAssociatedImmediateExecutor(handler, systemExecutor),
      };
    };
    asyncInitiate(probe, asTuple(inner));
    expect(seen).toEqual({ ex: ioc.getExecutor(), slot: sig.slot(), imm: inlineExecutor });
  });

  test('binder on top of an adapter on top of a token object', () => {
    const sig = new CancellationSignal();
    let slot: unknown;
    void asyncInitiate((h: unknown) => {
      slot = getAssociatedCancellationSlot(h);
    }, bindCancellationSlot(sig.slot(), asTuple(useFuture)));
    expect(slot).toBe(sig.slot());
  });
});

// dispatch(executor?, token?): run the handler at once when already running inside that
// executor, else queue it (Asio's dispatch; its dispatch.cpp is a compile check, the scenarios
// come from io_context.cpp's nested_decrement_to_zero and strand.cpp's increment_with_lock).

import {
  bindExecutor,
  deferred,
  dispatch,
  IoContext,
  makeStrand,
  post,
  systemExecutor,
  useFuture,
  type DeferredOperation,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('dispatch with a function handler', () => {
  test('outside the context\'s handlers it queues; inside them it runs at once', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    dispatch(ioc, () => {
      order.push('outer start');
      dispatch(ioc, () => order.push('nested'));
      order.push('outer end');
    });
    expect(order).toEqual([]);
    await expect(ioc.run()).resolves.toBe(1);
    expect(order).toEqual(['outer start', 'nested', 'outer end']);
  });

  test('inside a handler of another context it queues on its own context', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    post(ioc1, () => {
      dispatch(ioc2, () => order.push('on ioc2'));
      order.push('ioc1 handler done');
    });
    await ioc1.run();
    expect(order).toEqual(['ioc1 handler done']);
    await ioc2.run();
    expect(order).toEqual(['ioc1 handler done', 'on ioc2']);
  });

  test('dispatch(systemExecutor, h) runs h at once', () => {
    const order: string[] = [];
    dispatch(systemExecutor, () => order.push('h'));
    order.push('after');
    expect(order).toEqual(['h', 'after']);
  });

  test('dispatch inside a strand runs inline; from outside it queues', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    dispatch(s, () => {
      order.push('first');
      dispatch(s, () => order.push('nested'));
      order.push('first end');
    });
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['first', 'nested', 'first end']);
  });

  test('inside its executor, but bound to another: the handler runs on the other (queued), not inline', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    post(ioc1, () => {
      dispatch(ioc1, bindExecutor(ioc2, () => order.push('bound handler')));
      order.push('after dispatch');
    });
    await ioc1.run();
    expect(order).toEqual(['after dispatch']);
    await ioc2.run();
    expect(order).toEqual(['after dispatch', 'bound handler']);
  });

  test('dispatch(ioc1, bindExecutor(ioc2, h)) from inside ioc2: handed to ioc1, then run nested in its handler', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    dispatch(ioc1, bindExecutor(ioc2, () => order.push('h')));
    // ioc1 runs the hand-over, which dispatches onto ioc2: not inside ioc2, so it queues there.
    await ioc1.run();
    expect(order).toEqual([]);
    await ioc2.run();
    expect(order).toEqual(['h']);
  });

  test('without an executor, dispatch uses the handler\'s associated executor', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    dispatch(bindExecutor(ioc, () => order.push('outside: queued')));
    expect(order).toEqual([]);
    post(ioc, () => {
      dispatch(bindExecutor(ioc, () => order.push('inside: inline')));
      order.push('after inner dispatch');
    });
    await ioc.run();
    expect(order).toEqual(['outside: queued', 'inside: inline', 'after inner dispatch']);
    // No association: the system executor, which dispatches inline.
    let ran = false;
    dispatch(() => {
      ran = true;
    });
    expect(ran).toBe(true);
  });

  test('a handler that throws inline propagates to the dispatching handler', async () => {
    const ioc = new IoContext();
    const caught: string[] = [];
    post(ioc, () => {
      try {
        dispatch(ioc, () => {
          throw new Error('inline throw');
        });
      } catch (e) {
        caught.push((e as Error).message);
      }
    });
    await ioc.run();
    expect(caught).toEqual(['inline throw']);
  });
});

describe('dispatch with completion tokens', () => {
  test('useFuture: resolves once the context ran the handler', async () => {
    const ioc = new IoContext();
    const p = dispatch(ioc, useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<void>>();
    await ioc.run();
    await expect(p).resolves.toBeUndefined();
  });

  test('deferred (explicit or omitted token) launches only when called, then follows dispatch rules', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    const op = dispatch(ioc);
    const op2 = dispatch(ioc, deferred);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[]>>();
    post(ioc, () => {
      op(() => order.push('op (inline)'));
      order.push('after op');
    });
    op2(() => order.push('op2 (queued, launched outside)'));
    await ioc.run();
    expect(order).toEqual(['op (inline)', 'after op', 'op2 (queued, launched outside)']);
  });

  test('an awaited deferred dispatch', async () => {
    const ioc = new IoContext();
    const done = (async () => {
      await dispatch(ioc);
      return 'done';
    })();
    await nextMacrotask();
    await ioc.run();
    await expect(done).resolves.toBe('done');
  });
});

describe("dispatch(fn, executor, token): Asio 1.37's function form", () => {
  test('inside the executor, fn and a callback run inline, before dispatch returns', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      order.push('outer start');
      dispatch(
        () => {
          order.push('fn');
          return 1;
        },
        ioc,
        (v) => order.push(`handler ${v}`),
      );
      order.push('outer end');
    });
    await ioc.run();
    expect(order).toEqual(['outer start', 'fn', 'handler 1', 'outer end']);
  });

  test('outside the executor, fn is queued', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    dispatch(
      () => order.push('fn'),
      ioc,
      () => order.push('handler'),
    );
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['fn', 'handler']);
  });

  test('useFuture: the result, with fn run inline inside the executor', async () => {
    const ioc = new IoContext();
    let p: Promise<string> | undefined;
    let ranInline = false;
    post(ioc, () => {
      let ran = false;
      p = dispatch(
        () => {
          ran = true;
          return 'done';
        },
        ioc,
        useFuture,
      );
      ranInline = ran;
    });
    await ioc.run();
    expect(ranInline).toBe(true);
    await expect(p).resolves.toBe('done');
    expectTypeOf(dispatch(() => 1, ioc, useFuture)).toEqualTypeOf<Promise<number>>();
    await ioc.run();
  });

  test('a handler bound elsewhere is dispatched to its own executor after fn ran', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    post(ioc1, () => {
      dispatch(
        () => {
          order.push('fn');
          return 2;
        },
        ioc1,
        bindExecutor(ioc2, (v: number) => order.push(`handler ${v} on ioc2: ${ioc2.getExecutor().runningInThisThread()}`)),
      );
      order.push('ioc1 handler done');
    });
    await ioc1.run();
    expect(order).toEqual(['fn', 'ioc1 handler done']);
    await ioc2.run();
    expect(order).toEqual(['fn', 'ioc1 handler done', 'handler 2 on ioc2: true']);
  });

  test('an exception thrown by fn goes to the executor; inside it, out of the dispatch call', async () => {
    const ioc = new IoContext();
    const boom = new Error('boom');
    const calls: unknown[] = [];
    let caught: unknown;
    post(ioc, () => {
      try {
        dispatch(
          (): number => {
            throw boom;
          },
          ioc,
          (v) => calls.push(v),
        );
      } catch (e) {
        caught = e;
      }
    });
    await ioc.run();
    expect(caught).toBe(boom);
    expect(calls).toEqual([]);
  });

  test('without a token: a deferred operation', async () => {
    const ioc = new IoContext();
    const op = dispatch(() => 3, ioc);
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[value: number]>>();
    const p = op(useFuture);
    await ioc.run();
    await expect(p).resolves.toBe(3);
  });
});


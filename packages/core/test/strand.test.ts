// Strand: FIFO, one handler at a time, on an inner executor. Scenarios follow Asio's
// src/tests/unit/strand.cpp (strand_test, strand_execute_test), plus the JavaScript-specific one:
// a handler that returns a promise holds the strand until the promise settles.
import { dispatch, IoContext, makeStrand, makeWorkGuard, post, Strand } from '@asio-ts/core';
import { nextMacrotask } from './helpers/macrotask';

describe('Strand over an IoContext (Asio strand_test)', () => {
  test('makeStrand takes a context or an executor and runs on that executor', () => {
    const ioc = new IoContext();
    const s1 = makeStrand(ioc);
    const s2 = makeStrand(ioc.getExecutor());
    expect(s1).toBeInstanceOf(Strand);
    expect(s1.innerExecutor()).toBe(ioc.getExecutor());
    expect(s2.innerExecutor()).toBe(ioc.getExecutor());
    expect(s1).not.toBe(s2);
  });

  test('dispatch onto a free strand from a handler of its inner executor runs nested, at once', async () => {
    // Asio's increment_without_lock.
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    let count = 0;
    const seen: Array<[boolean, number]> = [];
    post(ioc, () => {
      const inStrand = s.runningInThisThread();
      const before = count;
      dispatch(s, () => count++);
      seen.push([inStrand, count - before]);
    });
    expect(count).toBe(0);
    await ioc.run();
    expect(count).toBe(1);
    expect(seen).toEqual([[false, 1]]);
  });

  test('dispatch from inside a strand handler runs nested, at once', async () => {
    // Asio's increment_with_lock.
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    let count = 0;
    const seen: Array<[boolean, number]> = [];
    post(s, () => {
      const inStrand = s.runningInThisThread();
      const before = count;
      dispatch(s, () => count++);
      seen.push([inStrand, count - before]);
    });
    expect(count).toBe(0);
    await ioc.run();
    expect(count).toBe(1);
    expect(seen).toEqual([[true, 1]]);
  });

  test('dispatch from outside any handler queues: nothing runs until the context runs', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    let count = 0;
    dispatch(s, () => count++);
    s.dispatch(() => count++);
    expect(count).toBe(0);
    await ioc.run();
    expect(count).toBe(2);
  });

  test('dispatch onto a busy strand from its inner executor queues behind the handlers already waiting', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(ioc, () => {
      // s1 is queued on the strand (not yet run): dispatch must not overtake it.
      dispatch(s, () => order.push('dispatched'));
      order.push('after dispatch');
    });
    post(s, () => order.push('s1'));
    await ioc.run();
    expect(order).toEqual(['after dispatch', 's1', 'dispatched']);
  });

  test('handlers run in FIFO order, also when posted from strand handlers', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      order.push('a');
      post(s, () => order.push('a.child'));
    });
    post(s, () => order.push('b'));
    s.post(() => order.push('c'));
    s.defer(() => order.push('d'));
    await ioc.run();
    expect(order).toEqual(['a', 'b', 'c', 'd', 'a.child']);
  });

  test('handlers of two strands over one context can interleave; each strand stays FIFO', async () => {
    const ioc = new IoContext();
    const s1 = makeStrand(ioc);
    const s2 = makeStrand(ioc);
    const order: string[] = [];
    for (let i = 0; i < 3; i++) {
      post(s1, () => order.push(`s1.${i}`));
      post(s2, () => order.push(`s2.${i}`));
    }
    await ioc.run();
    expect(order.filter((x) => x.startsWith('s1'))).toEqual(['s1.0', 's1.1', 's1.2']);
    expect(order.filter((x) => x.startsWith('s2'))).toEqual(['s2.0', 's2.1', 's2.2']);
    // Interleaved: s2's first handler runs before s1's last (one strand does not hold the context).
    expect(order.indexOf('s2.0')).toBeLessThan(order.indexOf('s1.2'));
  });

  test('a throwing handler rejects run() and does not wedge the strand (Asio: two exceptions, three increments)', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    let count = 0;
    const boom = (): never => {
      throw new Error('strand boom');
    };
    post(s, boom);
    post(s, () => count++);
    post(s, () => count++);
    post(s, boom);
    post(s, () => count++);
    expect(count).toBe(0);

    let exceptions = 0;
    for (;;) {
      try {
        await ioc.run();
        break;
      } catch (e) {
        expect((e as Error).message).toBe('strand boom');
        exceptions++;
      }
    }
    expect(exceptions).toBe(2);
    expect(count).toBe(3);

    // Still usable afterwards, and not left "inside" the strand.
    expect(s.runningInThisThread()).toBe(false);
    ioc.restart();
    post(s, () => count++);
    await ioc.run();
    expect(count).toBe(4);
  });

  test('handlers posted through an abandoned strand do not run before run(), and run when it is called', async () => {
    const ioc = new IoContext();
    let count = 0;
    {
      const s2 = makeStrand(ioc.getExecutor());
      post(s2, () => count++);
      post(s2, () => count++);
      post(s2, () => count++);
    }
    expect(count).toBe(0);
    await ioc.run();
    expect(count).toBe(3);
  });

  test('queued strand handlers hold work: run() resolves only after they and the handlers they post ran', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      order.push('strand 1');
      setImmediate(() => post(s, () => order.push('strand 3 (posted from the host)')));
    });
    post(s, () => order.push('strand 2'));
    // The host-posted handler arrives after the queue drained; run() has no work then and resolves.
    await ioc.run().then(() => order.push('run resolved'));
    expect(order).toEqual(['strand 1', 'strand 2', 'run resolved']);
    await nextMacrotask();
    // It is queued on the stopped context, holding work until the next run.
    ioc.restart();
    await ioc.run().then(() => order.push('run resolved again'));
    expect(order).toEqual(['strand 1', 'strand 2', 'run resolved', 'strand 3 (posted from the host)', 'run resolved again']);
  });
});

describe('Strand work counting', () => {
  test('onWorkStarted/onWorkFinished on a strand count on its inner context', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    s.onWorkStarted();
    let resolved = false;
    const running = ioc.run().then(() => {
      resolved = true;
    });
    await nextMacrotask();
    expect(resolved).toBe(false);
    s.onWorkFinished();
    await running;
    expect(resolved).toBe(true);
  });

  test('a work guard on a strand keeps the inner context running', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const guard = makeWorkGuard(s);
    expect(guard.getExecutor()).toBe(s);
    const order: string[] = [];
    const running = ioc.run().then(() => order.push('run resolved'));
    await nextMacrotask();
    post(s, () => order.push('late handler'));
    await nextMacrotask();
    expect(order).toEqual(['late handler']);
    guard.reset();
    await running;
    expect(order).toEqual(['late handler', 'run resolved']);
  });
});

// Strand: FIFO, one handler at a time, on an inner executor. Scenarios follow Asio's
// src/tests/unit/strand.cpp (strand_test, strand_execute_test), plus the JavaScript-specific one:
// a handler that returns a promise holds the strand until the promise settles.

import {
  setDetachedErrorReporter,
  dispatch,
  IoContext,
  makeStrand,
  makeWorkGuard,
  post,
  Strand,
  systemExecutor,
  useFuture,
  type Executor,
} from '@asio-ts/core';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A promise with its resolve function exposed. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

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

// Asio's strand_executor_service (include/asio/detail/impl/strand_executor_service.ipp, .hpp):
// the handler that finds the strand free takes its lock and posts an invoker to the inner
// executor; handlers arriving while the strand is locked go to a waiting queue, and the invoker's
// exit (on_invoker_exit) moves them to the ready queue and re-posts the invoker, behind whatever
// was queued on the inner executor meanwhile.
describe('Strand batches (Asio strand_executor_service)', () => {
  test('a handler posted to the strand from a strand handler runs after work already queued on the context', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    s.post(() => {
      order.push('A');
      s.post(() => order.push('B'));
      post(ioc.getExecutor(), () => order.push('C'));
    });
    await ioc.run();
    expect(order).toEqual(['A', 'C', 'B']);
  });

  test('handlers that arrive while the invoker is queued form the next batch, as in Asio', async () => {
    // Only the first post takes the lock; b waits, so the context handler c runs between them.
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => order.push('a'));
    post(s, () => order.push('b'));
    post(ioc, () => order.push('c'));
    post(s, () => order.push('d'));
    await ioc.run();
    expect(order).toEqual(['a', 'c', 'b', 'd']);
  });

  test('each batch is everything that waited: a batch runs without the context handlers posted during it', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      order.push('s0');
      for (let i = 1; i <= 3; i++) {
        post(s, () => {
          order.push(`s${i}`);
          post(ioc, () => order.push(`c${i}`));
        });
      }
    });
    await ioc.run();
    expect(order).toEqual(['s0', 's1', 's2', 's3', 'c1', 'c2', 'c3']);
  });

  test('over the system executor: the next batch runs after what was already posted there', async () => {
    const s = makeStrand(systemExecutor);
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      s.post(() => {
        order.push('A');
        s.post(() => {
          order.push('B');
          resolve();
        });
        systemExecutor.post(() => order.push('C'));
      });
    });
    expect(order).toEqual(['A', 'C', 'B']);
  });

  test('a batch longer than 1,024 handlers is cut there: the rest follows work queued on the context meanwhile', async () => {
    // Not in Asio, whose invoker runs its whole ready queue: bounded here, as every queue is, so
    // one invoker cannot keep the host's thread for an unbounded batch.
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      // One batch of 1,500, the first of which queues c on the context.
      for (let i = 0; i < 1500; i++) {
        post(s, () => {
          order.push(`s${i}`);
          if (i === 0) post(ioc, () => order.push('c'));
        });
      }
    });
    await ioc.run();
    expect(order.indexOf('c')).toBe(1024);
    expect(order.filter((x) => x !== 'c')).toEqual(Array.from({ length: 1500 }, (_, i) => `s${i}`));
  });

  test('handlers that arrive while a promise holds the strand run, in order, once it settles', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const g = gate();
    const order: string[] = [];
    post(s, async () => {
      order.push('held');
      post(s, () => order.push('posted while held'));
      await g.promise;
      order.push('released');
    });
    post(ioc, () => {
      order.push('context');
      post(s, () => order.push('posted from the context'));
      g.open();
    });
    await ioc.run();
    expect(order).toEqual(['held', 'context', 'released', 'posted while held', 'posted from the context']);
  });
});

describe('Strand and handlers that suspend', () => {
  test('a handler returning a promise holds the strand until it settles: handlers never overlap', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const log: string[] = [];
    let active = 0;
    let maxActive = 0;
    for (let i = 0; i < 4; i++) {
      post(s, async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        log.push(`start ${i}`);
        // Suspend twice, on the context and on the host, letting anything else run meanwhile.
        await post(ioc, useFuture);
        await nextMacrotask();
        log.push(`end ${i}`);
        active--;
      });
    }
    await ioc.run();
    expect(maxActive).toBe(1);
    expect(log).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2', 'start 3', 'end 3']);
  });

  test('a suspended strand handler keeps run() going until its promise settles', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const g = gate();
    const order: string[] = [];
    post(s, async () => {
      order.push('suspend');
      await g.promise;
      order.push('resume');
    });
    const running = ioc.run().then(() => order.push('run resolved'));
    await nextMacrotask();
    await nextMacrotask();
    expect(order).toEqual(['suspend']);
    g.open();
    await running;
    expect(order).toEqual(['suspend', 'resume', 'run resolved']);
  });

  test('other work on the inner context keeps running while a strand handler is suspended', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const g = gate();
    const order: string[] = [];
    post(s, async () => {
      order.push('s1 suspends');
      await g.promise;
      order.push('s1 resumes');
    });
    post(s, () => order.push('s2'));
    post(ioc, () => {
      order.push('plain handler');
      post(ioc, () => {
        order.push('opens gate');
        g.open();
      });
    });
    await ioc.run();
    expect(order).toEqual(['s1 suspends', 'plain handler', 'opens gate', 's1 resumes', 's2']);
  });

  test('a handler whose promise rejects releases the strand too', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      order.push('first');
      // A settled-later thenable that rejects, with its rejection observed here.
      const p = Promise.reject(new Error('async failure'));
      p.catch(() => undefined);
      return p;
    });
    post(s, () => order.push('second'));
    await ioc.run();
    expect(order).toEqual(['first', 'second']);
  });

  test('an async handler dispatched inline from inside the strand holds it until its promise settles', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      dispatch(s, async () => {
        order.push('nested start');
        await post(ioc, useFuture);
        order.push('nested end');
      });
      order.push('outer end');
    });
    post(s, () => order.push('next'));
    await ioc.run();
    expect(order).toEqual(['nested start', 'outer end', 'nested end', 'next']);
  });

  test('…also when the outer handler then throws: run() rejects, the strand stays held until the nested promise settles', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const g = gate();
    const order: string[] = [];
    post(s, () => {
      dispatch(s, async () => {
        order.push('nested start');
        await g.promise;
        order.push('nested end');
      });
      throw new Error('outer threw');
    });
    post(s, () => order.push('next'));
    await expect(ioc.run()).rejects.toThrow('outer threw');
    expect(order).toEqual(['nested start']);
    const running = ioc.run();
    await nextMacrotask();
    expect(order).toEqual(['nested start']);
    g.open();
    await running;
    expect(order).toEqual(['nested start', 'nested end', 'next']);
  });

  test('dispatch from a suspended handler\'s synchronous part still runs inline', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, async () => {
      dispatch(s, () => order.push('inline'));
      order.push('after dispatch');
      await post(ioc, useFuture);
    });
    await ioc.run();
    expect(order).toEqual(['inline', 'after dispatch']);
  });
});

describe('Strand over the system executor', () => {
  test('post never runs inside the call; handlers run FIFO on the host loop', async () => {
    const s = makeStrand(systemExecutor);
    const order: number[] = [];
    for (let i = 0; i < 5; i++) post(s, () => order.push(i));
    expect(order).toEqual([]);
    await post(s, useFuture);
    expect(order).toEqual([0, 1, 2, 3, 4]);
  });

  test('dispatch onto a free strand over the system executor runs at once (the system executor dispatches inline)', () => {
    const s = makeStrand(systemExecutor);
    const order: string[] = [];
    dispatch(s, () => order.push('dispatched'));
    order.push('after');
    expect(order).toEqual(['dispatched', 'after']);
  });

  test('handlers that suspend never overlap', async () => {
    const s = makeStrand(systemExecutor);
    let active = 0;
    let maxActive = 0;
    const log: number[] = [];
    const done: Array<Promise<void>> = [];
    for (let i = 0; i < 3; i++) {
      const g = gate();
      done.push(g.promise);
      post(s, async () => {
        active++;
        maxActive = Math.max(maxActive, active);
        await nextMacrotask();
        log.push(i);
        active--;
        g.open();
      });
    }
    await Promise.all(done);
    expect(maxActive).toBe(1);
    expect(log).toEqual([0, 1, 2]);
  });

  test('a strand over another strand keeps both orders', async () => {
    const ioc = new IoContext();
    const outer = makeStrand(ioc);
    const inner = makeStrand(outer as Executor);
    const order: string[] = [];
    post(inner, () => order.push('inner 1'));
    post(outer, () => order.push('outer 1'));
    post(inner, () => order.push('inner 2'));
    await ioc.run();
    expect(order.filter((x) => x.startsWith('inner'))).toEqual(['inner 1', 'inner 2']);
    expect(order).toHaveLength(3);
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

describe('Strand and a handler whose promise rejects', () => {
  test('the rejection goes to the detached-error reporter and the strand runs the next handler', async () => {
    const reported: string[] = [];
    const previous = setDetachedErrorReporter((e) => reported.push(e.message));
    try {
      const ioc = new IoContext();
      const strand = makeStrand(ioc);
      const seen: string[] = [];
      strand.post(async () => {
        await null;
        throw new Error('boom');
      });
      strand.post(() => seen.push('next'));
      await ioc.run();
      expect(seen).toEqual(['next']);
      expect(reported).toEqual(['boom']);
    } finally {
      setDetachedErrorReporter(previous);
    }
  });
});

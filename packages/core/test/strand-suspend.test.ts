// Strand and handlers that return a promise: the promise holds the strand until it settles (also
// when it rejects, or a handler dispatched inline suspends).
import { setDetachedErrorReporter, dispatch, IoContext, makeStrand, post, useFuture } from '@asio-ts/core';
import { gate } from './helpers/gate';
import { nextMacrotask } from './helpers/macrotask';

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

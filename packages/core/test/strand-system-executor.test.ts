// Strand over the system executor: never inside post, FIFO on the host loop, suspending handlers
// never overlap, and a strand over another strand.
import {
  dispatch,
  IoContext,
  makeStrand,
  post,
  systemExecutor,
  useFuture,
  type Executor,
} from '@asio-ts/core';
import { gate } from './helpers/gate';
import { nextMacrotask } from './helpers/macrotask';

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

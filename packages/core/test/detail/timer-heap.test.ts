// The timer heap on its own: lazy removal (dead entries stay until they reach the top, the heap
// is compacted, or no live entry is left) must never change what comes out, nor in which order.
import fc from 'fast-check';
import { TimerEntry, TimerHeap } from '../../src/detail/timer-heap';
import { fcParams } from '../reliability/fc-config';

function entry(expiry: number): TimerEntry {
  const e = new TimerEntry();
  e.expiry = expiry;
  return e;
}

/** Give `e` a wait (as the queue does before insert) and insert it. */
function join(heap: TimerHeap, e: TimerEntry): void {
  e.size = 1;
  heap.insert(e);
}

/** Take `e`'s last wait (as the queue does before retire). */
function leave(heap: TimerHeap, e: TimerEntry): void {
  e.size = 0;
  heap.retire(e);
}

function drain(heap: TimerHeap): TimerEntry[] {
  const out: TimerEntry[] = [];
  for (let top = heap.top(); top !== undefined; top = heap.top()) {
    heap.pop();
    top.size = 0;
    out.push(top);
  }
  return out;
}

describe('TimerHeap', () => {
  test('cancelling most of 1,000 entries compacts the heap; the rest come out in order', () => {
    const heap = new TimerHeap();
    const all = Array.from({ length: 1000 }, (_, i) => entry((i * 7919) % 1000));
    for (const e of all) join(heap, e);
    const kept = all.filter((_, i) => i % 4 === 0);
    for (const e of all) if (!kept.includes(e)) leave(heap, e);
    expect(heap.size).toBe(250);
    // Compacted: no dead entry is held any more once the dead outnumbered the live.
    expect(all.filter((e) => e.size === 0 && e.heapIndex >= 0).length).toBeLessThan(250);
    const sorted = [...kept].sort((a, b) => a.expiry - b.expiry || a.seq - b.seq);
    expect(drain(heap)).toEqual(sorted);
    expect(all.every((e) => e.heapIndex === -1)).toBe(true);
  });

  test('the last live entry leaving empties the heap at once', () => {
    const heap = new TimerHeap();
    // Fewer dead than a compaction needs, so they are still held when the last one leaves.
    const all = Array.from({ length: 40 }, (_, i) => entry(i));
    for (const e of all) join(heap, e);
    for (const e of all.slice(0, 39)) leave(heap, e);
    expect(all[0]!.heapIndex).toBeGreaterThanOrEqual(0);
    leave(heap, all[39]!);
    expect(heap.size).toBe(0);
    expect(all.every((e) => e.heapIndex === -1)).toBe(true);
    expect(heap.top()).toBeUndefined();
  });

  test('an entry re-joining goes after the entries of the same expiry that joined meanwhile', () => {
    const heap = new TimerHeap();
    const [a, b, c] = [entry(5), entry(5), entry(9)];
    join(heap, a);
    join(heap, c);
    leave(heap, a);
    join(heap, b);
    join(heap, a);
    expect(drain(heap)).toEqual([b, a, c]);
  });

  test('evict takes a dead entry out before its expiry changes; an entry with waits cannot be evicted', () => {
    const heap = new TimerHeap();
    const [a, b] = [entry(1), entry(2)];
    join(heap, a);
    join(heap, b);
    leave(heap, a);
    heap.evict(a);
    expect(a.heapIndex).toBe(-1);
    a.expiry = 3;
    join(heap, a);
    expect(() => heap.evict(a)).toThrow(/still has waits/);
    expect(drain(heap)).toEqual([b, a]);
  });

  test('property: against a sorted model, with joins, leaves, expiry changes and pops', () => {
    type Step = { kind: 'join' | 'leave' | 'move'; pick: number; expiry: number } | { kind: 'pop' };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('join' as const), pick: fc.nat(), expiry: fc.integer({ min: 0, max: 50 }) }), weight: 5 },
      { arbitrary: fc.record({ kind: fc.constant('leave' as const), pick: fc.nat(), expiry: fc.constant(0) }), weight: 4 },
      fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), expiry: fc.integer({ min: 0, max: 50 }) }),
      fc.record({ kind: fc.constant('pop' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 600 }), (steps) => {
        const heap = new TimerHeap();
        const pool = Array.from({ length: 200 }, () => entry(0));
        // The model: live entries with the order they (re-)joined.
        let live: Array<{ e: TimerEntry; order: number }> = [];
        let order = 0;
        for (const s of steps) {
          if (s.kind === 'pop') {
            live.sort((x, y) => x.e.expiry - y.e.expiry || x.order - y.order);
            const top = heap.top();
            if (top !== live[0]?.e) throw new Error('top differs from the model');
            if (top === undefined) continue;
            heap.pop();
            top.size = 0;
            live.shift();
            continue;
          }
          const e = pool[s.pick % pool.length]!;
          const isLive = e.size > 0;
          if (s.kind === 'join' && !isLive) {
            // Odd: re-join with the expiry it had (a dead entry still held re-joins in place).
            if (s.expiry % 2 === 0) {
              heap.evict(e);
              e.expiry = s.expiry;
            }
            join(heap, e);
            live.push({ e, order: order++ });
          } else if (s.kind === 'leave' && isLive) {
            leave(heap, e);
            live = live.filter((x) => x.e !== e);
          } else if (s.kind === 'move' && !isLive) {
            heap.evict(e);
            e.expiry = s.expiry;
          }
          if (heap.size !== live.length) throw new Error(`size ${heap.size}, model ${live.length}`);
        }
        live.sort((x, y) => x.e.expiry - y.e.expiry || x.order - y.order);
        expect(drain(heap)).toEqual(live.map((x) => x.e));
      }),
      fcParams(),
    );
  });
});

// The timer queue on its own (Asio's detail/timer_queue.hpp): the heap orders timers by
// (expiry, the order they joined), removal keeps it a heap, and one host timer follows the earliest.
import fc from 'fast-check';
import { finished, pending, TimerEntry, TimerQueue, type TimerOp } from '../../src/detail/timer-queue';
import { FakeTimerHost } from '../helpers/fake-timer-host';
import { fcParams } from '../reliability/fc-config';

class RecordingOp implements TimerOp {
  prev: TimerOp | null = null;
  next: TimerOp | null = null;
  entry: TimerEntry | null = null;
  state = finished;

  constructor(
    readonly name: string,
    readonly log: string[],
  ) {}

  isPending(): boolean {
    return this.state === pending;
  }

  expire(): void {
    this.log.push(this.name);
  }
}

function setup(): { host: FakeTimerHost; queue: TimerQueue; log: string[] } {
  const host = new FakeTimerHost();
  return { host, queue: new TimerQueue(host), log: [] };
}

function entry(expiry: number): TimerEntry {
  const e = new TimerEntry();
  e.expiry = expiry;
  return e;
}

describe('TimerQueue', () => {
  test('timers expire in expiry order, ties in the order they joined the heap; each timer’s waits in FIFO order', () => {
    const { host, queue, log } = setup();
    const a = entry(host.time + 30);
    const b = entry(host.time + 10);
    const c = entry(host.time + 30);
    queue.enqueue(a, new RecordingOp('a1', log));
    queue.enqueue(c, new RecordingOp('c1', log));
    queue.enqueue(b, new RecordingOp('b1', log));
    queue.enqueue(a, new RecordingOp('a2', log));
    expect(queue.timers).toBe(3);
    host.advance(100);
    expect(log).toEqual(['b1', 'a1', 'a2', 'c1']);
    expect(queue.timers).toBe(0);
    expect(queue.armed).toBe(false);
  });

  test('an operation cannot be queued twice; remove and shift report what they took', () => {
    const { host, queue, log } = setup();
    const e = entry(host.time + 5);
    const op = new RecordingOp('x', log);
    queue.enqueue(e, op);
    expect(op.isPending()).toBe(true);
    expect(() => queue.enqueue(e, op)).toThrow(/already queued/);
    expect(queue.remove(op)).toBe(true);
    expect(queue.remove(op)).toBe(false);
    expect(op.isPending()).toBe(false);
    expect(queue.shift(e)).toBeNull();
    expect(queue.armed).toBe(false);
  });

  test('a timer that never expires holds its waits without a heap entry or a host timer', () => {
    const { host, queue, log } = setup();
    const e = entry(Infinity);
    queue.enqueue(e, new RecordingOp('forever', log));
    expect(queue.timers).toBe(0);
    expect(host.setCalls).toBe(0);
    expect(e.size).toBe(1);
    expect(queue.shift(e)).not.toBeNull();
    expect(e.size).toBe(0);
  });

  test('a handler that queues an earlier timer while the queue fires is served by the re-armed host timer', () => {
    const { host, queue, log } = setup();
    const late = entry(host.time + 100);
    queue.enqueue(late, new RecordingOp('late', log));
    const nested = entry(host.time + 20);
    class Nesting extends RecordingOp {
      override expire(): void {
        log.push('nesting');
        queue.enqueue(nested, new RecordingOp('nested', log));
      }
    }
    queue.enqueue(entry(host.time + 10), new Nesting('nesting', log));
    host.advance(15);
    expect(log).toEqual(['nesting']);
    host.advance(100);
    expect(log).toEqual(['nesting', 'nested', 'late']);
  });

  test('property: with arbitrary joins and removals, waits expire exactly in (expiry, join order) order', () => {
    type Step = { kind: 'add'; delay: number } | { kind: 'remove'; pick: number } | { kind: 'advance'; ms: number };
    const step: fc.Arbitrary<Step> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant('add' as const), delay: fc.integer({ min: 0, max: 60 }) }), weight: 4 },
      { arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }), weight: 2 },
      fc.record({ kind: fc.constant('advance' as const), ms: fc.integer({ min: 0, max: 20 }) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 120 }), (steps) => {
        const { host, queue, log } = setup();
        // The model: pending ops with their expiry and the order they joined.
        let pending: Array<{ name: string; expiry: number; order: number; op: TimerOp }> = [];
        const expected: string[] = [];
        let order = 0;
        for (const s of steps) {
          if (s.kind === 'add') {
            const e = entry(host.time + 1 + s.delay);
            const name = `op${order}`;
            const op = new RecordingOp(name, log);
            queue.enqueue(e, op);
            pending.push({ name, expiry: e.expiry, order: order++, op });
          } else if (s.kind === 'remove') {
            if (pending.length === 0) continue;
            const victim = pending[s.pick % pending.length]!;
            if (!queue.remove(victim.op)) throw new Error(`${victim.name} was pending but remove() said no`);
            pending = pending.filter((p) => p !== victim);
          } else {
            host.advance(s.ms);
            const due = pending.filter((p) => p.expiry <= host.time).sort((x, y) => x.expiry - y.expiry || x.order - y.order);
            expected.push(...due.map((p) => p.name));
            pending = pending.filter((p) => p.expiry > host.time);
          }
          if (log.join() !== expected.join()) throw new Error(`fired ${log.join()} but expected ${expected.join()}`);
          if (queue.timers !== pending.length) throw new Error(`heap holds ${queue.timers}, model ${pending.length}`);
          if (host.active !== (pending.length > 0 ? 1 : 0)) throw new Error(`${host.active} host timers for ${pending.length} pending`);
        }
        host.advance(1000);
        expected.push(...pending.sort((x, y) => x.expiry - y.expiry || x.order - y.order).map((p) => p.name));
        expect(log).toEqual(expected);
        expect(host.active).toBe(0);
      }),
      fcParams(),
    );
  });
});

import fc from 'fast-check';
import { ConsumingBuffers, maxBuffersPerPrepare } from '../../src/buffers/consuming-buffers.js';

const bytes = (...xs: number[]): Uint8Array => Uint8Array.from(xs);
const flat = (x: Uint8Array | Uint8Array[]): number[] => (x instanceof Uint8Array ? [...x] : x.flatMap((b) => [...b]));

describe('ConsumingBuffers over one buffer', () => {
  test('prepare returns a view, not a copy, and the buffer itself when all of it fits', () => {
    const src = bytes(1, 2, 3, 4, 5);
    const c = new ConsumingBuffers(src);
    expect(c.prepare(10)).toBe(src);
    const p = c.prepare(2);
    expect(p).toBeInstanceOf(Uint8Array);
    expect(flat(p)).toEqual([1, 2]);
    src[0] = 9;
    expect(flat(p)).toEqual([9, 2]);
  });

  test('consume advances and clamps; empty and totalConsumed follow', () => {
    const c = new ConsumingBuffers(bytes(1, 2, 3, 4, 5));
    expect(c.empty()).toBe(false);
    c.consume(2);
    expect(c.totalConsumed()).toBe(2);
    expect(flat(c.prepare(2))).toEqual([3, 4]);
    expect(flat(c.prepare(Infinity))).toEqual([3, 4, 5]);
    c.consume(100);
    expect(c.totalConsumed()).toBe(5);
    expect(c.empty()).toBe(true);
    expect(flat(c.prepare(10))).toEqual([]);
  });

  test('an empty source is empty at once', () => {
    const c = new ConsumingBuffers(new Uint8Array(0));
    expect(c.empty()).toBe(true);
    expect(c.totalConsumed()).toBe(0);
  });

  test('prepare(0) gives no bytes', () => {
    expect(flat(new ConsumingBuffers(bytes(1)).prepare(0))).toEqual([]);
  });
});

describe('ConsumingBuffers over a sequence', () => {
  test('crosses elements and skips empty ones', () => {
    const a = bytes(1, 2);
    const b = bytes(3, 4, 5);
    const c = new ConsumingBuffers([new Uint8Array(0), a, new Uint8Array(0), new Uint8Array(0), b, new Uint8Array(0)]);
    const p = c.prepare(Infinity);
    expect(Array.isArray(p)).toBe(true);
    expect(p).toEqual([a, b]);
    expect((p as Uint8Array[])[0]).toBe(a);
    expect(flat(c.prepare(3))).toEqual([1, 2, 3]);
    c.consume(1);
    expect(c.prepare(3)).toEqual([bytes(2), bytes(3, 4)]);
    c.consume(1);
    expect(c.prepare(10)).toEqual([b]);
    c.consume(2);
    expect(c.prepare(10)).toEqual([bytes(5)]);
    expect(c.empty()).toBe(false);
    c.consume(1);
    expect(c.empty()).toBe(true);
    expect(c.totalConsumed()).toBe(5);
    expect(c.prepare(10)).toEqual([]);
  });

  test('a sequence of only empty buffers is empty', () => {
    const c = new ConsumingBuffers([new Uint8Array(0), new Uint8Array(0)]);
    expect(c.empty()).toBe(true);
    expect(c.prepare(5)).toEqual([]);
  });

  test('views share memory with the source', () => {
    const a = bytes(1, 2, 3);
    const c = new ConsumingBuffers([a]);
    c.consume(1);
    const p = c.prepare(1) as Uint8Array[];
    a[1] = 7;
    expect(p[0]![0]).toBe(7);
  });

  // Asio's consuming_buffers hands a write_some at most 16 buffers (detail/consuming_buffers.hpp).
  test('hands out at most 16 buffers per prepare, counting only non-empty ones', () => {
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 20; i++) {
      parts.push(new Uint8Array(0), bytes(i));
    }
    const c = new ConsumingBuffers(parts);
    expect(maxBuffersPerPrepare).toBe(16);
    const p = c.prepare(Infinity) as Uint8Array[];
    expect(p.length).toBe(16);
    expect(flat(p)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    c.consume(16);
    const q = c.prepare(Infinity) as Uint8Array[];
    expect(q.length).toBe(4);
    expect(q[0]![0]).toBe(16);
  });

  test('snapshots the sequence: a single-pass iterable is read once, a later push to an array is ignored', () => {
    function* gen(): Generator<Uint8Array> {
      yield bytes(1);
      yield bytes(2);
    }
    const c = new ConsumingBuffers(gen());
    expect(flat(c.prepare(10))).toEqual([1, 2]);
    expect(flat(c.prepare(10))).toEqual([1, 2]);
    const arr = [bytes(1)];
    const d = new ConsumingBuffers(arr);
    arr.push(bytes(2));
    expect(flat(d.prepare(10))).toEqual([1]);
  });

  test('fromChecked walks a checked list as it is: no check, no copy', () => {
    const arr = [bytes(1, 2), bytes(3)];
    const c = ConsumingBuffers.fromChecked(arr);
    arr[1] = bytes(4);
    expect(flat(c.prepare(10))).toEqual([1, 2, 4]);
    const one = bytes(5, 6);
    expect(ConsumingBuffers.fromChecked(one).prepare(10)).toBe(one);
  });

  test('preparedSize is the byte count of the last prepare', () => {
    const c = new ConsumingBuffers([bytes(1, 2), new Uint8Array(0), bytes(3, 4, 5)]);
    c.prepare(Infinity);
    expect(c.preparedSize()).toBe(5);
    c.prepare(3);
    expect(c.preparedSize()).toBe(3);
    c.consume(4);
    c.prepare(10);
    expect(c.preparedSize()).toBe(1);
    const d = new ConsumingBuffers(bytes(1, 2, 3));
    d.prepare(Infinity);
    expect(d.preparedSize()).toBe(3);
    d.consume(1);
    d.prepare(1);
    expect(d.preparedSize()).toBe(1);
  });

  test('rejects what is not a buffer sequence', () => {
    expect(() => new ConsumingBuffers('abc' as never)).toThrow(TypeError);
    expect(() => new ConsumingBuffers([bytes(1), 2] as never)).toThrow(/^buffers must be/);
  });

  test('property: prepare/consume in random chunks yields the source bytes in order', () => {
    const source = fc.oneof(
      fc.uint8Array({ maxLength: 40 }),
      fc.array(fc.uint8Array({ maxLength: 6 }), { maxLength: 90 }),
    );
    const steps = fc.array(fc.record({ max: fc.nat(24), take: fc.nat(30) }), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(source, steps, (src, chunking) => {
        const expected = src instanceof Uint8Array ? [...src] : src.flatMap((b) => [...b]);
        const c = new ConsumingBuffers(src);
        const out: number[] = [];
        const step = (max: number, take: number): void => {
          const p = c.prepare(max);
          const got = flat(p);
          expect(got.length).toBeLessThanOrEqual(max);
          expect(c.preparedSize()).toBe(got.length);
          if (Array.isArray(p)) {
            expect(p.length).toBeLessThanOrEqual(16);
            expect(p.every((b) => b.length > 0)).toBe(true);
          }
          expect(got).toEqual(expected.slice(c.totalConsumed(), c.totalConsumed() + got.length));
          const n = Math.min(take, got.length);
          out.push(...got.slice(0, n));
          c.consume(n);
          expect(c.totalConsumed()).toBe(out.length);
        };
        for (const s of chunking) step(s.max, s.take);
        while (!c.empty()) step(Infinity, Infinity);
        expect(out).toEqual(expected);
        expect(c.totalConsumed()).toBe(expected.length);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

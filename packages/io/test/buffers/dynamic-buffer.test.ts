import fc from 'fast-check';
import { errorIs, errors, SystemError } from '@asio-ts/core';
import {
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  isDynamicBufferV1,
  isDynamicBufferV2,
  Streambuf,
  type DynamicBufferV1,
  type DynamicBufferV2,
} from '@asio-ts/io';

const latin1 = (xs: readonly number[]): string => String.fromCharCode(...xs);
const codes = (s: string): number[] => Array.from(s, (c) => c.charCodeAt(0));

describe('isDynamicBufferV1 / isDynamicBufferV2', () => {
  test('the v1 forms are v1 and not v2', () => {
    for (const b of [new Streambuf(), dynamicBuffer(new ByteVector()), dynamicStringBuffer({ value: '' })]) {
      expect(isDynamicBufferV1(b)).toBe(true);
      expect(isDynamicBufferV2(b)).toBe(false);
    }
  });

  test('the v2 forms are v2 and not v1', () => {
    for (const b of [dynamicBufferV2(new ByteVector()), dynamicStringBufferV2({ value: '' })]) {
      expect(isDynamicBufferV2(b)).toBe(true);
      expect(isDynamicBufferV1(b)).toBe(false);
    }
  });

  test('buffers, plain values and partial look-alikes are neither', () => {
    const fn = (): number => 0;
    const almostV1 = { size: fn, maxSize: fn, capacity: fn, data: fn, prepare: fn, commit: fn };
    const almostV2 = { size: fn, maxSize: fn, capacity: fn, data: fn, grow: fn, consume: fn };
    const notFunctions = { size: 1, maxSize: 1, capacity: 1, data: 1, prepare: 1, commit: 1, consume: 1 };
    for (const x of [new Uint8Array(4), [new Uint8Array(1)], 'abc', null, undefined, 42, {}, almostV1, almostV2, notFunctions]) {
      expect(isDynamicBufferV1(x)).toBe(false);
      expect(isDynamicBufferV2(x)).toBe(false);
    }
  });

  test('an object with both sets of members meets both concepts, as in Asio', () => {
    const fn = (): number => 0;
    const both = { size: fn, maxSize: fn, capacity: fn, data: fn, prepare: fn, commit: fn, grow: fn, shrink: fn, consume: fn };
    expect(isDynamicBufferV1(both)).toBe(true);
    expect(isDynamicBufferV2(both)).toBe(true);
  });
});

// ---- model-based properties over every holder ----

type HolderV1 = { name: string; make: (init: number[], max: number | null) => { buf: DynamicBufferV1<Uint8Array, Uint8Array>; content: () => number[] } };
type HolderV2 = { name: string; make: (init: number[], max: number | null) => { buf: DynamicBufferV2<Uint8Array>; content: () => number[] } };

const v1Holders: HolderV1[] = [
  {
    name: 'dynamicBuffer(ByteVector)',
    make: (init, max) => {
      const vec = new ByteVector(init);
      const buf = max === null ? dynamicBuffer(vec) : dynamicBuffer(vec, max);
      return { buf, content: () => [...vec.bytes()] };
    },
  },
  {
    name: 'dynamicStringBuffer',
    make: (init, max) => {
      const ref = { value: latin1(init) };
      const buf = max === null ? dynamicStringBuffer(ref) : dynamicStringBuffer(ref, max);
      return { buf, content: () => codes(ref.value) };
    },
  },
  {
    name: 'Streambuf',
    make: (init, max) => {
      const buf = max === null ? new Streambuf() : new Streambuf(Math.max(max, init.length));
      buf.sputn(Uint8Array.from(init));
      return { buf, content: () => [...buf.data()] };
    },
  },
];

const v2Holders: HolderV2[] = [
  {
    name: 'dynamicBufferV2(ByteVector)',
    make: (init, max) => {
      const vec = new ByteVector(init);
      const buf = max === null ? dynamicBufferV2(vec) : dynamicBufferV2(vec, max);
      return { buf, content: () => [...vec.bytes()] };
    },
  },
  {
    name: 'dynamicStringBufferV2',
    make: (init, max) => {
      const ref = { value: latin1(init) };
      const buf = max === null ? dynamicStringBufferV2(ref) : dynamicStringBufferV2(ref, max);
      return { buf, content: () => codes(ref.value) };
    },
  },
];

const count = fc.oneof({ weight: 9, arbitrary: fc.nat(24) }, { weight: 1, arbitrary: fc.constant(Infinity) });
const initial = fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 20 });
const maxSize = fc.option(fc.nat(48));

function expectNoBufferSpace(fn: () => unknown): void {
  let caught: unknown;
  try {
    fn();
  } catch (e) {
    caught = e;
  }
  expect(caught).toBeInstanceOf(SystemError);
  expect(errorIs(caught, errors.noBufferSpace)).toBe(true);
}

const v1Op = fc.oneof(
  fc.record({ op: fc.constant('prepare' as const), n: fc.nat(24), fill: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ op: fc.constant('commit' as const), n: count }),
  fc.record({ op: fc.constant('consume' as const), n: count }),
);

describe.each(v1Holders)('DynamicBuffer v1 model: $name', ({ make }) => {
  test('property: random prepare/commit/consume match a reference model', () => {
    fc.assert(
      fc.property(initial, maxSize, fc.array(v1Op, { maxLength: 40 }), (init, max, ops) => {
        const { buf, content } = make(init, max);
        const limit = buf.maxSize();
        let readable = init.slice();
        let pending: number[] = [];
        for (const o of ops) {
          if (o.op === 'prepare') {
            // As Asio, against size(): a holder already past maxSize may prepare 0 bytes.
            const s = Math.min(readable.length, limit);
            if (s > limit || limit - s < o.n) {
              expectNoBufferSpace(() => buf.prepare(o.n));
            } else {
              const area = buf.prepare(o.n);
              expect(area.length).toBe(o.n);
              for (let i = 0; i < area.length; i++) area[i] = (o.fill + i) & 255;
              pending = [...area];
            }
          } else if (o.op === 'commit') {
            buf.commit(o.n);
            readable = readable.concat(pending.slice(0, Math.min(o.n, pending.length)));
            pending = [];
          } else {
            buf.consume(o.n);
            readable = readable.slice(Math.min(o.n, readable.length, limit));
          }
          expect(buf.size()).toBe(Math.min(readable.length, limit));
          expect([...buf.data()]).toEqual(readable.slice(0, buf.size()));
          expect(buf.capacity()).toBeLessThanOrEqual(limit);
          expect(buf.maxSize()).toBe(limit);
          expect(content()).toEqual(buf instanceof Streambuf ? readable : readable.concat(pending));
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

const v2Op = fc.oneof(
  fc.record({ op: fc.constant('grow' as const), n: fc.nat(24) }),
  fc.record({ op: fc.constant('shrink' as const), n: count }),
  fc.record({ op: fc.constant('consume' as const), n: count }),
  fc.record({ op: fc.constant('write' as const), pos: fc.nat(50), n: count, fill: fc.integer({ min: 0, max: 255 }) }),
);

describe.each(v2Holders)('DynamicBuffer v2 model: $name', ({ make }) => {
  test('property: random grow/shrink/consume/data writes match a reference model', () => {
    fc.assert(
      fc.property(initial, maxSize, fc.array(v2Op, { maxLength: 40 }), (init, max, ops) => {
        const { buf, content } = make(init, max);
        const limit = buf.maxSize();
        let model = init.slice();
        const size = (): number => Math.min(model.length, limit);
        for (const o of ops) {
          if (o.op === 'grow') {
            const s = size();
            if (s > limit || limit - s < o.n) {
              expectNoBufferSpace(() => buf.grow(o.n));
            } else {
              buf.grow(o.n);
              model = model.slice(0, s).concat(Array(o.n).fill(0));
            }
          } else if (o.op === 'shrink') {
            buf.shrink(o.n);
            const s = size();
            model = model.slice(0, o.n > s ? 0 : s - o.n);
          } else if (o.op === 'consume') {
            buf.consume(o.n);
            model = model.slice(Math.min(o.n, size()));
          } else {
            const view = buf.data(o.pos, o.n);
            // As Asio's buffer(vector_, max_size_): nothing past maxSize.
            const start = Math.min(o.pos, size());
            const end = Math.min(size(), start + o.n);
            expect(view.length).toBe(end - start);
            for (let i = 0; i < view.length; i++) {
              view[i] = (o.fill + i) & 255;
              model[start + i] = view[i]!;
            }
          }
          expect(buf.size()).toBe(size());
          expect([...buf.data(0, buf.size())]).toEqual(model.slice(0, size()));
          expect(buf.capacity()).toBeLessThanOrEqual(limit);
          expect(content()).toEqual(model);
        }
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

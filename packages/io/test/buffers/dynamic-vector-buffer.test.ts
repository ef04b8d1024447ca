import { asTuple, errorIs, errors, IoContext, SystemError, useFuture } from '@asio-ts/core';
import { asyncRead, ByteVector, dynamicBuffer, dynamicBufferV2, TestStream } from '@asio-ts/io';

const content = (v: ByteVector): number[] => [...v.bytes()];

describe('dynamicBuffer (v1 over a ByteVector)', () => {
  test('the vector content is the readable data, and data() is a view of it', () => {
    const vec = new ByteVector([1, 2, 3]);
    const b = dynamicBuffer(vec);
    expect(b.size()).toBe(3);
    const d = b.data();
    expect([...d]).toEqual([1, 2, 3]);
    vec.bytes()[0] = 9;
    expect(d[0]).toBe(9);
    expect(b.maxSize()).toBe(Number.MAX_SAFE_INTEGER);
  });

  test('prepare lengthens the vector, commit keeps only what was committed', () => {
    const vec = new ByteVector([1]);
    const b = dynamicBuffer(vec);
    const area = b.prepare(4);
    expect(area.length).toBe(4);
    expect(vec.length).toBe(5);
    area.set([5, 6, 7, 8]);
    expect(b.size()).toBe(1);
    b.commit(2);
    expect(content(vec)).toEqual([1, 5, 6]);
    expect(b.size()).toBe(3);
  });

  test('commit clamps to the prepared bytes; a second commit adds nothing', () => {
    const vec = new ByteVector();
    const b = dynamicBuffer(vec);
    b.prepare(2).set([1, 2]);
    b.commit(100);
    expect(content(vec)).toEqual([1, 2]);
    b.commit(5);
    expect(content(vec)).toEqual([1, 2]);
  });

  test('a new prepare replaces an uncommitted one', () => {
    const vec = new ByteVector();
    const b = dynamicBuffer(vec);
    b.prepare(5);
    b.prepare(1).set([7]);
    b.commit(Infinity);
    expect(content(vec)).toEqual([7]);
  });

  test('consume removes from the front and clamps to size()', () => {
    const vec = new ByteVector([1, 2, 3, 4]);
    const b = dynamicBuffer(vec);
    b.consume(1);
    expect(content(vec)).toEqual([2, 3, 4]);
    b.consume(10);
    expect(content(vec)).toEqual([]);
    expect(b.size()).toBe(0);
  });

  test('consume while an area is prepared keeps the area', () => {
    const vec = new ByteVector([1, 2]);
    const b = dynamicBuffer(vec);
    const area = b.prepare(2);
    area.set([3, 4]);
    b.consume(Infinity);
    b.commit(2);
    expect(content(vec)).toEqual([3, 4]);
  });

  test('prepare past maxSize throws noBufferSpace and changes nothing', () => {
    const vec = new ByteVector([1, 2, 3]);
    const b = dynamicBuffer(vec, 5);
    expect(b.prepare(2).length).toBe(2);
    let caught: unknown;
    try {
      b.prepare(3);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(SystemError);
    expect(errorIs(caught, errors.noBufferSpace)).toBe(true);
    expect((caught as SystemError).code).toBe('ENOBUFS');
    expect(b.size()).toBe(3);
    b.commit(2);
    expect(b.size()).toBe(5);
    expect(() => b.prepare(1)).toThrow(SystemError);
    expect(b.prepare(0).length).toBe(0);
  });

  // Asio's dynamic_vector_buffer: size() is min(vector size, max_size()), prepare checks
  // size() + n against max_size() and resizes from the vector's own size, consume erases
  // min(n, size()).
  test('a vector already larger than maxSize: the buffer is its first maxSize bytes', () => {
    const vec = new ByteVector([1, 2, 3, 4, 5, 6]);
    const b = dynamicBuffer(vec, 2);
    expect(b.size()).toBe(2);
    expect(b.maxSize()).toBe(2);
    expect([...b.data()]).toEqual([1, 2]);
    expect(b.capacity()).toBeLessThanOrEqual(2);
    expect(() => b.prepare(1)).toThrow(SystemError);
    // size() + 0 does not pass maxSize: an empty area after the vector's content, nothing lost.
    expect(b.prepare(0).length).toBe(0);
    b.commit(0);
    expect(content(vec)).toEqual([1, 2, 3, 4, 5, 6]);
    b.consume(Infinity);
    expect(content(vec)).toEqual([3, 4, 5, 6]);
    expect(b.size()).toBe(2);
    b.consume(1);
    expect(content(vec)).toEqual([4, 5, 6]);
  });

  test('a read into a vector already larger than maxSize completes with 0 bytes, the vector unchanged', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc);
    stream.reset('abc');
    const vec = new ByteVector([1, 2, 3, 4, 5, 6]);
    const p = asyncRead(stream, dynamicBuffer(vec, 2), asTuple(useFuture));
    await ioc.run();
    expect(await p).toEqual([null, 0]);
    expect(content(vec)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('bad arguments', () => {
    expect(() => dynamicBuffer([] as never)).toThrow(/^vec must be a ByteVector/);
    expect(() => dynamicBuffer(new ByteVector(), -1)).toThrow(/^maxSize /);
    const b = dynamicBuffer(new ByteVector());
    expect(() => b.prepare(-1)).toThrow(RangeError);
    expect(() => b.prepare(Infinity)).toThrow(/^n must be a non-negative integer/);
    expect(() => b.commit(NaN)).toThrow(/^n /);
    expect(() => b.consume(-2)).toThrow(/^n /);
    expect(() => b.consume('1' as never)).toThrow(TypeError);
  });
});

describe('dynamicBufferV2 (v2 over a ByteVector)', () => {
  test('grow, data(pos, n), shrink, consume', () => {
    const vec = new ByteVector([1, 2]);
    const b = dynamicBufferV2(vec);
    b.grow(3);
    expect(content(vec)).toEqual([1, 2, 0, 0, 0]);
    b.data(2, 3).set([3, 4, 5]);
    expect(content(vec)).toEqual([1, 2, 3, 4, 5]);
    expect([...b.data(3, 100)]).toEqual([4, 5]);
    expect(b.data(9, 2).length).toBe(0);
    b.shrink(1);
    expect(content(vec)).toEqual([1, 2, 3, 4]);
    b.consume(1);
    expect(content(vec)).toEqual([2, 3, 4]);
    b.shrink(Infinity);
    expect(b.size()).toBe(0);
    b.consume(5);
    expect(b.size()).toBe(0);
  });

  test('data() views share memory with the vector', () => {
    const vec = new ByteVector([1, 2, 3]);
    const d = dynamicBufferV2(vec).data(0, 3);
    vec.bytes()[1] = 8;
    expect(d[1]).toBe(8);
  });

  test('a vector already larger than maxSize: size() and data() stop at maxSize; grow and shrink drop the bytes past it, as in Asio', () => {
    const vec = new ByteVector([1, 2, 3, 4, 5, 6]);
    const b = dynamicBufferV2(vec, 4);
    expect(b.size()).toBe(4);
    expect([...b.data(0, 100)]).toEqual([1, 2, 3, 4]);
    expect([...b.data(2, 100)]).toEqual([3, 4]);
    expect(b.data(5, 1).length).toBe(0);
    expect(() => b.grow(1)).toThrow(SystemError);
    b.consume(1);
    expect(content(vec)).toEqual([2, 3, 4, 5, 6]);
    expect(b.size()).toBe(4);
    b.shrink(1); // resize(size() - 1)
    expect(content(vec)).toEqual([2, 3, 4]);
  });

  test('grow past maxSize throws noBufferSpace', () => {
    const vec = new ByteVector(3);
    const b = dynamicBufferV2(vec, 4);
    b.grow(1);
    let caught: unknown;
    try {
      b.grow(1);
    } catch (e) {
      caught = e;
    }
    expect(errorIs(caught, errors.noBufferSpace)).toBe(true);
    expect(vec.length).toBe(4);
  });

  test('bad arguments', () => {
    expect(() => dynamicBufferV2({} as never)).toThrow(/^vec must be a ByteVector/);
    const b = dynamicBufferV2(new ByteVector());
    expect(() => b.data(-1, 1)).toThrow(/^pos /);
    expect(() => b.data(0, 0.5)).toThrow(/^n /);
    expect(() => b.grow(1.5)).toThrow(/^n /);
    expect(() => b.shrink(-1)).toThrow(/^n /);
  });
});

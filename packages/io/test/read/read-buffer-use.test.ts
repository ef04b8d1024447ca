/**
 * How the reads use the library's own dynamic buffers: the read size after consuming (a vector
 * buffer's capacity is its storage, as a `std::vector`'s is), a read's area left unzeroed never
 * showing through a later `prepare` / `grow`, a subclass's own `prepare` still called, and the
 * delimiter searches shared between operations giving each its own answer.
 */
import { IoContext, systemExecutor } from '@asio-ts/core';
import { asyncRead, asyncReadUntil, ByteVector, dynamicBuffer, dynamicBufferV2, read, Streambuf, TestStream, transferAtLeast, transferExactly } from '@asio-ts/io';
import { RecordingReadStream } from '../helpers/user-read-streams.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

function sbWith(content: string): Streambuf {
  const sb = new Streambuf();
  sb.sputn(content);
  return sb;
}

function recording(ioc: IoContext, data: Uint8Array | string): RecordingReadStream {
  const stream = new TestStream(ioc);
  stream.reset(data);
  return new RecordingReadStream(stream);
}

describe('read size after consuming', () => {
  test("a vector buffer's capacity is its storage: consuming leaves it, so the next read asks for the spare storage", async () => {
    const ioc = new IoContext();
    const vec = new ByteVector();
    vec.reserve(4096);
    const buf = dynamicBuffer(vec);
    buf.commit(buf.prepare(4096).length);
    buf.consume(4000);
    // 96 bytes held at the end of a 4096-byte storage: what the buffer holds without allocating.
    expect(buf.capacity()).toBe(4096);
    const stream = recording(ioc, new Uint8Array(5000));
    asyncRead(stream, buf, transferAtLeast(1), () => {});
    await ioc.run();
    // Asio's min(max(512, capacity - size), min(limit, maxSize - size)) with a limit of 65536.
    expect(stream.sizes).toEqual([4000]);
    expect(buf.size()).toBe(4096);
    expect(vec.capacity).toBe(4096);
  });
});

describe("a read's area is not zeroed, and never shows through", () => {
  test.each([
    ['dynamicBuffer (v1)', () => dynamicBuffer(new ByteVector())],
    ['Streambuf', () => new Streambuf()],
  ])('%s: after a short read, prepare gives zero bytes', async (_name, make) => {
    const buf = make();
    const stream = new TestStream(systemExecutor);
    stream.reset(new Uint8Array(3000).fill(0xee));
    await new Promise<void>((resolve) => asyncRead(stream, buf, transferExactly(3000), () => resolve()));
    buf.consume(3000);
    stream.reset(new Uint8Array(10).fill(0xdd));
    await new Promise<void>((resolve) => asyncRead(stream, buf, transferExactly(10), () => resolve()));
    expect(buf.data()).toEqual(new Uint8Array(10).fill(0xdd));
    // Bytes past the 10 were the earlier 0xee content, still in the storage: prepare zeroes them.
    expect(buf.prepare(2000)).toEqual(new Uint8Array(2000));
  });

  test.each([
    ['dynamicBuffer (v1)', () => dynamicBuffer(new ByteVector(text('hi:')))],
    ['Streambuf', () => sbWith('hi:')],
  ])('%s: an area prepared and never committed is replaced by the read, not counted as data', async (_name, make) => {
    const buf = make();
    buf.prepare(1000); // left uncommitted: the next prepare replaces it (Asio's DynamicBuffer_v1)
    const stream = new TestStream(systemExecutor);
    stream.reset(text('hello\nworld'));
    const [err, n] = await new Promise<[unknown, number]>((resolve) => asyncRead(stream, buf, transferExactly(5), (e, m) => resolve([e, m])));
    expect([err, n, new TextDecoder().decode(buf.data())]).toEqual([null, 5, 'hi:hello']);
    buf.prepare(1000);
    const [err2, m] = await new Promise<[unknown, number]>((resolve) => asyncReadUntil(stream, buf, '\n', (e, k) => resolve([e, k])));
    expect([err2, m, new TextDecoder().decode(buf.data())]).toEqual([null, 9, 'hi:hello\nworld']);
  });

  test('read (sync) into a buffer with an uncommitted area reads into a fresh one', () => {
    const sb = new Streambuf();
    sb.prepare(1000);
    const stream = new TestStream(systemExecutor);
    stream.reset(text('abc'));
    expect(read(stream, sb, transferExactly(3))).toBe(3);
    expect(new TextDecoder().decode(sb.data())).toBe('abc');
  });

  test('dynamicBufferV2: after a short read, grow gives zero bytes', async () => {
    const vec = new ByteVector();
    const buf = dynamicBufferV2(vec);
    const stream = new TestStream(systemExecutor);
    stream.reset(new Uint8Array(3000).fill(0xee));
    await new Promise<void>((resolve) => asyncRead(stream, buf, transferExactly(3000), () => resolve()));
    buf.consume(3000);
    stream.reset(text('ok'));
    await new Promise<void>((resolve) => asyncRead(stream, buf, transferExactly(2), () => resolve()));
    expect(vec.bytes()).toEqual(text('ok'));
    buf.grow(2000);
    expect(buf.data(2, 2000)).toEqual(new Uint8Array(2000));
  });

  test("a subclass's own prepare is what a read calls", async () => {
    const calls: number[] = [];
    class Counting extends Streambuf {
      override prepare(n: number): Uint8Array {
        calls.push(n);
        return super.prepare(n);
      }
    }
    const buf = new Counting();
    const stream = new TestStream(systemExecutor);
    stream.reset(text('line\n'));
    const n = await new Promise<number>((resolve) => asyncReadUntil(stream, buf, '\n', (_e, got) => resolve(got)));
    expect(n).toBe(5);
    expect(calls).toEqual([512]);
  });
});

describe('delimiter searches shared between operations', () => {
  test('alternating string delimiters (one byte, several bytes, non-ASCII) each find their own', async () => {
    const sb = new Streambuf();
    sb.sputn('a;b\r\nc€d;\n');
    const stream = new TestStream(systemExecutor);
    const results: number[] = [];
    for (const delim of [';', '\r\n', '€', ';', '\n']) {
      const n = await new Promise<number>((resolve, reject) => asyncReadUntil(stream, sb, delim, (e, got) => (e ? reject(e) : resolve(got))));
      results.push(n);
      sb.consume(n);
    }
    expect(results).toEqual([2, 3, 4, 2, 1]);
    expect(sb.size()).toBe(0);
  });
});

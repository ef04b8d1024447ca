/**
 * `asyncRead` at the end of the stream, and the read sizes a dynamic buffer asks of the stream
 * (Asio's read size).
 */
import { errorIs, errors, IoContext, SystemError } from '@asio-ts/core';
import {
  asyncRead,
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  Streambuf,
  transferExactly,
  type CompletionCondition,
} from '@asio-ts/io';
import { readData, sameBytes } from '../helpers/bytes.js';
import { runRead } from '../helpers/read-driver.js';
import { dynamicKinds, readTargets } from '../helpers/read-targets.js';
import { RecordingReadStream } from '../helpers/user-read-streams.js';
import { makeStream, untypedAsyncRead } from '../helpers/async-read-stream.js';

describe('the end of the stream', () => {
  test.each(readTargets.filter((k) => !k.name.includes('std::array')))(
    '$name: a stream shorter than the buffers gives (eof, the bytes read), and they are in the buffer',
    async (kind) => {
      const ioc = new IoContext();
      const stream = makeStream(ioc, 10, readData.subarray(0, 30));
      const target = kind.make(60);
      const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, target.buffers, t));
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(err?.code).toBe('EOF');
      expect(n).toBe(30);
      expect(target.contents(30)).toEqual(readData.subarray(0, 30));
    },
  );

  test.each(dynamicKinds)('$name without a maxSize: transferAll() reads to the end and reports eof, as Asio', async (kind) => {
    const ioc = new IoContext();
    const data = Uint8Array.from({ length: 5000 }, (_, i) => (i * 7) & 0xff);
    const stream = makeStream(ioc, 700, data);
    const d = kind.make();
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, d.buffers, t));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(5000);
    expect(sameBytes(d.contents(), data)).toBe(true);
  });

  test('an empty stream: (eof, 0) at once', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, new Uint8Array(0));
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncRead(stream, new Uint8Array(8), t));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(0);
  });
});

describe("a dynamic buffer grows by Asio's read size", () => {
  async function sizesAsked(buffers: unknown, condition: CompletionCondition | undefined, data: Uint8Array, maxRead = Infinity): Promise<number[]> {
    const ioc = new IoContext();
    const inner = makeStream(ioc, maxRead, data);
    const stream = new RecordingReadStream(inner);
    const args = condition === undefined ? [] : [condition];
    untypedAsyncRead(stream, buffers, ...args, () => {});
    await ioc.run();
    return stream.sizes;
  }

  test('min(max(512, capacity - size), min(65536, maxSize - size)) with transferAll', async () => {
    const data = new Uint8Array(3000).fill(1);
    const vec = new ByteVector();
    const sizes = await sizesAsked(dynamicBuffer(vec), undefined, data, 1000);
    // Each read asks for at least 512, and for the spare capacity when it is more.
    expect(sizes[0]).toBe(512);
    for (const s of sizes) expect(s).toBeGreaterThanOrEqual(512);
    expect(vec.length).toBe(3000);
  });

  test('the spare capacity is asked for when it is past 512', async () => {
    const vec = new ByteVector();
    vec.reserve(4096);
    const sizes = await sizesAsked(dynamicBuffer(vec), undefined, new Uint8Array(100));
    expect(sizes[0]).toBe(4096);
  });

  test('never past maxSize - size, to the byte', async () => {
    const sb = new Streambuf(700);
    sb.sputn(new Uint8Array(100));
    const sizes = await sizesAsked(sb, undefined, new Uint8Array(2000), 256);
    // 512 (600 bytes of room, no spare capacity), then the room left: 344, then 88; the buffer
    // ends full, with no error.
    expect(sizes).toEqual([512, 344, 88]);
    expect(sb.size()).toBe(700);
  });

  test('the condition is the limit: transferExactly(100) asks for 100, then the rest', async () => {
    const sizes = await sizesAsked(dynamicBufferV2(new ByteVector()), transferExactly(100), new Uint8Array(200), 30);
    expect(sizes).toEqual([100, 70, 40, 10]);
  });

  test('a condition done at the start: one read of 0 bytes, as Asio (its start case), completing (null, 0)', async () => {
    const ioc = new IoContext();
    const stream = new RecordingReadStream(makeStream(ioc, Infinity));
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, sb, transferExactly(0), (e, n) => (got = [e, n]));
    await ioc.run();
    expect(stream.sizes).toEqual([0]);
    expect(got).toEqual([null, 0]);
    expect(sb.size()).toBe(0);
  });

  test('a full buffer at the start: one read of 0 bytes, (null, 0)', async () => {
    const ioc = new IoContext();
    const stream = new RecordingReadStream(makeStream(ioc, Infinity));
    const sb = new Streambuf(4);
    sb.sputn('abcd');
    let got: [SystemError | null, number] | undefined;
    asyncRead(stream, sb, (e, n) => (got = [e, n]));
    await ioc.run();
    expect(stream.sizes).toEqual([0]);
    expect(got).toEqual([null, 0]);
  });
});

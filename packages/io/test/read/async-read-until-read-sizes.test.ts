/**
 * The read sizes `asyncReadUntil` asks of the stream, and how a v2 buffer is grown and shrunk.
 */
import { IoContext, useFuture } from '@asio-ts/core';
import { asyncReadUntil, ByteVector, dynamicBuffer, dynamicBufferV2 } from '@asio-ts/io';
import { sameBytes } from '../helpers/bytes.js';
import { RecordingReadStream } from '../helpers/user-read-streams.js';
import { latin1, makeStream } from '../helpers/async-read-until-stream.js';

describe("read sizes: min(max(512, capacity - size), min(65536, maxSize - size))", () => {
  test('512 into an empty buffer, the spare capacity when larger, never past maxSize', async () => {
    const ioc = new IoContext();
    const inner = makeStream(ioc, Infinity, new Uint8Array(200_000).fill(0x61));
    const stream = new RecordingReadStream(inner);
    const vec = new ByteVector();
    asyncReadUntil(stream, dynamicBuffer(vec, 100_000), '\n', () => {});
    await ioc.run();
    expect(stream.sizes[0]).toBe(512);
    for (const s of stream.sizes) expect(s).toBeLessThanOrEqual(65536);
    expect(stream.sizes.reduce((a, b) => a + b, 0)).toBe(100_000);
    expect(vec.length).toBe(100_000);
    // Once the vector's capacity grew past its size by more than 512, that is what is asked.
    expect(Math.max(...stream.sizes)).toBeGreaterThan(512);
  });
});
test('v2 buffers are grown for each read and shrunk by exactly the unread rest', async () => {
  const ioc = new IoContext();
  const stream = makeStream(ioc, 7, 'abcdefghijklmnop\nq');
  const vec = new ByteVector();
  const p = asyncReadUntil(stream, dynamicBufferV2(vec), '\n', useFuture);
  await ioc.run();
  expect(await p).toBe(17);
  expect(sameBytes(vec.bytes(), latin1('abcdefghijklmnop\nq'))).toBe(true);
});

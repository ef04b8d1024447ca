/**
 * `asyncWrite` over a stream that completes inside `asyncWriteSome`: no recursion, delivery once
 * and never inside the initiating call.
 */
import { IoContext, post, SystemError, useFuture } from '@asio-ts/core';
import { asyncWrite, Streambuf, transferExactly, type ConstBufferSequence, type WriteHandler } from '@asio-ts/io';
import { concat, sameBytes, writeData, writeDataSize } from '../helpers/bytes.js';
import { InlineStream } from '../helpers/user-streams.js';
import { modes } from '../helpers/write-driver.js';

describe('a stream that completes inside asyncWriteSome', () => {
  test('1 MB in 1-byte chunks: no recursion, no stack overflow, delivered once, never inside asyncWrite', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const data = new Uint8Array(size);
    for (let i = 0; i < size; i++) data[i] = (i * 31 + 7) & 0xff;
    const stream = new InlineStream(ioc.getExecutor(), size, 1);
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncWrite(stream, data, (err, n) => {
      calls++;
      result = [err, n];
    });
    // Every chunk was taken inside the call, one asyncWriteSome at a time.
    expect(stream.calls).toBe(size);
    expect(stream.maxDepth).toBe(1);
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(result).toEqual([null, size]);
    expect(sameBytes(stream.received(), data)).toBe(true);
  });

  test.each(modes)('with %s, and a dynamic buffer consumed by exactly what was written', async (mode) => {
    const ioc = new IoContext();
    const stream = new InlineStream(ioc.getExecutor(), 100, 7);
    const sb = new Streambuf();
    sb.sputn(writeData);
    let calls = 0;
    let n = -1;
    const h: WriteHandler = (_e, m) => {
      calls++;
      n = m;
    };
    let p: Promise<number> | undefined;
    if (mode === 'callback') asyncWrite(stream, sb, transferExactly(30), h);
    else if (mode === 'useFuture') p = asyncWrite(stream, sb, transferExactly(30), useFuture);
    else asyncWrite(stream, sb, transferExactly(30))(h);
    expect(calls).toBe(0);
    await ioc.run();
    if (p !== undefined) n = await p;
    else expect(calls).toBe(1);
    // 7 + 7 + 7 + 7 + 2: transferExactly limits the last chunk.
    expect(n).toBe(30);
    expect(stream.calls).toBe(5);
    expect(sameBytes(stream.received(), writeData.subarray(0, 30))).toBe(true);
    expect(sb.data()).toEqual(writeData.subarray(30));
  });

  test('a stream alternating between inline and posted completions', async () => {
    const ioc = new IoContext();
    const got: number[] = [];
    let call = 0;
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
        const bytes = concat(buffers).subarray(0, 4);
        got.push(...bytes);
        if (call++ % 3 === 0) post(ioc, () => handler(null, bytes.length));
        else handler(null, bytes.length);
      },
    };
    let calls = 0;
    asyncWrite(stream, writeData, (err, n) => {
      calls++;
      expect(err).toBeNull();
      expect(n).toBe(writeDataSize);
    });
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(Uint8Array.from(got)).toEqual(writeData);
  });

  test('a stream calling its handler twice is a programmer error', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
        const n = concat(buffers).length;
        post(ioc, () => {
          handler(null, n);
          handler(null, n);
        });
      },
    };
    asyncWrite(stream, writeData, () => {});
    await expect(ioc.run()).rejects.toThrow(/twice/);
  });

  test('a stream reporting more bytes than it was given is a RangeError', async () => {
    const ioc = new IoContext();
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
        const n = concat(buffers).length;
        post(ioc, () => handler(null, n + 1));
      },
    };
    asyncWrite(stream, writeData, () => {});
    await expect(ioc.run()).rejects.toThrow(RangeError);
    // The operation gave its work back: the context can run out of work.
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });
});

/**
 * fromWebWritable's close() and releaseLock(): the owner finishes the sink (a real
 * CompressionStream, whose output is read back) or hands the stream over; a write in flight
 * completes first; later writes complete with brokenPipe, writing nothing.
 */
import { gunzipSync } from 'node:zlib';
import { asTuple, useFuture } from '@asio-ts/core';
import { asyncWrite, fromWebWritable } from '@asio-ts/io';
import { collectingSink } from '../helpers/web-sinks.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const brokenPipe = expect.objectContaining({ code: 'EPIPE' });

describe('fromWebWritable: close() and releaseLock()', () => {
  test('a CompressionStream is finished with close(): its output decompresses to every byte written', async () => {
    const gzip = new CompressionStream('gzip');
    const compressed = new Response(gzip.readable).arrayBuffer();
    const stream = fromWebWritable(gzip.writable);
    const message = 'hello '.repeat(1000);
    expect(await asyncWrite(stream, [text(message.slice(0, 7)), text(message.slice(7))], useFuture)).toBe(message.length);
    expect(await asyncWrite(stream, text('the end'), useFuture)).toBe(7);
    await stream.close();
    expect(gunzipSync(new Uint8Array(await compressed)).toString()).toBe(message + 'the end');
    expect(await asyncWrite(stream, text('late'), asTuple(useFuture))).toEqual([brokenPipe, 0]);
    // A second close: the stream is closed already.
    await expect(stream.close()).rejects.toMatchObject({ code: 'EPIPE' });
  });

  test('close() while a write is in flight: the write completes with its bytes, then the sink closes; the next write is a brokenPipe', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    const order: string[] = [];
    const written = asyncWrite(stream, text('abc'), asTuple(useFuture)).then((r) => {
      order.push('write');
      return r;
    });
    await new Promise((r) => setTimeout(r, 5));
    const closed = stream.close().then(() => order.push('closed'));
    sink.release();
    expect(await written).toEqual([null, 3]);
    expect(await asyncWrite(stream, text('x'), asTuple(useFuture))).toEqual([brokenPipe, 0]);
    await closed;
    expect(order).toEqual(['write', 'closed']);
    expect(sink.bytes().toString()).toBe('abc');
  });

  test('close() on an errored stream rejects with brokenPipe; a sink whose close fails rejects with its error', async () => {
    const sink = collectingSink({ failOn: 0, failWith: Object.assign(new Error('disk full'), { code: 'ENOSPC' }) });
    const stream = fromWebWritable(sink.stream);
    const [err] = await asyncWrite(stream, text('a'), asTuple(useFuture));
    expect(err?.code).toBe('ENOSPC');
    await expect(stream.close()).rejects.toMatchObject({ code: 'EPIPE' });
    const failing = new WritableStream<Uint8Array>({
      close: () => {
        throw Object.assign(new Error('flush failed'), { code: 'EIO' });
      },
    });
    await expect(fromWebWritable(failing).close()).rejects.toMatchObject({ code: 'EIO', message: 'flush failed' });
  });

  test('releaseLock() hands the stream over; a write in flight still completes; later writes are a brokenPipe', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    const written = asyncWrite(stream, text('one'), asTuple(useFuture));
    await new Promise((r) => setTimeout(r, 5));
    stream.releaseLock();
    expect(sink.stream.locked).toBe(false);
    sink.release();
    expect(await written).toEqual([null, 3]);
    expect(await asyncWrite(stream, text('two'), asTuple(useFuture))).toEqual([brokenPipe, 0]);
    await sink.stream.close();
    expect(sink.bytes().toString()).toBe('one');
  });
});

// WritableAdapter (fromWritable's write side): a sink whose write() throws part-way through a
// write of several buffers. The chunks it took before the throw still go out, so the operation
// waits for their callbacks and reports exactly those bytes, with the thrown error.
import { Writable } from 'node:stream';
import { errorIs, errors, SystemError } from '@asio-ts/core';
import { fromWritable, type WritableLike } from '@asio-ts/io';
import { startWrite } from '../helpers/adapter-probe.js';

/** A Writable whose write() throws on call number `throwOn`; records the bytes it sinks. */
function throwingSink(throwOn: number, options: { writev?: boolean } = {}) {
  const sunk: Buffer[] = [];
  let calls = 0;
  const take = (chunk: Buffer, cb: (err?: Error | null) => void): void => {
    setTimeout(() => {
      sunk.push(Buffer.from(chunk));
      cb();
    }, 1);
  };
  const writable = new Writable({
    write: (chunk: Buffer, _enc, cb) => take(chunk, cb),
    ...(options.writev === true ? { writev: (list: { chunk: Buffer }[], cb: (err?: Error | null) => void) => take(Buffer.concat(list.map((c) => c.chunk)), cb) } : {}),
  });
  const write = writable.write.bind(writable) as (chunk: Uint8Array, cb: (err?: Error | null) => void) => boolean;
  (writable as { write: unknown }).write = (chunk: Uint8Array, cb: (err?: Error | null) => void): boolean => {
    if (++calls === throwOn) throw Object.assign(new Error('sink refused'), { code: 'ECONNRESET' });
    return write(chunk, cb);
  };
  writable.on('error', () => {});
  return { writable, sunk: () => Buffer.concat(sunk) };
}

const seq = [new Uint8Array(10).fill(1), new Uint8Array(20).fill(2), new Uint8Array(30).fill(3)];

describe('WritableAdapter: write() throws part-way through a multi-buffer write', () => {
  test.each([false, true])('the 2nd chunk throws: the 1st chunk\'s bytes are reported once confirmed, with the error (writev %s)', async (writev) => {
    const sink = throwingSink(2, { writev });
    const probe = startWrite((h) => fromWritable(sink.writable).asyncWriteSome(seq, h));
    expect(probe.outcome()).toBeNull();
    const [err, n] = await probe.done;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect((err?.cause as Error).message).toBe('sink refused');
    expect(n).toBe(10);
    expect(sink.sunk().equals(Buffer.from(seq[0]!))).toBe(true);
    expect(probe.calls()).toBe(1);
    expect(probe.ranInside()).toBe(false);
  });

  test('the 3rd chunk throws: the two chunks before it', async () => {
    const sink = throwingSink(3);
    const [err, n] = await startWrite((h) => fromWritable(sink.writable).asyncWriteSome(seq, h)).done;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(30);
    expect(sink.sunk().length).toBe(30);
  });

  test('the 1st chunk throws: 0 bytes, as before', async () => {
    const sink = throwingSink(1);
    const [err, n] = await startWrite((h) => fromWritable(sink.writable).asyncWriteSome(seq, h)).done;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(0);
  });

  test('a sink that confirms synchronously: the chunks it took are counted, the handler still not run inside', async () => {
    let calls = 0;
    const sink: WritableLike = Object.assign(new Writable(), {
      write: (_chunk: Uint8Array, cb?: (err?: Error | null) => void): boolean => {
        if (++calls === 2) throw new Error('refused');
        cb?.();
        return true;
      },
    });
    const probe = startWrite((h) => fromWritable(sink).asyncWriteSome(seq, h));
    expect(probe.ranInside()).toBe(false);
    const [err, n] = await probe.done;
    expect(err).toBeInstanceOf(SystemError);
    expect(n).toBe(10);
  });

  test('the thrown error wins over a failure the uncork reports for a chunk taken before it', async () => {
    let calls = 0;
    let first: ((err?: Error | null) => void) | undefined;
    const sink: WritableLike = Object.assign(new Writable(), {
      write: (_chunk: Uint8Array, cb?: (err?: Error | null) => void): boolean => {
        if (++calls === 2) throw Object.assign(new Error('sink refused'), { code: 'ECONNRESET' });
        first = cb;
        return true;
      },
      uncork: (): void => first?.(Object.assign(new Error('later failure'), { code: 'EPIPE' })),
    });
    const probe = startWrite((h) => fromWritable(sink).asyncWriteSome(seq, h));
    expect(probe.ranInside()).toBe(false);
    const [err, n] = await probe.done;
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect((err?.cause as Error).message).toBe('sink refused');
    expect(n).toBe(0);
    expect(probe.calls()).toBe(1);
  });

  test('the stream is usable again after: the next write goes through', async () => {
    const sink = throwingSink(2);
    const stream = fromWritable(sink.writable);
    await startWrite((h) => stream.asyncWriteSome(seq, h)).done;
    const [err, n] = await startWrite((h) => stream.asyncWriteSome(seq, h)).done;
    expect(err).toBeNull();
    expect(n).toBe(60);
  });
});

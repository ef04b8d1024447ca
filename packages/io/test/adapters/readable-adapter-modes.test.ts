/**
 * The two ways the Readable adapter waits for data: a Node Readable flows while a read waits
 * (chunks as 'data' events, paused again once a chunk arrives with no read in flight), and a
 * ReadableLike without pause/resume is pulled on its 'readable' events.
 */
import { PassThrough } from 'node:stream';
import { asTuple, errorIs, errors, useFuture } from '@asio-ts/core';
import { fromReadable, type ReadableLike } from '@asio-ts/io';

const text = (b: Uint8Array, n: number): string => Buffer.from(b.subarray(0, n)).toString();
const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('a Node Readable: flowing while a read waits', () => {
  test('a chunk written while the read waits goes straight into it; the next, with no read, is kept and the stream paused', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    expect(pt.readableFlowing).toBe(false);
    const buf = new Uint8Array(16);
    const first = s.asyncReadSome(buf, useFuture);
    await tick();
    expect(pt.readableFlowing).toBe(true);
    pt.write(Buffer.from('one'));
    expect(text(buf, await first)).toBe('one');
    pt.write(Buffer.from('two'));
    await tick();
    expect(pt.readableFlowing).toBe(false);
    pt.write(Buffer.from('three'));
    await tick();
    // 'two' is kept by the adapter, 'three' buffered by the stream: one read takes both, in order.
    expect(text(buf, await s.asyncReadSome(buf, useFuture))).toBe('twothree');
    expect(pt.readableFlowing).toBe(false);
    pt.end();
    expect(errorIs((await s.asyncReadSome(buf, asTuple(useFuture)))[0], errors.eof)).toBe(true);
  });

  test('a chunk larger than the buffers: the rest is read next, nothing lost', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const small = new Uint8Array(4);
    const first = s.asyncReadSome(small, useFuture);
    await tick();
    pt.write(Buffer.from('abcdefghij'));
    expect(text(small, await first)).toBe('abcd');
    expect(text(small, await s.asyncReadSome(small, useFuture))).toBe('efgh');
    expect(text(small, await s.asyncReadSome(small, useFuture))).toBe('ij');
  });

  test('a chunk that overfills the read with no read after it: the rest kept, the stream paused', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const small = new Uint8Array(4);
    const first = s.asyncReadSome(small, useFuture);
    await tick();
    pt.write(Buffer.from('abcdefgh'));
    expect(text(small, await first)).toBe('abcd');
    expect(pt.readableFlowing).toBe(false);
    expect(text(small, await s.asyncReadSome(small, useFuture))).toBe('efgh');
  });

  test('a handler that reads again at once takes the rest, and the stream is never paused', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const pause = jest.spyOn(pt, 'pause');
    const got: string[] = [];
    const done = new Promise<void>((resolve) => {
      const small = new Uint8Array(3);
      const onRead = (err: unknown, n: number): void => {
        expect(err).toBeNull();
        got.push(text(small, n));
        if (got.join('').length < 9) s.asyncReadSome(small, onRead);
        else resolve();
      };
      s.asyncReadSome(small, onRead);
    });
    await tick();
    const before = pause.mock.calls.length;
    pt.write(Buffer.from('abcd')); // 'abc', then 'd' taken by the handler's next read
    await tick(); // that read completes (posted: it found 'd' when it started); the next one waits
    pt.write(Buffer.from('efghi'));
    await done;
    expect(got.join('')).toBe('abcdefghi');
    expect(pause.mock.calls.length).toBe(before);
    expect(pt.readableFlowing).toBe(true);
  });
});

describe('a ReadableLike without pause/resume: pulled on its readable events', () => {
  /** A PassThrough seen only through the members of ReadableLike that are not pause/resume. */
  function pullOnly(pt: PassThrough): ReadableLike {
    const like = {
      get destroyed() {
        return pt.destroyed;
      },
      get readableLength() {
        return pt.readableLength;
      },
      read: (n?: number) => pt.read(n),
      on(event: string, listener: (...args: never[]) => void) {
        pt.on(event, listener as (...args: unknown[]) => void);
        return like;
      },
    };
    return like as ReadableLike;
  }

  test('reads what arrives, at most the buffer size, then eof', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pullOnly(pt));
    const buf = new Uint8Array(4);
    const first = s.asyncReadSome(buf, useFuture);
    pt.write(Buffer.from('abcdef'));
    expect(text(buf, await first)).toBe('abcd');
    expect(text(buf, await s.asyncReadSome(buf, useFuture))).toBe('ef');
    pt.end();
    expect(errorIs((await s.asyncReadSome(buf, asTuple(useFuture)))[0], errors.eof)).toBe(true);
    expect(pt.listenerCount('data')).toBe(0);
  });
});

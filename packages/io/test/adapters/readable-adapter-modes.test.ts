/**
 * The two ways the Readable adapter waits for data: a Node Readable flows while a read waits
 * (chunks as 'data' events, paused again once a chunk arrives with no read in flight), and a
 * ReadableLike without pause/resume is pulled on its 'readable' events.
 */
import { PassThrough, Readable } from 'node:stream';
import { asTuple, bindImmediateExecutor, errorIs, errors, inlineExecutor, systemExecutor, useFuture } from '@asio-ts/core';
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
    await tick(); // that read got 'd' once its initiating call returned; the next one waits
    pt.write(Buffer.from('efghi'));
    await done;
    expect(got.join('')).toBe('abcdefghi');
    expect(pause.mock.calls.length).toBe(before);
    expect(pt.readableFlowing).toBe(true);
  });
});

describe('a read started by a handler that a chunk ran', () => {
  /** A Readable whose `push` emits 'data' inside the call once a read made it flow. */
  function flowing(): { r: Readable; s: ReturnType<typeof fromReadable> } {
    const r = new Readable({ read() {} });
    const s = fromReadable(r);
    return { r, s };
  }

  test('takes the rest of the chunk once its initiating call returned, before work queued meanwhile', async () => {
    const { r, s } = flowing();
    const order: string[] = [];
    const small = new Uint8Array(3);
    const rest = new Uint8Array(3);
    let initiating = false;
    s.asyncReadSome(small, (_err, n) => {
      order.push(`first ${text(small, n)}`);
      systemExecutor.post(() => order.push('posted'));
      initiating = true;
      s.asyncReadSome(rest, (_err2, n2) => order.push(`second ${text(rest, n2)}${initiating ? ' inside its call' : ''}`));
      initiating = false;
    });
    await tick();
    r.push(Buffer.from('abcd'));
    expect(order).toEqual(['first abc', 'second d']);
    await tick();
    expect(order).toEqual(['first abc', 'second d', 'posted']);
  });

  test('an inline immediate executor changes nothing: the read did not complete inside its call', async () => {
    const { r, s } = flowing();
    const order: string[] = [];
    const small = new Uint8Array(3);
    let initiating = false;
    s.asyncReadSome(small, () => {
      initiating = true;
      s.asyncReadSome(
        small,
        bindImmediateExecutor(inlineExecutor, (_err: unknown, n: number) => order.push(`${text(small, n)}${initiating ? ' inside its call' : ''}`)),
      );
      initiating = false;
    });
    await tick();
    r.push(Buffer.from('abcdefg'));
    expect(order).toEqual(['def']);
    // The third byte waits for the next read, which finds it at once: that one completes immediately.
    s.asyncReadSome(small, bindImmediateExecutor(inlineExecutor, (_err: unknown, n: number) => order.push(text(small, n))));
    expect(order).toEqual(['def', 'g']);
  });

  test('a chain of reads smaller than every chunk gets every byte in order', async () => {
    const { r, s } = flowing();
    const got: string[] = [];
    const small = new Uint8Array(3);
    const done = new Promise<void>((resolve) => {
      const onRead = (err: unknown, n: number): void => {
        if (err !== null) return resolve();
        got.push(text(small, n));
        s.asyncReadSome(small, onRead);
      };
      s.asyncReadSome(small, onRead);
    });
    await tick();
    for (const chunk of ['abcdefgh', 'ij', 'klmnopqrstu']) r.push(Buffer.from(chunk));
    r.push(null);
    await done;
    expect(got.join('')).toBe('abcdefghijklmnopqrstu');
    expect(got.every((g) => g.length <= 3)).toBe(true);
  });

  test('a chunk the stream emits while a handler runs goes behind the bytes kept from the one before', () => {
    const { r, s } = flowing();
    let got = '';
    const sizes = [3, 3, 8];
    const next = (): void => {
      const buf = new Uint8Array(sizes.shift() ?? 8);
      s.asyncReadSome(buf, (err, n) => {
        if (err !== null) return;
        got += text(buf, n);
        const first = got.length === 3;
        if (sizes.length > 0) next();
        if (first) r.push(Buffer.from('xyz')); // emitted at once: the read just started waits
      });
    };
    next();
    return tick().then(() => {
      r.push(Buffer.from('abcd'));
      expect(got).toBe('abcdxyz');
    });
  });

  test('a handler that throws after starting a read: a chunk that comes next still goes behind the kept bytes', async () => {
    const { r, s } = flowing();
    const small = new Uint8Array(3);
    const rest = new Uint8Array(8);
    let got = '';
    s.asyncReadSome(small, (_err, n) => {
      got += text(small, n);
      s.asyncReadSome(rest, (_err2, n2) => (got += text(rest, n2)));
      throw new Error('handler failed');
    });
    await tick();
    expect(() => r.push(Buffer.from('abcdef'))).toThrow('handler failed');
    r.push(Buffer.from('gh'));
    await tick();
    expect(got).toBe('abcdefgh');
  });

  test('a handler that throws: a chunk served behind the kept bytes before the queued pump leaves the stream paused when bytes remain', async () => {
    const { r, s } = flowing();
    const first = new Uint8Array(3);
    const two = new Uint8Array(2);
    let got = '';
    s.asyncReadSome(first, (_err, n) => {
      got += text(first, n);
      s.asyncReadSome(two, (_err2, n2) => (got += text(two, n2)));
      throw new Error('handler failed');
    });
    await tick();
    expect(() => r.push(Buffer.from('abcdefgh'))).toThrow('handler failed');
    r.push(Buffer.from('ij')); // before the queued pump: 'de' to the waiting read, 'fghij' kept
    expect(got).toBe('abcde');
    expect(r.readableFlowing).toBe(false);
    await tick();
    const rest = new Uint8Array(16);
    expect(text(rest, await s.asyncReadSome(rest, useFuture))).toBe('fghij');
  });

  test('a stream that throws while a read starts: that read fails, and the chunks after it go to the next read', async () => {
    const { r, s } = flowing();
    const buf = new Uint8Array(8);
    const first = s.asyncReadSome(buf, useFuture);
    await tick();
    r.push(Buffer.from('ab'));
    expect(text(buf, await first)).toBe('ab'); // the stream flows now
    const resume = r.resume.bind(r);
    r.resume = () => {
      throw new Error('resume failed');
    };
    const dead = new Uint8Array(8);
    const [err] = await s.asyncReadSome(dead, asTuple(useFuture));
    expect(err?.message).toContain('resume failed');
    r.resume = resume;
    r.push(Buffer.from('cdef')); // no read in flight: kept for the next one, not put in `dead`
    expect(text(buf, await s.asyncReadSome(buf, useFuture))).toBe('cdef');
    expect(dead.every((b) => b === 0)).toBe(true);
  });

  test('a handler that throws after starting a read: the exception leaves the chunk, and that read still gets the rest', async () => {
    const { r, s } = flowing();
    const small = new Uint8Array(3);
    const rest = new Uint8Array(8);
    const second = new Promise<string>((resolve) => {
      s.asyncReadSome(small, () => {
        s.asyncReadSome(rest, (err, n) => resolve(`${String(err)} ${text(rest, n)}`));
        throw new Error('handler failed');
      });
    });
    await tick();
    expect(() => r.push(Buffer.from('abcdef'))).toThrow('handler failed');
    expect(await second).toBe('null def');
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

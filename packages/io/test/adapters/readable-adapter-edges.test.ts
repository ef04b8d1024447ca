/**
 * The Readable adapter on streams whose owner changed how Node hands out their data: an encoding
 * (strings counted in UTF-16 code units), and a 'readable' listener of the owner's (resume() then
 * does nothing: data comes only from read()); and a second read adapter on one stream, refused.
 */
import { Duplex, PassThrough, Readable } from 'node:stream';
import { asTuple, useFuture } from '@asio-ts/core';
import { fromDuplex, fromReadable } from '@asio-ts/io';

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Read byte by byte until eof; the bytes read. */
async function readAllByByte(s: ReturnType<typeof fromReadable>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for (;;) {
    const buf = new Uint8Array(1);
    const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
    if (err !== null) return Buffer.concat(parts);
    parts.push(buf.subarray(0, n));
  }
}

describe('a stream with an encoding', () => {
  test('a character outside the BMP, buffered by the stream, is not cut in two by a small read', async () => {
    const pt = new PassThrough();
    pt.setEncoding('utf8');
    const s = fromReadable(pt);
    const text = 'a\u{1F600}b\u{10348}';
    pt.end(Buffer.from(text)); // buffered by the stream before any read
    await tick();
    expect((await readAllByByte(s)).toString('utf8')).toBe(text);
  });

  test('the same when it arrives while reads wait (flowing)', async () => {
    const pt = new PassThrough();
    pt.setEncoding('utf8');
    const s = fromReadable(pt);
    const reading = readAllByByte(s);
    await tick();
    pt.write(Buffer.from('x\u{1F600}'));
    await tick();
    pt.end(Buffer.from('\u{1F600}y'));
    expect((await reading).toString('utf8')).toBe('x\u{1F600}\u{1F600}y');
  });
});

describe('strings a producer pushed into a stream with an encoding', () => {
  /** A Readable with an encoding, fed by `push` (strings stay strings, as Node keeps them). */
  function pushed(): Readable {
    const r = new Readable({ read() {} });
    r.setEncoding('utf8');
    return r;
  }

  test('a surrogate pair split across two pushes at different times is one character (flowing)', async () => {
    const r = pushed();
    const s = fromReadable(r);
    const reading = readAllByByte(s);
    r.push('a\uD83D');
    await tick();
    r.push('\uDE00b');
    r.push(null);
    expect((await reading).toString('utf8')).toBe('a\u{1F600}b');
  });

  test('the same when both halves are buffered before the reads (pulled)', async () => {
    const r = pushed();
    r.push('\uD83D');
    r.push('\uDE00\uD83D');
    r.push('\uDC00');
    r.push(null);
    const s = fromReadable(r);
    await tick();
    expect((await readAllByByte(s)).toString('utf8')).toBe('\u{1F600}\u{1F400}');
  });

  test.each([
    ['pulled', true],
    ['flowing', false],
  ])('%s: a kept first half is read before the failure a chunk that is not bytes causes', async (_name, buffered) => {
    const r = new Readable({ read() {}, objectMode: true });
    const s = fromReadable(r);
    const chunks: unknown[] = ['a\uD83D', { not: 'bytes' }];
    if (buffered) for (const c of chunks) r.push(c);
    const got: number[] = [];
    const reading = (async (): Promise<string | undefined> => {
      for (;;) {
        const buf = new Uint8Array(8);
        const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
        got.push(...buf.subarray(0, n));
        if (err !== null) return err.code;
      }
    })();
    await tick();
    if (!buffered) for (const c of chunks) r.push(c);
    expect(await reading).toBe('EINVAL');
    expect(Buffer.from(got).toString('utf8')).toBe('a\uFFFD');
  });

  test.each([
    ['pulled', true],
    ['flowing', false],
  ])('%s: an undefined chunk fails the reads where it stands; what came after it is not read', async (_name, buffered) => {
    const r = new Readable({ read() {}, objectMode: true });
    const s = fromReadable(r);
    const chunks: unknown[] = [Buffer.from('ab'), undefined, Buffer.from('cd'), null];
    if (buffered) for (const c of chunks) r.push(c);
    const results: string[] = [];
    const reading = (async (): Promise<void> => {
      for (let i = 0; i < 3; i++) {
        const buf = new Uint8Array(10);
        const [err, n] = await s.asyncReadSome(buf, asTuple(useFuture));
        results.push(err?.code ?? Buffer.from(buf.subarray(0, n)).toString());
      }
    })();
    await tick();
    if (!buffered) for (const c of chunks) r.push(c);
    await reading;
    expect(results).toEqual(['ab', 'EINVAL', 'EINVAL']);
  });

  test.each([
    ['pulled', true],
    ['flowing', false],
  ])('%s: a kept first half followed by a chunk of bytes is U+FFFD, then those bytes, in order', async (_name, buffered) => {
    const r = new Readable({ read() {}, objectMode: true });
    const s = fromReadable(r);
    const chunks: unknown[] = ['a\uD83D', Buffer.from('bc'), new Uint8Array([0x64]), null];
    if (buffered) for (const c of chunks) r.push(c);
    const reading = readAllByByte(s);
    await tick();
    if (!buffered) for (const c of chunks) r.push(c);
    expect((await reading).toString('utf8')).toBe('a\uFFFDbcd');
  });

  test('a lone first half at the end is read as U+FFFD before eof; before an error too', async () => {
    const r = pushed();
    const s = fromReadable(r);
    const reading = readAllByByte(s);
    r.push('x\uD83D');
    await tick();
    r.push(null);
    expect((await reading).toString('utf8')).toBe('x\uFFFD');
    const failing = pushed();
    const f = fromReadable(failing);
    failing.push('\uDBFF');
    await tick();
    failing.destroy(new Error('gone'));
    const buf = new Uint8Array(8);
    const [err, n] = await f.asyncReadSome(buf, asTuple(useFuture));
    expect([err, [...buf.subarray(0, n)]]).toEqual([null, [0xef, 0xbf, 0xbd]]);
    expect((await f.asyncReadSome(buf, asTuple(useFuture)))[0]?.message).toMatch(/gone/);
  });
});

describe("a stream whose owner listens for 'readable'", () => {
  test('a listener from before the adapter: data written later still reaches the reads', async () => {
    const pt = new PassThrough();
    pt.on('readable', () => {});
    const s = fromReadable(pt);
    pt.write(Buffer.from('abc'));
    const buf = new Uint8Array(8);
    expect(Buffer.from(buf.subarray(0, await s.asyncReadSome(buf, useFuture))).toString()).toBe('abc');
    const next = s.asyncReadSome(buf, useFuture);
    await tick();
    pt.write(Buffer.from('def'));
    expect(Buffer.from(buf.subarray(0, await next)).toString()).toBe('def');
  });

  test('a listener added after the adapter was made: the next read pulls', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const buf = new Uint8Array(8);
    const first = s.asyncReadSome(buf, useFuture);
    await tick();
    pt.write(Buffer.from('one'));
    expect(await first).toBe(3);
    pt.on('readable', () => {});
    const second = s.asyncReadSome(buf, useFuture);
    await tick();
    pt.end(Buffer.from('two'));
    expect(Buffer.from(buf.subarray(0, await second)).toString()).toBe('two');
    const [err] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect(err?.code).toBe('EOF');
  });
});

describe("an owner's 'readable' listener added while a read waits", () => {
  test('the waiting read still gets the data that comes next, then eof', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    const buf = new Uint8Array(8);
    const waiting = s.asyncReadSome(buf, useFuture);
    await tick();
    pt.on('readable', () => {});
    await tick();
    pt.end(Buffer.from('tail'));
    expect(Buffer.from(buf.subarray(0, await waiting)).toString()).toBe('tail');
    const [err] = await s.asyncReadSome(buf, asTuple(useFuture));
    expect(err?.code).toBe('EOF');
  });
});

describe('one read adapter per stream', () => {
  test('a second fromReadable or fromDuplex on a stream already adapted throws a TypeError naming the argument, and the first still reads', async () => {
    const pt = new PassThrough();
    const s = fromReadable(pt);
    expect(() => fromReadable(pt)).toThrow(/^readable already has a read adapter/);
    expect(() => fromDuplex(pt)).toThrow(/^duplex already has a read adapter/);
    const d = new Duplex({ read() {}, write(_c, _e, cb) { cb(); } });
    fromDuplex(d);
    expect(() => fromReadable(d)).toThrow(TypeError);
    pt.end(Buffer.from('ok'));
    const buf = new Uint8Array(4);
    expect(await s.asyncReadSome(buf, useFuture)).toBe(2);
  });
});

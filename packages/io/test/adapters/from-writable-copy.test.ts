// fromWritable and fromDuplex hand a stream that may keep a chunk after its write callback (a
// PassThrough, a Transform, a collecting sink) copies, so the caller may reuse its memory once the
// handler ran, as Asio's async_write allows; a net.Socket and an fs.WriteStream get views.
import { once } from 'node:events';
import { createWriteStream, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { useFuture } from '@asio-ts/core';
import { asyncWrite, fromDuplex, fromWritable, Streambuf } from '@asio-ts/io';
import { hashingPeer } from '../helpers/writable-peers.js';

const text = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Records, for each chunk `write` was given, whether it shares memory with `of`. */
function sharesMemory(w: Writable, of: () => ArrayBufferLike): boolean[] {
  const shared: boolean[] = [];
  const write = w.write.bind(w) as (chunk: Uint8Array, cb?: (err?: Error | null) => void) => boolean;
  (w as unknown as { write: typeof write }).write = (chunk, cb) => {
    shared.push(chunk.buffer === of());
    return write(chunk, cb);
  };
  return shared;
}

describe('fromWritable: what a stream that may keep a chunk is given', () => {
  test('a Streambuf reused after the write completed leaves the bytes a PassThrough holds as written', async () => {
    const pt = new PassThrough();
    const sb = new Streambuf();
    sb.sputn('AAAA');
    expect(await asyncWrite(fromWritable(pt), sb, useFuture)).toBe(4);
    sb.sputn('BBBB');
    expect((pt.read() as Buffer).toString()).toBe('AAAA');
  });

  test('a buffer sequence: each buffer is copied, and a collecting sink keeps what was written', async () => {
    const kept: Buffer[] = [];
    const sink = new Writable({
      writev(chunks, cb) {
        for (const c of chunks) kept.push(c.chunk as Buffer);
        cb();
      },
    });
    const parts = [text('one '), text('two')];
    expect(await asyncWrite(fromWritable(sink), parts, useFuture)).toBe(7);
    for (const p of parts) p.fill(0x58);
    expect(Buffer.concat(kept).toString()).toBe('one two');
  });

  test('copy: false hands over views of the caller\'s memory', async () => {
    const pt = new PassThrough();
    const msg = text('hello');
    const shared = sharesMemory(pt, () => msg.buffer);
    await asyncWrite(fromWritable(pt, { copy: false }), msg, useFuture);
    expect(shared).toEqual([true]);
    msg.fill(0x58);
    expect((pt.read() as Buffer).toString()).toBe('XXXXX');
  });

  test('fromDuplex copies for a PassThrough by default, and takes copy: false', async () => {
    for (const [options, expected] of [[undefined, false], [{ copy: false }, true]] as const) {
      const pt = new PassThrough();
      const msg = text('duplex');
      const shared = sharesMemory(pt, () => msg.buffer);
      await asyncWrite(fromDuplex(pt, options), msg, useFuture);
      expect(shared).toEqual([expected]);
    }
  });

  test('a copy is of the same kind: an object-mode stream given a Buffer gets a Buffer, given a Uint8Array a Uint8Array', async () => {
    const got: unknown[] = [];
    const sink = new Writable({
      objectMode: true,
      write(chunk, _encoding, cb) {
        got.push(chunk);
        cb();
      },
    });
    const stream = fromWritable(sink);
    const buffer = Buffer.from('hi');
    const bytes = text('ok');
    await asyncWrite(stream, buffer, useFuture);
    await asyncWrite(stream, bytes, useFuture);
    expect(got.map((c) => [Buffer.isBuffer(c), c instanceof Uint8Array, String(Buffer.from(c as Uint8Array))])).toEqual([
      [true, true, 'hi'],
      [false, true, 'ok'],
    ]);
    expect(got[0]).not.toBe(buffer);
    expect((got[1] as Uint8Array).buffer).not.toBe(bytes.buffer);
  });

  test('a Uint8Array subclass whose constructor takes other arguments is copied as a plain Uint8Array', async () => {
    class Message extends Uint8Array {
      constructor(message: string) {
        super(new TextEncoder().encode(message));
      }
    }
    const pt = new PassThrough();
    expect(await asyncWrite(fromWritable(pt), new Message('hello'), useFuture)).toBe(5);
    expect((pt.read() as Buffer).toString()).toBe('hello');
  });

  test('options.copy must be a boolean', () => {
    expect(() => fromWritable(new PassThrough(), { copy: 'yes' as never })).toThrow(/^options\.copy must be a boolean, got/);
    expect(() => fromDuplex(new PassThrough(), { copy: 1 as never })).toThrow(/^options\.copy must be a boolean, got/);
  });
});

describe('fromWritable: the sinks that are done with a chunk when they call back get views', () => {
  test('a net.Socket (the bytes have gone to the kernel)', async () => {
    const conn = await hashingPeer();
    const msg = text('to the kernel');
    const shared = sharesMemory(conn.client, () => msg.buffer);
    expect(await asyncWrite(fromWritable(conn.client), msg, useFuture)).toBe(msg.length);
    expect(shared).toEqual([true]);
    conn.client.end();
    expect((await conn.received).bytes).toBe(msg.length);
    await conn.close();
  });

  test('an fs.WriteStream (the bytes are written), unless copy: true', async () => {
    const dir = await fsp.mkdtemp(join(tmpdir(), 'asio-ts-copy-'));
    try {
      const file = createWriteStream(join(dir, 'out'));
      const msg = text('to the file');
      const shared = sharesMemory(file, () => msg.buffer);
      await asyncWrite(fromWritable(file), msg, useFuture);
      await asyncWrite(fromWritable(file, { copy: true }), msg, useFuture);
      expect(shared).toEqual([true, false]);
      file.end();
      await once(file, 'close');
      expect(await fsp.readFile(join(dir, 'out'), 'utf8')).toBe('to the fileto the file');
    } finally {
      await fsp.rm(dir, { recursive: true, force: true });
    }
  });
});

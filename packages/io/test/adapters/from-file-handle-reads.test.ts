// fromFileHandle reads: asyncReadSome from the file's position, eof, reads into sequences and
// cancellation, over a real file.
import { promises as fsp } from 'node:fs';
import { asTuple, errorIs, errors, IoContext, SystemError, useFuture } from '@asio-ts/core';
import { asyncReadAt, asyncWriteAt, fromFileHandle, Streambuf } from '@asio-ts/io';
import { startWrite } from '../helpers/adapter-probe.js';
import { data, openTemp, useTempDir } from '../helpers/temp-files.js';

useTempDir('asio-ts-from-file-handle-reads-');

describe('fromFileHandle reads', () => {
  const content = data.subarray(0, 300_000);

  test('asyncReadSome reads the file in order from its current position, then eof', async () => {
    const { fh } = await openTemp('r+', content);
    try {
      const stream = fromFileHandle(fh);
      expect(stream.readPosition()).toBeNull();
      const parts: Uint8Array[] = [];
      for (;;) {
        const buf = new Uint8Array(65_536);
        const [err, n] = await stream.asyncReadSome(buf, asTuple(useFuture));
        if (err !== null) {
          expect(errorIs(err, errors.eof)).toBe(true);
          expect(n).toBe(0);
          break;
        }
        expect(n).toBeGreaterThan(0);
        parts.push(buf.subarray(0, n));
      }
      expect(Buffer.concat(parts).equals(content)).toBe(true);
    } finally {
      await fh.close();
    }
  });

  test('option readPosition: reads start there and it advances; a buffer sequence is one readv', async () => {
    const { fh } = await openTemp('r', content);
    try {
      const stream = fromFileHandle(fh, { readPosition: 1000 });
      const a = new Uint8Array(10);
      const b = new Uint8Array(20);
      expect(await stream.asyncReadSome([a, b], useFuture)).toBe(30);
      expect(Buffer.concat([a, b]).equals(content.subarray(1000, 1030))).toBe(true);
      expect(stream.readPosition()).toBe(1030);
      const c = new Uint8Array(5);
      expect(await stream.asyncReadSome(c, useFuture)).toBe(5);
      expect(Buffer.from(c).equals(content.subarray(1030, 1035))).toBe(true);
      // Near the end: a short count, then eof.
      const tail = fromFileHandle(fh, { readPosition: content.length - 3 });
      expect(await tail.asyncReadSome(new Uint8Array(10), useFuture)).toBe(3);
      const [err] = await tail.asyncReadSome(new Uint8Array(10), asTuple(useFuture));
      expect(errorIs(err, errors.eof)).toBe(true);
    } finally {
      await fh.close();
    }
  });

  test('asyncReadSomeAt: at any offset, a short count at the end, eof at or past it; several in flight at once', async () => {
    const { fh } = await openTemp('r', content);
    try {
      const stream = fromFileHandle(fh);
      const offsets = [0, 77, 123_456, 299_990, 300_000, 400_000];
      const bufs = offsets.map(() => new Uint8Array(64));
      const results = await Promise.all(offsets.map((o, i) => stream.asyncReadSomeAt(o, bufs[i]!, asTuple(useFuture))));
      results.forEach(([err, n], i) => {
        const o = offsets[i]!;
        if (o >= content.length) {
          expect(errorIs(err, errors.eof)).toBe(true);
          expect(n).toBe(0);
        } else {
          expect(err).toBeNull();
          expect(n).toBe(Math.min(64, content.length - o));
          expect(Buffer.from(bufs[i]!.subarray(0, n)).equals(content.subarray(o, o + n))).toBe(true);
        }
      });
      // The file position did not move: a stream read still starts at 0.
      const first = new Uint8Array(4);
      expect(await stream.asyncReadSome(first, useFuture)).toBe(4);
      expect(Buffer.from(first).equals(content.subarray(0, 4))).toBe(true);
    } finally {
      await fh.close();
    }
  });

  test('asyncWriteSomeAt writes at the offset given; with asyncWriteAt / asyncReadAt the file is a random-access device', async () => {
    const { fh, path } = await openTemp('r+', Buffer.alloc(100, '.'));
    try {
      const stream = fromFileHandle(fh);
      expect(await stream.asyncWriteSomeAt(10, Buffer.from('abc'), useFuture)).toBe(3);
      expect(await stream.asyncWriteSomeAt(50, [Buffer.from('de'), Buffer.from('f')], useFuture)).toBe(3);
      expect(await asyncWriteAt(stream, 200, data.subarray(0, 150_000), useFuture)).toBe(150_000);
      const back = new Uint8Array(150_000);
      expect(await asyncReadAt(stream, 200, back, useFuture)).toBe(150_000);
      expect(Buffer.from(back).equals(data.subarray(0, 150_000))).toBe(true);
      const [err, n] = await asyncReadAt(stream, 150_100, new Uint8Array(200), asTuple(useFuture));
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(100);
      const sb = new Streambuf();
      const [err2, m] = await asyncReadAt(stream, 0, sb, asTuple(useFuture));
      expect(errorIs(err2, errors.eof)).toBe(true);
      expect(m).toBe(150_200);
      const file = await fsp.readFile(path);
      expect(file.subarray(0, 60).toString()).toBe('.'.repeat(10) + 'abc' + '.'.repeat(37) + 'def' + '.'.repeat(7));
      expect(Buffer.from(sb.data()).equals(file)).toBe(true);
    } finally {
      await fh.close();
    }
  });

  test('one stream read and one stream write in flight independently; a second read gets alreadyStarted', async () => {
    const { fh } = await openTemp('r+', content);
    try {
      const stream = fromFileHandle(fh, { position: content.length, readPosition: 0 });
      const buf = new Uint8Array(1000);
      const read = startWrite((h) => stream.asyncReadSome(buf, h));
      const write = startWrite((h) => stream.asyncWriteSome(Buffer.from('tail'), h));
      const second = startWrite((h) => stream.asyncReadSome(new Uint8Array(1), h));
      const [e2] = await second.done;
      expect(errorIs(e2, errors.alreadyStarted)).toBe(true);
      expect(await read.done).toEqual([null, 1000]);
      expect(await write.done).toEqual([null, 4]);
      expect(read.ranInside() || write.ranInside() || second.ranInside()).toBe(false);
    } finally {
      await fh.close();
    }
  });

  test('reads on a closed handle complete with badDescriptor, not inside the call', async () => {
    const { fh } = await openTemp('w', content);
    const stream = fromFileHandle(fh);
    await fh.close();
    for (const r of [startWrite((h) => stream.asyncReadSome(new Uint8Array(4), h)), startWrite((h) => stream.asyncReadSomeAt(0, new Uint8Array(4), h))]) {
      const [err, n] = await r.done;
      expect(errorIs(err, errors.badDescriptor)).toBe(true);
      expect(n).toBe(0);
      expect(r.ranInside()).toBe(false);
    }
  });

  test('with an IoContext, run() waits for positional operations; empty buffers complete at once with 0', async () => {
    const { fh } = await openTemp('r+', content);
    try {
      const ioc = new IoContext();
      const stream = fromFileHandle(fh, { executor: ioc });
      const got: number[] = [];
      stream.asyncReadSomeAt(5, new Uint8Array(10), (_e, n) => got.push(n));
      stream.asyncWriteSomeAt(5, new Uint8Array(0), (_e, n) => got.push(n));
      await ioc.run();
      expect(got.sort()).toEqual([0, 10]);
    } finally {
      await fh.close();
    }
  });

  test("a handle-like object that throws inside the call: its writes and reads (positional or not) complete with its error as a SystemError, not inside the call", async () => {
    const thrown = (): never => {
      throw Object.assign(new Error('i/o error'), { code: 'EIO', errno: -5, syscall: 'write' });
    };
    const handle = { fd: 7, read: thrown, readv: thrown, write: thrown, writev: thrown, close: async () => {} };
    const stream = fromFileHandle(handle);
    for (const start of [
      (h: (err: SystemError | null, n: number) => void) => stream.asyncWriteSomeAt(0, data.subarray(0, 10), h),
      (h: (err: SystemError | null, n: number) => void) => stream.asyncReadSomeAt(0, new Uint8Array(10), h),
      (h: (err: SystemError | null, n: number) => void) => stream.asyncWriteSome(data.subarray(0, 10), h),
      (h: (err: SystemError | null, n: number) => void) => stream.asyncReadSome(new Uint8Array(10), h),
    ]) {
      const r = startWrite(start);
      const [err, n] = await r.done;
      expect(r.ranInside()).toBe(false);
      expect(err).toBeInstanceOf(SystemError);
      expect([err?.code, n]).toEqual(['EIO', 0]);
    }
  });

  test('bad arguments of the reads throw naming them', async () => {
    const { fh } = await openTemp('w+');
    try {
      expect(() => fromFileHandle(fh, { readPosition: -1 })).toThrow(/^options\.readPosition must be a non-negative integer/);
      expect(() => fromFileHandle({ fd: 3, write: () => {}, writev: () => {} } as never)).toThrow(/^fileHandle must be an fs\.promises FileHandle/);
      const stream = fromFileHandle(fh);
      expect(() => stream.asyncReadSomeAt(-1, new Uint8Array(1), () => {})).toThrow(/^offset must be a non-negative integer/);
      expect(() => stream.asyncWriteSomeAt(0, 'x' as never, () => {})).toThrow(/^buffers must be/);
      expect(() => stream.asyncReadSomeAt(0, new Uint8Array(1), 5 as never)).toThrow(/^token/);
      expect(() => stream.asyncReadSome(5 as never, () => {})).toThrow(/^buffers/);
    } finally {
      await fh.close();
    }
  });
});

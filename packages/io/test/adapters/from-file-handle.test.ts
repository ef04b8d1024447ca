import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants, existsSync, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  asTuple,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncReadAt, asyncWrite, asyncWriteAt, ByteVector, dynamicBuffer, fromFileHandle, Streambuf } from '@asio-ts/io';
import { startWrite, writeUnderRun } from '../helpers/adapter-probe.js';

let dir = '';
beforeAll(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'asio-ts-from-file-handle-'));
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

let fileCount = 0;
async function openTemp(flags = 'w', content?: Uint8Array): Promise<{ fh: FileHandle; path: string }> {
  const path = join(dir, `f${fileCount++}.bin`);
  if (content !== undefined) await fsp.writeFile(path, content);
  return { fh: await fsp.open(path, flags), path };
}

const data = randomBytes(2 * 1024 * 1024 + 77);

describe('fromFileHandle', () => {
  test('bad arguments throw naming them', async () => {
    expect(() => fromFileHandle({} as never)).toThrow(/^fileHandle must be an fs\.promises FileHandle/);
    const { fh } = await openTemp();
    try {
      expect(() => fromFileHandle(fh, 'x' as never)).toThrow(/^options must be an object/);
      expect(() => fromFileHandle(fh, { position: -1 })).toThrow(RangeError);
      expect(() => fromFileHandle(fh, { position: -1 })).toThrow(/^options\.position/);
      expect(() => fromFileHandle(fh, { position: '3' as never })).toThrow(TypeError);
      expect(() => fromFileHandle(fh, { executor: {} as never })).toThrow(/^options\.executor/);
    } finally {
      await fh.close();
    }
  });

  test('asyncWrite of a buffer, a buffer sequence and a Streambuf reads back byte for byte', async () => {
    const { fh, path } = await openTemp();
    const stream = fromFileHandle(fh);
    expect(stream.position()).toBeNull();
    const first = startWrite((h) => asyncWrite(stream, data, h));
    expect(await first.done).toEqual([null, data.length]);
    expect(first.ranInside()).toBe(false);
    const seq = [data.subarray(0, 1000), new Uint8Array(0), data.subarray(1000, 70_000), data.subarray(70_000)];
    await expect(asyncWrite(stream, seq, useFuture)).resolves.toBe(data.length);
    const sb = new Streambuf();
    sb.sputn(data);
    expect(await asyncWrite(stream, sb)).toBe(data.length);
    expect(sb.size()).toBe(0);
    await fh.close();
    expect((await fsp.readFile(path)).equals(Buffer.concat([data, data, data]))).toBe(true);
    expect(first.calls()).toBe(1);
  });

  test('asyncWriteSome reports the bytesWritten of one write / writev call', async () => {
    const { fh, path } = await openTemp();
    const stream = fromFileHandle(fh);
    await expect(stream.asyncWriteSome(data.subarray(0, 5000), useFuture)).resolves.toBe(5000);
    await expect(stream.asyncWriteSome([data.subarray(5000, 6000), data.subarray(6000, 9000)], useFuture)).resolves.toBe(4000);
    await fh.close();
    expect((await fsp.readFile(path)).equals(data.subarray(0, 9000))).toBe(true);
  });

  test('option position: writes start there and it advances with each write; the rest of the file is kept', async () => {
    const original = Buffer.alloc(100, 'x');
    const { fh, path } = await openTemp('r+', original);
    const stream = fromFileHandle(fh, { position: 10 });
    expect(stream.position()).toBe(10);
    await expect(stream.asyncWriteSome(Buffer.from('abc'), useFuture)).resolves.toBe(3);
    expect(stream.position()).toBe(13);
    await expect(asyncWrite(stream, [Buffer.from('de'), Buffer.from('f')], useFuture)).resolves.toBe(3);
    expect(stream.position()).toBe(16);
    // Positional: the file's own position did not move, a plain write still goes to offset 0.
    await fh.write(Buffer.from('Z'));
    await fh.close();
    expect((await fsp.readFile(path)).toString()).toBe('Z' + 'x'.repeat(9) + 'abcdef' + 'x'.repeat(84));
  });

  test('without a position, writes follow the file position; a file opened for appending is appended to', async () => {
    const { fh, path } = await openTemp('a', Buffer.from('head:'));
    const stream = fromFileHandle(fh);
    await expect(asyncWrite(stream, Buffer.from('one,'), useFuture)).resolves.toBe(4);
    await expect(asyncWrite(stream, [Buffer.from('two'), Buffer.from(',three')], useFuture)).resolves.toBe(9);
    await fh.close();
    expect((await fsp.readFile(path)).toString()).toBe('head:one,two,three');
  });

  test('with an IoContext as the I/O executor, run() waits for the write', async () => {
    const { fh, path } = await openTemp();
    const ioc = new IoContext();
    const stream = fromFileHandle(fh, { executor: ioc });
    const ran = await writeUnderRun(ioc, (h) => asyncWrite(stream, data, h));
    expect(ran).toEqual({ outcome: [null, data.length], inContext: true, handlersRun: ran.handlersRun });
    expect(ran.handlersRun).toBeGreaterThan(0);
    await fh.close();
    expect((await fsp.stat(path)).size).toBe(data.length);
  });

  test('a second write while one is in flight completes with alreadyStarted; the first is untouched', async () => {
    const { fh, path } = await openTemp();
    const stream = fromFileHandle(fh);
    const first = startWrite((h) => stream.asyncWriteSome(data, h));
    const second = startWrite((h) => stream.asyncWriteSome(Buffer.from('nope'), h));
    const [err2, n2] = await second.done;
    expect(errorIs(err2, errors.alreadyStarted)).toBe(true);
    expect(n2).toBe(0);
    expect(second.ranInside()).toBe(false);
    expect(first.calls()).toBe(0);
    expect(await first.done).toEqual([null, data.length]);
    await fh.close();
    expect((await fsp.readFile(path)).equals(data)).toBe(true);
  });

  test('a write on a closed handle completes with badDescriptor, not inside the call', async () => {
    const { fh } = await openTemp();
    const stream = fromFileHandle(fh);
    await fh.close();
    const r = startWrite((h) => stream.asyncWriteSome(data, h));
    const [err, n] = await r.done;
    expect(errorIs(err, errors.badDescriptor)).toBe(true);
    expect(n).toBe(0);
    expect(r.ranInside()).toBe(false);
  });

  (existsSync('/dev/full') ? test : test.skip)('ENOSPC from the device maps to noSpaceOnDevice', async () => {
    const fh = await fsp.open('/dev/full', 'w');
    try {
      const [err, n] = await startWrite((h) => asyncWrite(fromFileHandle(fh), data, h)).done;
      expect(err).toBeInstanceOf(SystemError);
      expect(errorIs(err, errors.noSpaceOnDevice)).toBe(true);
      expect(n).toBe(0);
    } finally {
      await fh.close();
    }
  });

  test('cancellation cannot recall a submitted write: the real result is reported, asyncWrite stops between chunks', async () => {
    const { fh, path } = await openTemp();
    const stream = fromFileHandle(fh);
    const signal = new CancellationSignal();
    const some = startWrite((h) => stream.asyncWriteSome(data.subarray(0, 1000), bindCancellationSlot(signal.slot(), h)));
    // No slot handler: nothing the adapter could do with a cancellation.
    expect(signal.slot().hasHandler()).toBe(false);
    signal.emit(CancellationType.Terminal);
    expect(await some.done).toEqual([null, 1000]);

    const composed = startWrite((h) => asyncWrite(stream, data.subarray(1000), bindCancellationSlot(signal.slot(), h)));
    signal.emit(CancellationType.Terminal);
    const [err, n] = await composed.done;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    // The first chunk was already submitted: it was written and is counted.
    expect(n).toBe(65536);
    expect(signal.slot().hasHandler()).toBe(false);
    await fh.close();
    expect((await fsp.readFile(path)).equals(data.subarray(0, 1000 + 65536))).toBe(true);
  });
});

const hasMkfifo = process.platform !== 'win32' && spawnSync('mkfifo', ['--version']).status === 0;

/** A FIFO in the temp folder. */
function makeFifo(): string {
  const path = join(dir, `pipe${fileCount++}`);
  if (spawnSync('mkfifo', [path]).status !== 0) throw new Error(`mkfifo ${path} failed`);
  return path;
}

/** Everything readable from a non-blocking reader right now. */
async function drain(reader: FileHandle): Promise<Buffer> {
  const parts: Buffer[] = [];
  for (;;) {
    const buf = Buffer.alloc(65536);
    try {
      const { bytesRead } = await reader.read(buf, 0, buf.length, null);
      if (bytesRead === 0) break;
      parts.push(buf.subarray(0, bytesRead));
    } catch (e) {
      if ((e as { code?: string }).code === 'EAGAIN') break;
      throw e;
    }
  }
  return Buffer.concat(parts);
}

describe('fromFileHandle partial writes (a non-blocking pipe)', () => {
  // A pipe holds a bounded number of bytes (64 KiB on Linux by default): a non-blocking write of
  // more takes what fits and reports it, and the next write fails with EAGAIN. True partial
  // writes from the kernel, no mock.
  (hasMkfifo ? test : test.skip)('asyncWriteSome reports the short count; asyncWrite stops at EAGAIN keeping the unwritten rest', async () => {
    const fifo = makeFifo();
    const reader = await fsp.open(fifo, constants.O_RDONLY | constants.O_NONBLOCK);
    const writer = await fsp.open(fifo, constants.O_WRONLY | constants.O_NONBLOCK);
    try {
      const stream = fromFileHandle(writer);
      const big = data.subarray(0, 1024 * 1024);
      const [err1, n1] = await startWrite((h) => stream.asyncWriteSome(big, h)).done;
      expect(err1).toBeNull();
      expect(n1).toBeGreaterThan(0);
      expect(n1).toBeLessThan(big.length);
      expect((await drain(reader)).equals(big.subarray(0, n1))).toBe(true);

      const dyn = dynamicBuffer(new ByteVector(big));
      const [err2, n2] = await startWrite((h) => asyncWrite(stream, dyn, h)).done;
      expect(err2).toBeInstanceOf(SystemError);
      expect(errorIs(err2, errors.wouldBlock)).toBe(true);
      expect(n2).toBeGreaterThan(0);
      expect(n2).toBeLessThan(big.length);
      expect(dyn.size()).toBe(big.length - n2);
      expect(Buffer.from(dyn.data()).equals(big.subarray(n2))).toBe(true);
      expect((await drain(reader)).equals(big.subarray(0, n2))).toBe(true);
    } finally {
      await writer.close();
      await reader.close();
    }
  });
});

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

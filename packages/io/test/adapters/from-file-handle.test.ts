import { spawnSync } from 'node:child_process';
import { constants, existsSync, promises as fsp } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncWrite, ByteVector, dynamicBuffer, fromFileHandle, Streambuf } from '@asio-ts/io';
import { startWrite, writeUnderRun } from '../helpers/adapter-probe.js';
import { data, openTemp, tempPath, useTempDir } from '../helpers/temp-files.js';

useTempDir('asio-ts-from-file-handle-');

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
  const path = tempPath('pipe');
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

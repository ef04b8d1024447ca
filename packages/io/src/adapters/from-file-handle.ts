/**
 * `fromFileHandle`: an `fs.promises` FileHandle as an AsyncReadStream and AsyncWriteStream (true
 * partial reads and writes), and as an AsyncRandomAccessReadDevice and
 * AsyncRandomAccessWriteDevice (`asyncReadSomeAt`, `asyncWriteSomeAt`).
 */
import {
  CancellationType,
  errors,
  fromNodeError,
  makeError,
  type AsyncResult,
  type CompletionToken,
  type DeferredOperation,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import type { ConstBufferSequence, MutableBufferSequence } from '../buffers/buffer.js';
import { checkSize, describe, isUint8Array } from '../detail/check.js';
import type { ReadSignature } from '../read/async-read-stream.js';
import type { AsyncRandomAccessReadDevice } from '../random-access/read-device.js';
import type { AsyncRandomAccessWriteDevice } from '../random-access/write-device.js';
import type { WriteSignature } from '../write/async-write-stream.js';
import { AdapterBase, ReadAdapterBase } from './adapter-base.js';
import { checkOptions, optionsExecutor } from './adapter-options.js';
import type { FileHandleLike } from './node-like.js';
import { initiatePositional, type Positional } from './positional-operation.js';
import type { AdapterOptions, AdapterReadStream, AdapterWriteStream } from './stream-adapter.js';

/** The options of `fromFileHandle(fileHandle, options)`: where the stream reads and writes start. */
export interface FromFileHandleOptions extends AdapterOptions {
  /**
   * The file offset of the first write; each write advances it by the bytes written, so the
   * adapter writes a contiguous range whatever else moves the file position (positional writes,
   * pwrite/pwritev). Default `null`: write at the file's current position, which each write
   * advances, or at the end for a file opened for appending ('a').
   */
  position?: number | null;
  /**
   * The file offset of the first `asyncReadSome`; each read advances it by the bytes read
   * (positional reads, pread/preadv). Default `null`: read at the file's current position, which
   * each read advances (also for a pipe or a FIFO, where positional reads fail).
   */
  readPosition?: number | null;
}

/** A FileHandle as a stream and a random-access device (what `fromFileHandle` returns). */
export interface FileHandleStream<H extends FileHandleLike = FileHandleLike>
  extends AdapterWriteStream, AdapterReadStream, AsyncRandomAccessReadDevice, AsyncRandomAccessWriteDevice {
  /** The wrapped handle. */
  readonly fileHandle: H;
  /** The offset the next `asyncWriteSome` goes to, or null when writes go to the current position. */
  position(): number | null;
  /** The offset the next `asyncReadSome` reads from, or null when reads use the current position. */
  readPosition(): number | null;
  /**
   * Read some bytes at `offset` (Asio's `async_read_some_at`): one `read` / `readv` call at that
   * position, reporting its `bytesRead` (a short count at the end of the file), or `(errors.eof,
   * 0)` at or past the end. Any number may be in flight, independent of `asyncReadSome`.
   */
  asyncReadSomeAt(offset: number, buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSomeAt<T extends CompletionToken<ReadSignature>>(offset: number, buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  /**
   * Write some bytes at `offset` (Asio's `async_write_some_at`): one `write` / `writev` call at
   * that position, reporting its `bytesWritten` (which may be less than asked). Any number may be
   * in flight, independent of `asyncWriteSome`. (On Linux the kernel ignores the position of a
   * file opened for appending.)
   */
  asyncWriteSomeAt(offset: number, buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSomeAt<T extends CompletionToken<WriteSignature>>(offset: number, buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
}

/** The name of `FileHandleStream` from before the adapter read. */
export type FileHandleWriteStream<H extends FileHandleLike = FileHandleLike> = FileHandleStream<H>;

function isFileHandleLike(x: unknown): x is FileHandleLike {
  if (typeof x !== 'object' || x === null) return false;
  const h = x as Partial<Record<'fd' | 'read' | 'readv' | 'write' | 'writev', unknown>>;
  return (
    typeof h.fd === 'number' &&
    typeof h.read === 'function' &&
    typeof h.readv === 'function' &&
    typeof h.write === 'function' &&
    typeof h.writev === 'function'
  );
}

function optionalPosition(name: string, value: unknown): number | null {
  return value === undefined || value === null ? null : checkSize(name, value);
}

function closedHandle(fh: FileHandleLike): SystemError | null {
  return fh.fd === -1 ? makeError(errors.badDescriptor, 'file handle closed') : null;
}

interface ReadResult {
  bytesRead: number;
}
interface WriteResult {
  bytesWritten: number;
}

function readAt(fh: FileHandleLike, buffers: BufferList, size: number, position: number | null): Promise<ReadResult> {
  return isUint8Array(buffers) ? fh.read(buffers, 0, size, position) : position === null ? fh.readv(buffers) : fh.readv(buffers, position);
}

function writeAt(fh: FileHandleLike, buffers: BufferList, size: number, position: number | null): Promise<WriteResult> {
  return isUint8Array(buffers) ? fh.write(buffers, 0, size, position) : position === null ? fh.writev(buffers) : fh.writev(buffers, position);
}

/** `asyncReadSome`: one read at a time, at the read position it advances. */
class FileReads extends ReadAdapterBase {
  readonly #fh: FileHandleLike;
  #position: number | null;
  readonly #onRead = (result: ReadResult): void => {
    if (!this.inFlight()) return;
    const n = result.bytesRead;
    if (n === 0) return this.complete(makeError(errors.eof), 0);
    if (this.#position !== null) this.#position += n;
    this.complete(null, n);
  };
  readonly #onFailed = (err: unknown): void => this.complete(fromNodeError(err), 0);

  constructor(fh: FileHandleLike, executor: Executor, position: number | null) {
    // A read is submitted to libuv inside asyncReadSome and cannot be recalled: no slot handler.
    // The buffers are handed to libuv at once, so no copy of their array is needed.
    super(executor, CancellationType.None);
    this.#fh = fh;
    this.#position = position;
  }

  position(): number | null {
    return this.#position;
  }

  protected operationFailure(): SystemError | null {
    return closedHandle(this.#fh);
  }

  protected startOperation(buffers: BufferList, size: number): void {
    readAt(this.#fh, buffers, size, this.#position).then(this.#onRead, this.#onFailed);
  }
}

/** `asyncReadSomeAt`: pread/preadv at the offset given; `bytesRead` 0 is the end of the file. */
function positionalReads(fh: FileHandleLike, executor: Executor): Positional {
  return {
    executor,
    failure: () => closedHandle(fh),
    start: (offset, buffers, size, work) => {
      readAt(fh, buffers, size, offset).then(
        (r) => (r.bytesRead === 0 ? work.complete2(makeError(errors.eof), 0) : work.complete2(null, r.bytesRead)),
        (e: unknown) => work.complete2(fromNodeError(e), 0),
      );
    },
  };
}

/** `asyncWriteSomeAt`: pwrite/pwritev at the offset given. */
function positionalWrites(fh: FileHandleLike, executor: Executor): Positional {
  return {
    executor,
    failure: () => closedHandle(fh),
    start: (offset, buffers, size, work) => {
      writeAt(fh, buffers, size, offset).then(
        (r) => work.complete2(null, r.bytesWritten),
        (e: unknown) => work.complete2(fromNodeError(e), 0),
      );
    },
  };
}

class FileHandleAdapter<H extends FileHandleLike> extends AdapterBase implements FileHandleStream<H> {
  readonly fileHandle: H;
  #position: number | null;
  readonly #reads: FileReads;
  readonly #readsAt: Positional;
  readonly #writesAt: Positional;
  readonly #onWritten = (result: WriteResult): void => {
    if (!this.inFlight()) return;
    const n = result.bytesWritten;
    if (this.#position !== null) this.#position += n;
    this.complete(null, n);
  };
  readonly #onFailed = (err: unknown): void => this.complete(fromNodeError(err), 0);

  constructor(fileHandle: H, options: FromFileHandleOptions) {
    const executor = optionsExecutor(options);
    // A write is submitted to libuv inside asyncWriteSome and cannot be recalled, so no
    // cancellation type can change its outcome: the adapter installs no slot handler.
    super(executor, CancellationType.None);
    this.fileHandle = fileHandle;
    this.#position = optionalPosition('options.position', options.position);
    this.#reads = new FileReads(fileHandle, executor, optionalPosition('options.readPosition', options.readPosition));
    this.#readsAt = positionalReads(fileHandle, executor);
    this.#writesAt = positionalWrites(fileHandle, executor);
  }

  position(): number | null {
    return this.#position;
  }

  readPosition(): number | null {
    return this.#reads.position();
  }

  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: CompletionToken<ReadSignature>): unknown {
    return this.#reads.asyncReadSome(buffers, token as CompletionToken<ReadSignature>);
  }

  asyncReadSomeAt(offset: number, buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSomeAt<T extends CompletionToken<ReadSignature>>(offset: number, buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSomeAt(offset: number, buffers: MutableBufferSequence, token?: unknown): unknown {
    return initiatePositional(this.#readsAt, offset, buffers, token);
  }

  asyncWriteSomeAt(offset: number, buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSomeAt<T extends CompletionToken<WriteSignature>>(offset: number, buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSomeAt(offset: number, buffers: ConstBufferSequence, token?: unknown): unknown {
    return initiatePositional(this.#writesAt, offset, buffers, token);
  }

  protected operationFailure(): SystemError | null {
    return closedHandle(this.fileHandle);
  }

  protected startOperation(buffers: BufferList, size: number): void {
    writeAt(this.fileHandle, buffers, size, this.#position).then(this.#onWritten, this.#onFailed);
  }
}

/**
 * An `fs.promises` FileHandle as an AsyncWriteStream and AsyncReadStream, and as a random-access
 * device for `asyncReadAt` / `asyncWriteAt`.
 *
 * - `asyncWriteSome(buffers, token)` makes one `write` (one buffer) or `writev` (several) call
 *   and reports its `bytesWritten`, which may be less than asked (a true partial write, e.g. at
 *   a file size limit); `asyncWrite` then writes the rest. `options.position` starts the writes
 *   at an offset and is advanced by each write.
 * - `asyncReadSome(buffers, token)` makes one `read` / `readv` call and reports its `bytesRead`
 *   (a short count when less is there); at the end of the file it completes with
 *   `(errors.eof, 0)`. `options.readPosition` starts the reads at an offset and is advanced by
 *   each read. One read and one write may be in flight at a time, independently; a second of
 *   either completes with `alreadyStarted`.
 * - `asyncReadSomeAt(offset, buffers, token)` and `asyncWriteSomeAt(offset, buffers, token)` are
 *   the positional forms (pread/pwrite), reporting the partial counts the handle reports and eof
 *   at or past the end; any number may be in flight.
 * - Errors are mapped with `fromNodeError` (ENOSPC → noSpaceOnDevice, EBADF → badDescriptor,
 *   EAGAIN → wouldBlock, ...); an operation on a closed handle completes with badDescriptor.
 * - Cancellation: every operation is submitted to libuv inside its initiating call, before any
 *   cancellation can arrive, and a submitted request cannot be recalled, so the handler always
 *   reports the real result; the composed operations stop with `operationAborted` between steps.
 *
 * Every handler gets `(err, bytesTransferred)`.
 *
 * @example
 * ```ts
 * import { open } from 'node:fs/promises';
 * import { asTuple, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncRead, asyncWrite, fromFileHandle } from '@asio-ts/io';
 *
 * const handle = await open('notes.txt', 'w+');
 * // Writes and reads from offset 0, each advancing its own position.
 * const file = fromFileHandle(handle, { position: 0, readPosition: 0 });
 * await asyncWrite(file, new TextEncoder().encode('one\ntwo\n'), useFuture);
 * const sb = new Streambuf();
 * const [err, n] = await asyncRead(file, sb, asTuple(useFuture)); // until the end of the file
 * console.log(err?.code, n, file.position()); // EOF 8 8
 * await handle.close();
 * ```
 */
export function fromFileHandle<H extends FileHandleLike>(fileHandle: H, options?: FromFileHandleOptions): FileHandleStream<H> {
  if (!isFileHandleLike(fileHandle)) throw new TypeError(`fileHandle must be an fs.promises FileHandle, got ${describe(fileHandle)}`);
  return new FileHandleAdapter(fileHandle, checkOptions<FromFileHandleOptions>(options));
}

/**
 * `fromFileHandle`: an `fs.promises` FileHandle as an AsyncWriteStream with true partial writes.
 */
import type { FileHandle } from 'node:fs/promises';
import { CancellationType, errors, fromNodeError, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { checkSize, describe, isUint8Array } from '../detail/check.js';
import { AdapterBase } from './adapter-base.js';
import { checkOptions, optionsExecutor } from './adapter-options.js';
import type { AdapterOptions, AdapterWriteStream } from './stream-adapter.js';

export interface FromFileHandleOptions extends AdapterOptions {
  /**
   * The file offset of the first write; each write advances it by the bytes written, so the
   * adapter writes a contiguous range whatever else moves the file position (positional writes,
   * pwrite/pwritev). Default `null`: write at the file's current position, which each write
   * advances, or at the end for a file opened for appending ('a').
   */
  position?: number | null;
}

/** A FileHandle as an AsyncWriteStream (what `fromFileHandle` returns). */
export interface FileHandleWriteStream extends AdapterWriteStream {
  /** The wrapped handle. */
  readonly fileHandle: FileHandle;
  /** The offset the next write goes to, or null when writes go to the current position. */
  position(): number | null;
}

function isFileHandleLike(x: unknown): x is FileHandle {
  if (typeof x !== 'object' || x === null) return false;
  const h = x as Partial<Record<'fd' | 'write' | 'writev', unknown>>;
  return typeof h.fd === 'number' && typeof h.write === 'function' && typeof h.writev === 'function';
}

interface WriteResult {
  bytesWritten: number;
}

class FileHandleAdapter extends AdapterBase implements FileHandleWriteStream {
  readonly fileHandle: FileHandle;
  #position: number | null;
  readonly #onWritten = (result: WriteResult): void => {
    if (!this.inFlight()) return;
    const n = result.bytesWritten;
    if (this.#position !== null) this.#position += n;
    this.complete(null, n);
  };
  readonly #onFailed = (err: unknown): void => this.complete(fromNodeError(err), 0);

  constructor(fileHandle: FileHandle, options: FromFileHandleOptions) {
    // A write is submitted to libuv inside asyncWriteSome and cannot be recalled, so no
    // cancellation type can change its outcome: the adapter installs no slot handler.
    super(optionsExecutor(options), CancellationType.None);
    this.fileHandle = fileHandle;
    const position = options.position;
    this.#position = position === undefined || position === null ? null : checkSize('options.position', position);
  }

  position(): number | null {
    return this.#position;
  }

  protected operationFailure(): SystemError | null {
    return this.fileHandle.fd === -1 ? makeError(errors.badDescriptor, 'file handle closed') : null;
  }

  protected startOperation(buffers: BufferList, size: number): void {
    const fh = this.fileHandle;
    const written: Promise<WriteResult> = isUint8Array(buffers)
      ? fh.write(buffers, 0, size, this.#position)
      : fh.writev(buffers as Uint8Array[], this.#position ?? undefined);
    written.then(this.#onWritten, this.#onFailed);
  }
}

/**
 * An `fs.promises` FileHandle as an AsyncWriteStream.
 *
 * - `asyncWriteSome(buffers, token)` makes one `write` (one buffer) or `writev` (several) call
 *   and reports its `bytesWritten`, which may be less than asked (a true partial write, e.g. at
 *   a file size limit); `asyncWrite` then writes the rest. Errors are mapped with
 *   `fromNodeError` (ENOSPC → noSpaceOnDevice, EBADF → badDescriptor, ...); a write on a
 *   closed handle completes with badDescriptor.
 * - `options.position` starts the writes at an offset and is advanced by each write.
 * - Cancellation: the write is submitted to libuv inside `asyncWriteSome`, before any
 *   cancellation can arrive, and a submitted write cannot be recalled, so the handler always
 *   reports the real result; `asyncWrite` stops with `operationAborted` between chunks.
 */
export function fromFileHandle(fileHandle: FileHandle, options?: FromFileHandleOptions): FileHandleWriteStream {
  if (!isFileHandleLike(fileHandle)) throw new TypeError(`fileHandle must be an fs.promises FileHandle, got ${describe(fileHandle)}`);
  return new FileHandleAdapter(fileHandle, checkOptions<FromFileHandleOptions>(options));
}

/**
 * `fromWritable`: any Node `stream.Writable` (net.Socket, tls.TLSSocket, fs.WriteStream, a
 * custom Writable) as an AsyncWriteStream.
 */
import type { Writable } from 'node:stream';
import { CancellationType, errors, fromNodeError, makeError, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { describe, isUint8Array } from '../detail/check.js';
import { AdapterBase } from './adapter-base.js';
import { booleanOption, checkOptions, optionsExecutor } from './adapter-options.js';
import { ChunkTally } from './chunk-tally.js';
import type { AdapterOptions, AdapterWriteStream } from './stream-adapter.js';

export interface FromWritableOptions extends AdapterOptions {
  /**
   * What terminal cancellation of a write in flight does. `true` (default): destroy the stream
   * and complete at once with `operationAborted`. `false`: leave the stream alone; the write
   * completes when the stream has taken its bytes (so `asyncWrite` stops between chunks with
   * `operationAborted`, and the stream stays usable).
   */
  destroyOnCancel?: boolean;
}

/** A Node Writable as an AsyncWriteStream (what `fromWritable` returns). */
export interface WritableWriteStream extends AdapterWriteStream {
  /** The wrapped stream. */
  readonly writable: Writable;
}

function isWritableLike(x: unknown): x is Writable {
  if (typeof x !== 'object' || x === null) return false;
  const w = x as Partial<Record<'write' | 'cork' | 'uncork' | 'destroy' | 'on' | 'removeListener', unknown>>;
  return (
    typeof w.write === 'function' &&
    typeof w.cork === 'function' &&
    typeof w.uncork === 'function' &&
    typeof w.destroy === 'function' &&
    typeof w.on === 'function' &&
    typeof w.removeListener === 'function'
  );
}

/** The error a write on a dead stream gets: the stream's own error, else a broken pipe. */
function deadStreamError(w: Writable): SystemError {
  const stored = w.errored;
  if (stored !== null && stored !== undefined) return fromNodeError(stored);
  return makeError(errors.brokenPipe, w.destroyed ? 'stream destroyed' : 'write after end');
}

class WritableAdapter extends AdapterBase implements WritableWriteStream {
  readonly writable: Writable;
  readonly #tally = new ChunkTally();
  #listening = false;
  // Bound once: a write in flight needs no closure of its own.
  readonly #onWrite = (err?: Error | null): void => this.#written(err);
  readonly #onError = (err: Error): void => {
    if (this.inFlight()) this.#end(fromNodeError(err));
  };
  readonly #onClose = (): void => {
    if (this.inFlight()) this.#end(deadStreamError(this.writable));
    this.#unlisten();
  };

  constructor(writable: Writable, options: FromWritableOptions) {
    super(optionsExecutor(options), booleanOption('options.destroyOnCancel', options.destroyOnCancel, true) ? CancellationType.Terminal : CancellationType.None);
    this.writable = writable;
  }

  protected operationFailure(): SystemError | null {
    const w = this.writable;
    return w.destroyed || (w.errored !== null && w.errored !== undefined) || w.writableEnded ? deadStreamError(w) : null;
  }

  protected startOperation(buffers: BufferList, _size: number): void {
    const w = this.writable;
    const count = this.#tally.reset(buffers);
    this.#listen();
    if (isUint8Array(buffers)) {
      w.write(buffers, this.#onWrite);
      return;
    }
    // Several buffers: corked, they reach the stream's `_writev` (one writev(2) for a socket).
    if (count > 1) w.cork();
    try {
      for (let i = 0; i < buffers.length; i++) {
        const b = buffers[i]!;
        if (b.length > 0) w.write(b, this.#onWrite);
      }
    } finally {
      if (count > 1) w.uncork();
    }
  }

  protected override startFailed(err: SystemError): void {
    this.#end(err);
  }

  protected override cancelOperation(): void {
    // Destroy first: the handler may run inside `#end` (an inline executor) and must find the
    // stream dead. What the kernel already took cannot be recalled; it is not counted.
    this.writable.destroy();
    this.#end(makeError(errors.operationAborted));
  }

  #written(err: Error | null | undefined): void {
    if (!this.inFlight()) return; // a late report for a write that already failed or was cancelled
    if (err !== null && err !== undefined) return this.#end(fromNodeError(err));
    // A socket destroyed with the write still in libuv reports success without having sent it.
    if (this.writable.destroyed) return this.#end(deadStreamError(this.writable));
    if (this.#tally.confirm()) this.#end(null);
  }

  /**
   * Complete with the bytes the stream confirmed. After a failure the 'error'/'close' listeners
   * stay until the stream emits 'close', so an 'error' the stream emits after the handler has
   * its error does not become an uncaught exception (a stream can be `closed` already with that
   * 'error' still to come: Node emits it on a later tick); a dead stream starts no more writes,
   * so they never pile up.
   */
  #end(err: SystemError | null): void {
    const n = this.#tally.confirmed();
    this.#tally.clear();
    if (err === null) this.#unlisten();
    this.complete(err, n);
  }

  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    this.writable.on('error', this.#onError);
    this.writable.on('close', this.#onClose);
  }

  #unlisten(): void {
    if (!this.#listening) return;
    this.#listening = false;
    this.writable.removeListener('error', this.#onError);
    this.writable.removeListener('close', this.#onClose);
  }
}

/**
 * A Node `stream.Writable` as an AsyncWriteStream.
 *
 * - `asyncWriteSome(buffers, token)` hands every byte of `buffers` to the stream (several
 *   buffers corked, so a socket writes them with one writev) and completes once the stream's
 *   write callbacks have fired: the stream then holds no reference to the caller's memory, and
 *   its buffer holds none of these bytes, which is the backpressure (at most one write's bytes
 *   are queued). The handler gets `(null, size)`, or the error and the bytes of the buffers the
 *   stream confirmed before it.
 * - Errors are mapped with `fromNodeError` (EPIPE → brokenPipe, ECONNRESET → connectionReset,
 *   ERR_STREAM_DESTROYED → brokenPipe, ...). A write on a destroyed, errored or ended stream
 *   completes with the stream's error (or brokenPipe), never a throw.
 * - Terminal cancellation (the handler's cancellation slot) destroys the stream and completes
 *   with `operationAborted` and the bytes confirmed so far (bytes handed over but not confirmed
 *   may or may not have left; they are not counted, so the count never overstates). Partial
 *   and total cancellation cannot recall bytes from the kernel: they are ignored here, and
 *   `asyncWrite` stops between chunks.
 * - While a write is in flight the adapter listens for 'error' and 'close' on the stream, and
 *   removes those listeners when it completes (after a failure, when the stream closes).
 */
export function fromWritable(writable: Writable, options?: FromWritableOptions): WritableWriteStream {
  if (!isWritableLike(writable)) throw new TypeError(`writable must be a Node stream.Writable, got ${describe(writable)}`);
  return new WritableAdapter(writable, checkOptions<FromWritableOptions>(options));
}

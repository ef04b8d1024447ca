/**
 * `fromWritable`: any Node `stream.Writable` (net.Socket, tls.TLSSocket, fs.WriteStream, a
 * custom Writable) as an AsyncWriteStream.
 */
import type { Writable } from 'node:stream';
import { CancellationType, errors, fromNodeError, makeError, type SystemError } from '@asio-ts/core';
import {
  AdapterBase,
  booleanOption,
  checkOptions,
  ChunkTally,
  optionsExecutor,
} from './detail/adapter-base.js';
import type { BufferList } from './detail/buffer-list.js';
import { describe, isUint8Array } from './detail/check.js';
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

/**
 * The listeners every adapter over one stream shares: one 'error', one 'close' and one 'finish'
 * listener per stream, put on at the first write and kept until the stream closes or finishes.
 * Adding and removing listeners per write cost more than a small socket write; with them shared
 * per stream, any number of adapters over one stream (one per call, say, over process.stdout)
 * still add only these three.
 */
class StreamWatch {
  readonly #writable: Writable;
  /** The adapters over this stream with a write in flight. */
  readonly inFlight = new Set<WritableAdapter>();
  /** A write over this stream already failed: a later 'error' is the stream's echo of it. */
  failed = false;
  /** Still listening (false once the stream closed or finished). */
  active = true;

  constructor(writable: Writable) {
    this.#writable = writable;
    // First in line, so that counting 'error' listeners still sees a `once` listener of the
    // application's, which Node removes just before calling it.
    writable.prependListener('error', this.#onError);
    writable.on('close', this.#onClose);
    writable.on('finish', this.#onFinish);
  }

  readonly #onError = (err: Error): void => {
    if (this.inFlight.size > 0) {
      for (const adapter of [...this.inFlight]) adapter.streamFailed(fromNodeError(err));
      return;
    }
    // No write in flight, and nobody else listens: behave as if this listener were not there,
    // as Node's EventEmitter does with an unheard 'error' (it throws it). The stream's echo of a
    // failure a handler already got is the exception, and is absorbed.
    if (!this.failed && this.#writable.listenerCount('error') === 1) throw err;
  };

  readonly #onClose = (): void => {
    for (const adapter of [...this.inFlight]) adapter.streamClosed();
    this.detach();
  };

  // After 'finish' no write can start (the stream has ended); without `emitClose` no 'close' follows.
  readonly #onFinish = (): void => {
    if (this.inFlight.size === 0) this.detach();
  };

  /** Stop listening: the stream closed or finished. */
  detach(): void {
    this.active = false;
    const w = this.#writable;
    w.removeListener('error', this.#onError);
    w.removeListener('close', this.#onClose);
    w.removeListener('finish', this.#onFinish);
    if (watches.get(w) === this) watches.delete(w);
  }
}

const watches = new WeakMap<Writable, StreamWatch>();

class WritableAdapter extends AdapterBase implements WritableWriteStream {
  readonly writable: Writable;
  readonly #tally = new ChunkTally();
  #watch: StreamWatch | null = null;
  // Bound once: a write in flight needs no closure of its own.
  readonly #onWrite = (err?: Error | null): void => this.#written(err);

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

  /** @internal The stream emitted 'error' during this adapter's write. */
  streamFailed(err: SystemError): void {
    if (this.inFlight()) this.#end(err);
  }

  /** @internal The stream closed during this adapter's write. */
  streamClosed(): void {
    if (this.inFlight()) this.#end(deadStreamError(this.writable));
  }

  /**
   * Complete with the bytes the stream confirmed. After a failure the stream's listeners stay
   * until it closes, so an 'error' the stream emits after the handler has its error does not
   * become an uncaught exception.
   */
  #end(err: SystemError | null): void {
    const n = this.#tally.confirmed();
    this.#tally.clear();
    const watch = this.#watch;
    if (watch !== null) {
      watch.inFlight.delete(this);
      if (err !== null) watch.failed = true;
      // A failure that closed the stream: its 'error' has been emitted (this runs inside it or
      // after it), so nothing is left to absorb, and its 'close' need not be waited for.
      if (err !== null && this.writable.closed && watch.inFlight.size === 0) watch.detach();
    }
    this.complete(err, n);
  }

  #listen(): void {
    const w = this.writable;
    let watch = this.#watch;
    // The watch goes when the stream closes or finishes; a later write (if the stream takes one)
    // finds or makes the stream's current one.
    if (watch === null || !watch.active) {
      watch = watches.get(w) ?? null;
      if (watch === null) {
        watch = new StreamWatch(w);
        watches.set(w, watch);
      }
      this.#watch = watch;
    }
    watch.inFlight.add(this);
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
 * - From the first write on, one 'error', one 'close' and one 'finish' listener sit on the
 *   stream, shared by every adapter over it, until the stream closes or finishes (adding and
 *   removing listeners per write cost more than a small write). While no write is in flight an
 *   'error' is left to Node's rules: thrown when nobody else listens for it, as an unheard
 *   'error' is, unless a handler already got a failure of this stream (then it is the stream's
 *   echo of that failure, and absorbed).
 */
export function fromWritable(writable: Writable, options?: FromWritableOptions): WritableWriteStream {
  if (!isWritableLike(writable)) throw new TypeError(`writable must be a Node stream.Writable, got ${describe(writable)}`);
  return new WritableAdapter(writable, checkOptions<FromWritableOptions>(options));
}

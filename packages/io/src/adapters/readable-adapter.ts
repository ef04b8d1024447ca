/**
 * The read side over a Node `stream.Readable`: what `fromReadable` returns and the read half of
 * `fromDuplex`.
 */
import { CancellationType, errors, fromNodeError, makeError, type Executor, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { describe } from '../detail/check.js';
import { ReadAdapterBase } from './adapter-base.js';
import type { ReadableLike } from './node-like.js';
import { checkNotAdapted, markAdapted } from './adapted-readables.js';
import { ChunkBytes, copyInto } from './read-chunks.js';

export function isReadableLike(x: unknown): x is ReadableLike {
  return typeof x === 'object' && x !== null && typeof (x as ReadableLike).read === 'function' && typeof (x as ReadableLike).on === 'function';
}

/**
 * Bytes are taken from the stream only while a read is in flight, and only as many as its
 * buffers hold: what the stream has buffered is pulled with `read(n)`; when it holds nothing, a
 * Node Readable is let flow (`resume()`) and each chunk arrives as a 'data' event, straight from
 * the source (a socket's chunk is then never buffered by the stream, so it keeps reading instead
 * of stopping and restarting at every chunk past its highWaterMark). A chunk that arrives with no
 * read in flight, or that the buffers cannot hold whole, keeps its rest in `#leftover` for the
 * next read, and the stream is paused: between reads it buffers at most its highWaterMark. A
 * stream without `pause`/`resume` is pulled on its 'readable' events instead. So a cancelled read
 * took nothing, and a read larger than what arrived completes with what is there.
 */
export class ReadableAdapter<R extends ReadableLike = ReadableLike> extends ReadAdapterBase {
  readonly readable: R;
  #ended = false;
  #error: SystemError | null = null;
  // A chunk that is not bytes came: the reads fail from there on, after what came before it.
  #failedOnChunk = false;
  #leftover: Uint8Array | null = null;
  // Strings (a stream with an encoding) count UTF-16 code units: a pair's first half waits here.
  readonly #bytes = new ChunkBytes();
  // The pending read's buffers and their size; null when no read is in flight.
  #buffers: BufferList | null = null;
  #capacity = 0;
  #pumping = false;
  // While a 'data' event delivers a completion: a read the handler starts meanwhile waits until
  // its initiating call returned, and `#completeFromData` serves it from the leftover.
  #inData = false;
  // 'data' events are the way chunks come (pause/resume exist, no one listens for 'readable').
  #flows: boolean;

  constructor(readable: R, executor: Executor) {
    // Nothing is taken from the stream until data is there, so every cancellation type is clean.
    // The buffers are kept (filled when data arrives), so the base copies their array.
    super(executor, CancellationType.Terminal | CancellationType.Partial | CancellationType.Total, true);
    checkNotAdapted('readable', readable);
    this.readable = readable;
    // A stream that ended or failed before the adapter was made emits nothing more.
    if (readable.errored !== null && readable.errored !== undefined) this.#error = fromNodeError(readable.errored);
    else if (readable.readableEnded === true) this.#ended = true;
    else if (readable.destroyed) this.#error = closedError();
    this.#flows = typeof readable.pause === 'function' && typeof readable.resume === 'function';
    if (this.#flows) {
      // Paused first, so that the 'data' listener does not start the flow; read(0) has Node fill
      // its buffer up to the highWaterMark meanwhile, as a 'readable' listener would.
      readable.pause!();
      readable.on('data', (chunk: unknown) => this.#onData(chunk));
      if (this.#error === null && !this.#ended) readable.read(0);
      // An owner's 'readable' listener stops the flow at once (resume() then does nothing), also
      // while a read waits: pull from then on.
      readable.on('newListener', (event) => {
        if (event === 'readable' && this.#flows) this.#pullOnReadable();
      });
    }
    // Without pause/resume, or with an owner's 'readable' listener already there: pulled.
    if (!this.#flows || (readable.listenerCount?.('readable') ?? 0) > 0) this.#pullOnReadable();
    readable.on('end', () => {
      this.#ended = true;
      this.#lastChunk();
    });
    readable.on('error', (e: unknown) => {
      if (this.#error === null) this.#error = fromNodeError(e);
      this.#lastChunk();
    });
    readable.on('close', () => {
      if (!this.#ended && this.#error === null) this.#error = closedError();
      this.#lastChunk();
    });
    markAdapted(readable);
  }

  // A 'readable' listener keeps the stream paused (Node buffers up to its highWaterMark, and
  // resume() does nothing while one listens): chunks are pulled with read() on each event.
  #pullOnReadable(): void {
    this.#flows = false;
    this.readable.on('readable', () => this.#pump());
    // A read waiting now: what the stream buffers comes as 'readable' events; ask for more.
    if (this.#buffers !== null) queueMicrotask(() => this.#pump());
  }

  // Nothing more comes: what the decoding kept back is read before the end or the error.
  #lastChunk(): void {
    const held = this.#bytes.flush();
    if (held !== null) this.#stash(held);
    this.#pump();
  }

  // A chunk that is not bytes fails the reads, after what the decoding kept back.
  #failOn(chunk: unknown): void {
    this.#failedOnChunk = true;
    const held = this.#bytes.flush();
    if (held !== null) this.#stash(held);
    this.#error ??= makeError(errors.invalidArgument, `the stream produced a chunk that is not bytes: ${describe(chunk)}`);
  }

  /** The stream was destroyed by its owner (`fromDuplex` after a cancelled write): reads fail with `err`. */
  fail(err: SystemError): void {
    if (this.#error === null && !this.#ended) this.#error = err;
    this.#pump();
  }

  protected operationFailure(): SystemError | null {
    // Buffered data is still delivered after an error or the end; `#pump` decides.
    return null;
  }

  protected startOperation(buffers: BufferList, size: number): void {
    this.#buffers = buffers;
    this.#capacity = size;
    // Inside a 'data' event's delivery, kept bytes are served once this call returned.
    if (this.#inData && this.#leftover !== null) return;
    this.#pump();
    // Called every time (a no-op on a flowing stream): the stream's owner may have paused it.
    if (this.#buffers !== null && this.#flows && this.#error === null && !this.#ended) this.readable.resume!();
  }

  // The stream threw while the read started (its resume() or read()): the read fails, and its
  // buffers are no longer filled by the chunks that come next.
  protected override startFailed(err: SystemError): void {
    this.#buffers = null;
    super.startFailed(err);
  }

  protected override cancelOperation(): void {
    this.#finish(makeError(errors.operationAborted), 0);
  }

  /** A chunk the flowing stream emitted: into the pending read, or kept for the next one. */
  #onData(chunk: unknown): void {
    // A chunk `#take` pulled with read(n) is emitted as 'data' too: it was taken already. One
    // after a chunk that was not bytes comes after the failure the reads report.
    if (this.#pumping || this.#failedOnChunk) return;
    const bytes = this.#bytes.of(chunk);
    const buffers = this.#buffers;
    if (bytes === null) {
      this.#failOn(chunk);
      this.readable.pause!();
      this.#pump();
      return;
    }
    if (bytes.length === 0) return;
    if (buffers === null) {
      this.#keep(bytes);
      return;
    }
    if (this.#leftover !== null) {
      // Kept bytes go first (a chunk the stream emitted while a handler ran, or before a posted
      // pump): this one waits behind them.
      this.#stash(bytes);
      if (!this.#inData) {
        this.#pump();
        this.#pauseIfIdle();
      }
      return;
    }
    const n = copyInto(buffers, 0, bytes);
    if (n < bytes.length) this.#stash(bytes.subarray(n));
    this.#completeFromData(n);
  }

  /**
   * Complete the pending read with the `n` bytes a 'data' event brought. A read the handler
   * starts meanwhile is served from the leftover here, once its initiating call returned: a
   * completion from a later callback (dispatched), not one posted from inside the call, which
   * would cost a read chain one queue hop per read whose buffers a chunk straddles.
   */
  #completeFromData(n: number): void {
    const outer = this.#inData;
    this.#inData = true;
    try {
      this.#finish(null, n);
      while (this.#buffers !== null && this.#leftover !== null) this.#pump();
    } catch (e) {
      // A handler threw: a read it started still gets its bytes, later.
      if (this.#buffers !== null) this.getExecutor().post(() => this.#pump());
      throw e;
    } finally {
      this.#inData = outer;
      this.#pauseIfIdle();
    }
    if (this.#buffers !== null && this.#error === null && !this.#ended) this.readable.resume!();
  }

  // Paused only if no read the handler started took the rest: a read chain that continues at
  // once keeps the stream flowing (a pause and resume per read would restart its flow).
  #pauseIfIdle(): void {
    if (this.#leftover !== null && this.#buffers === null) this.readable.pause!();
  }

  #keep(bytes: Uint8Array): void {
    this.#stash(bytes);
    this.readable.pause!();
  }

  #stash(bytes: Uint8Array): void {
    const left = this.#leftover;
    if (left === null) {
      this.#leftover = bytes;
    } else {
      const both = new Uint8Array(left.length + bytes.length);
      both.set(left);
      both.set(bytes, left.length);
      this.#leftover = both;
    }
  }

  /** Satisfy the pending read from the leftover and what the stream has buffered, if anything. */
  #pump(): void {
    const buffers = this.#buffers;
    if (buffers === null || this.#pumping) return;
    this.#pumping = true;
    let n: number;
    try {
      n = this.#take(buffers, this.#capacity);
    } finally {
      this.#pumping = false;
    }
    if (n > 0) this.#finish(null, n);
    else if (this.#error !== null) this.#finish(this.#error, 0);
    else if (this.#ended) this.#finish(makeError(errors.eof), 0);
  }

  #take(buffers: BufferList, capacity: number): number {
    let n = 0;
    const left = this.#leftover;
    if (left !== null) {
      n = copyInto(buffers, 0, left);
      this.#leftover = n < left.length ? left.subarray(n) : null;
      if (this.#leftover !== null) return n;
    }
    const r = this.readable;
    // After a chunk that is not bytes the reads fail: nothing the stream made after it comes first.
    while (n < capacity && !this.#failedOnChunk) {
      let chunk: unknown;
      if (r.readableObjectMode === true) {
        // `undefined` may be a chunk an object-mode stream holds: only null says none is buffered.
        const held = r.readableLength;
        chunk = r.read();
        if (chunk === null || (chunk === undefined && !(held > 0))) break;
      } else {
        const available = r.readableLength;
        if (available === 0) {
          // Nothing buffered: ask for more (and, at the end, for the 'end' event); a flowing
          // stream is resumed by `startOperation` instead.
          if (!this.#flows) r.read(0);
          break;
        }
        chunk = r.read(Math.min(capacity - n, available));
        if (chunk === null || chunk === undefined) break;
      }
      const bytes = this.#bytes.of(chunk);
      if (bytes === null) {
        this.#failOn(chunk);
        // What the decoding kept back (now the leftover) goes into this read, before the failure.
        const held = this.#leftover;
        if (held !== null) {
          const copied = copyInto(buffers, n, held);
          n += copied;
          this.#leftover = copied < held.length ? held.subarray(copied) : null;
        }
        break;
      }
      const copied = copyInto(buffers, n, bytes);
      n += copied;
      if (copied < bytes.length) {
        this.#leftover = bytes.subarray(copied);
        break;
      }
    }
    return n;
  }

  #finish(err: SystemError | null, n: number): void {
    this.#buffers = null;
    this.complete(err, n);
  }
}

function closedError(): SystemError {
  return makeError(errors.connectionReset, 'stream closed before its end');
}

/**
 * `WriteQueue`: what Asio users write by hand again and again (a deque of pending messages and a
 * write in flight): writes that may be started at any time, going out one composed `asyncWrite`
 * at a time, in call order, the ones queued meanwhile gathered into one write.
 */
import {
  asyncInitiate,
  CancellationType,
  deferred,
  errors,
  fromNodeError,
  HandlerWork,
  isTokenObject,
  makeError,
  type AsyncResult,
  type CompletionToken,
  type DeferredOperation,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import type { ConstBufferSequence } from '../buffers/buffer.js';
import { checkBufferSequence, describe, isUint8Array } from '../detail/check.js';
import { isAsyncWriteStream, type AsyncWriteStream, type WriteHandler, type WriteSignature } from './async-write-stream.js';
import { GuardedWriteOp } from './guarded-write-op.js';
import { done, inFlight, queued, QueuedWrite } from './queued-write.js';

// A queued write can be withdrawn by any kind of cancellation: it has touched nothing yet.
const supported = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

/**
 * Writes to one stream from anywhere, without overlapping: `queue.asyncWrite(buffers, token)` may
 * be called at any time, also while earlier writes are in flight.
 *
 * - Writes go out in call order, one composed `asyncWrite` at a time. The first starts at once;
 *   those queued while one is in flight go out together as one gathered write (a buffer sequence,
 *   so an adapter over a Node stream uses `writev`).
 * - Each handler gets its own `(err, bytesTransferred)`: its share of the gathered write. A write
 *   whose bytes all went out before a failure succeeds; the one in which the write stopped gets
 *   the error and the bytes of it that were written; the later ones in that batch get `(err, 0)`.
 * - After an error the queue is failed: the writes still queued, and every later one, complete
 *   with that error and write nothing (bytes after a partial write would corrupt the stream).
 * - A queued write cancelled through its handler's slot (any cancellation type) before it starts
 *   completes with `operationAborted`; its bytes never reach the stream. Once its batch started,
 *   its bytes are part of a write shared with others and the cancellation is ignored.
 * - Each write holds work on the stream's executor until its handler ran. Handlers never run
 *   inside `asyncWrite`.
 * - A stream that throws (a bug) fails the queue and the exception goes on: out of the
 *   `asyncWrite` call that started the write (whose handler then never runs, as with a throwing
 *   `asyncWrite`), or out of the context's `run()`; every other write completes, posted.
 *
 * The buffers' bytes must stay unchanged until the write's handler ran (the array is copied).
 * Nothing else may write to the stream while the queue is in use.
 *
 * @example
 * ```ts
 * import { IoContext } from '@asio-ts/core';
 * import { TestStream, WriteQueue } from '@asio-ts/io';
 *
 * const ioc = new IoContext();
 * const queue = new WriteQueue(new TestStream(ioc));
 * const encoder = new TextEncoder();
 * // Log lines from anywhere: no write waits for the one before.
 * for (const line of ['starting\n', 'ready\n']) queue.asyncWrite(encoder.encode(line), (err) => err && console.error(err));
 * await ioc.run();
 * ```
 */
export class WriteQueue {
  readonly #stream: AsyncWriteStream;
  /** Writes waiting for the next batch (cancelled ones are skipped when it starts). */
  #queued: QueuedWrite[] = [];
  /** How many of `#queued` are still waiting. */
  #waiting = 0;
  #inFlight: QueuedWrite[] | null = null;
  #error: SystemError | null = null;
  /** The write whose `asyncWrite` call is starting a batch now. */
  #caller: QueuedWrite | null = null;

  static readonly #initiate = (handler: WriteHandler, queue: WriteQueue, buffers: BufferList): void => queue.#start(handler, buffers);
  /** A queued write's cancellation: one function for the queue, told which write. */
  readonly #cancelEntry = (entry: QueuedWrite, type: CancellationType): void => {
    if ((type & supported) === 0 || entry.state !== queued) return;
    entry.state = done;
    entry.releaseSlot();
    this.#waiting--;
    entry.completePosted(makeError(errors.operationAborted), 0);
  };

  /** A queue of writes to `stream`, which nothing else writes to while the queue is in use. */
  constructor(stream: AsyncWriteStream) {
    if (!isAsyncWriteStream(stream)) {
      throw new TypeError(`stream must be an AsyncWriteStream (getExecutor() and asyncWriteSome()), got ${describe(stream)}`);
    }
    this.#stream = stream;
  }

  /**
   * The stream's executor: where handlers run by default.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { TestStream, WriteQueue } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * console.log(new WriteQueue(new TestStream(ioc)).getExecutor() === ioc.getExecutor()); // true
   * ```
   */
  getExecutor(): Executor {
    return this.#stream.getExecutor();
  }

  /**
   * Writes not finished yet: queued or in flight. A write that finished (written, failed or
   * cancelled) no longer counts, also while its handler is still on its way.
   *
   * @example
   * ```ts
   * import { IoContext } from '@asio-ts/core';
   * import { TestStream, WriteQueue } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const queue = new WriteQueue(new TestStream(ioc));
   * queue.asyncWrite(new Uint8Array(8), () => console.log(queue.pending())); // 1: the second write
   * queue.asyncWrite(new Uint8Array(8), () => {});
   * console.log(queue.pending()); // 2
   * await ioc.run();
   * ```
   */
  pending(): number {
    return this.#waiting + (this.#inFlight?.length ?? 0);
  }

  /**
   * Queue `buffers` (a Uint8Array or an iterable of them) for writing, after every write queued
   * before. Completes with `(err, bytesTransferred)`: `(null, size)` once all its bytes went out;
   * the stream's error (and the bytes of this write that went out) when its batch failed; the
   * queue's error, writing nothing, once the queue is failed. Cancellation through the token's
   * slot (any type) before its batch started completes it with `operationAborted`, its bytes
   * unwritten; later, it is ignored.
   *
   * @example
   * ```ts
   * import { IoContext, useFuture } from '@asio-ts/core';
   * import { TestStream, WriteQueue } from '@asio-ts/io';
   *
   * const ioc = new IoContext();
   * const queue = new WriteQueue(new TestStream(ioc));
   * const header = queue.asyncWrite(new Uint8Array(4), useFuture);
   * const body = queue.asyncWrite([new Uint8Array(100), new Uint8Array(20)], useFuture);
   * await ioc.run();
   * console.log(await header, await body); // 4 120
   * ```
   */
  asyncWrite(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWrite<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWrite<T>(buffers: ConstBufferSequence, token?: T): AsyncResult<T, WriteSignature> {
    // Copied: the write may start long after this call returns.
    const list = checkBufferSequence('buffers', buffers, true);
    if (typeof token === 'function' && !isTokenObject(token)) return this.#start(token as WriteHandler, list) as AsyncResult<T, WriteSignature>;
    return asyncInitiate(WriteQueue.#initiate, token === undefined ? deferred : token, this, list) as AsyncResult<T, WriteSignature>;
  }

  #start(handler: WriteHandler, buffers: BufferList): void {
    const executor = this.#stream.getExecutor();
    if (this.#error !== null) {
      new HandlerWork(handler, executor).complete(this.#error, 0);
      return;
    }
    const entry = new QueuedWrite(handler, executor, buffers);
    entry.listen(this.#cancelEntry);
    this.#queued.push(entry);
    this.#waiting++;
    if (this.#inFlight === null) {
      this.#caller = entry;
      try {
        this.#launch();
      } finally {
        this.#caller = null;
      }
    }
    entry.started();
  }

  /** Start one gathered write of every write still queued. */
  #launch(): void {
    const batch = this.#waiting === this.#queued.length ? this.#queued : this.#queued.filter((e) => e.state === queued);
    this.#queued = [];
    this.#waiting = 0;
    if (batch.length === 0) return;
    // One write's own buffers need no gathering (they are already copied).
    let gathered: BufferList = batch[0]!.buffers;
    if (batch.length > 1) {
      const all: Uint8Array[] = [];
      for (const entry of batch) {
        if (isUint8Array(entry.buffers)) all.push(entry.buffers);
        else for (const b of entry.buffers) all.push(b);
      }
      gathered = all;
    }
    for (const entry of batch) {
      entry.state = inFlight;
      entry.releaseSlot();
    }
    this.#inFlight = batch;
    // The stream was checked by the constructor; the buffers are copied already.
    new GuardedWriteOp(
      this.#stream,
      gathered,
      (err, n) => this.#written(batch, err, n),
      (e, n) => this.#threw(batch, e, n),
    ).start();
  }

  #written(batch: QueuedWrite[], err: SystemError | null, n: number): void {
    this.#inFlight = null;
    this.#share(batch, err, n);
    const failed = err !== null ? this.#fail(err) : [];
    try {
      // The next batch goes out before this one's handlers run, so the stream stays busy.
      if (err === null && this.#waiting > 0) this.#launch();
    } finally {
      this.#deliver(failed.length > 0 ? batch.concat(failed) : batch);
    }
  }

  /**
   * An exception left the batch's write (a bug of the stream) and goes on: out of the caller's
   * `asyncWrite` when its own call started the batch, else out of the context's run(). The
   * write whose call throws is as if never made (its handler never runs, as with a throwing
   * `asyncWrite`); every other write completes, posted, as after an error, and the queue is
   * failed: the stream's state is unknown.
   */
  #threw(batch: QueuedWrite[], e: unknown, n: number): void {
    // A handler of a batch that already completed threw (run inline): not the stream.
    if (this.#inFlight !== batch) return;
    this.#inFlight = null;
    const err = fromNodeError(e);
    this.#share(batch, err, n);
    for (const entry of batch.concat(this.#fail(err))) {
      entry.state = done;
      if (entry === this.#caller) entry.reset();
      else entry.completePosted(entry.err, entry.n);
    }
  }

  /** Split the `n` bytes written over the batch, in order; the write they stopped in gets `err`. */
  #share(batch: QueuedWrite[], err: SystemError | null, n: number): void {
    let left = n;
    let stopped = false;
    for (let i = 0; i < batch.length; i++) {
      const entry = batch[i]!;
      const whole = !stopped && left >= entry.size;
      entry.n = stopped ? 0 : Math.min(left, entry.size);
      left -= entry.n;
      // The write stopped in this one, or after the last one with an error: it reports the error.
      entry.err = whole && (err === null || i < batch.length - 1) ? null : err;
      if (!whole) stopped = true;
    }
  }

  /** Fail the queue: returns the writes that were waiting, each given `(err, 0)`. */
  #fail(err: SystemError): QueuedWrite[] {
    this.#error = err;
    const waiting = this.#queued.filter((e) => e.state === queued);
    this.#queued = [];
    this.#waiting = 0;
    for (const entry of waiting) {
      entry.releaseSlot();
      entry.err = err;
      entry.n = 0;
    }
    return waiting;
  }

  /** Complete `list` in order; if a handler throws (run inline), the rest still complete, posted. */
  #deliver(list: QueuedWrite[]): void {
    let i = 0;
    try {
      for (; i < list.length; i++) {
        const entry = list[i]!;
        entry.state = done;
        entry.complete(entry.err, entry.n);
      }
    } finally {
      if (i < list.length - 1) {
        const rest = list.slice(i + 1);
        this.#stream.getExecutor().post(() => this.#deliver(rest));
      }
    }
  }
}

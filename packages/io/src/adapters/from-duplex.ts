/**
 * `fromDuplex`: one object that is both a Node Readable and a Writable (a `net.Socket`, a
 * `tls.TLSSocket`, a `stream.Duplex`) as one AsyncReadStream and AsyncWriteStream.
 */
import type { AsyncResult, CompletionToken, DeferredOperation, Executor, SystemError } from '@asio-ts/core';
import type { ConstBufferSequence, MutableBufferSequence } from '../buffers/buffer.js';
import { describe } from '../detail/check.js';
import type { ReadSignature } from '../read/async-read-stream.js';
import type { WriteSignature } from '../write/async-write-stream.js';
import { checkOptions, optionsExecutor } from './adapter-options.js';
import type { FromWritableOptions } from './from-writable.js';
import type { DuplexLike } from './node-like.js';
import { checkNotAdapted } from './adapted-readables.js';
import { isReadableLike, ReadableAdapter } from './readable-adapter.js';
import type { AdapterReadStream, AdapterWriteStream } from './stream-adapter.js';
import { isWritableLike, WritableAdapter, writeBehaviour } from './writable-adapter.js';

/** The options of `fromDuplex(duplex, options)`: the write side's (`destroyOnCancel`). */
export interface FromDuplexOptions extends FromWritableOptions {}

/** A Node Duplex as one AsyncReadStream and AsyncWriteStream (what `fromDuplex` returns). */
export interface DuplexStream<D extends DuplexLike = DuplexLike> extends AdapterReadStream, AdapterWriteStream {
  /** The wrapped stream. */
  readonly duplex: D;
}

class DuplexAdapter<D extends DuplexLike> implements DuplexStream<D> {
  readonly duplex: D;
  readonly #executor: Executor;
  readonly #reads: ReadableAdapter<D>;
  readonly #writes: WritableAdapter<D>;

  constructor(duplex: D, options: FromDuplexOptions) {
    this.duplex = duplex;
    this.#executor = optionsExecutor(options);
    const reads = new ReadableAdapter(duplex, this.#executor);
    this.#reads = reads;
    // A cancelled write destroys the stream (unless options.destroyOnCancel is false): a read
    // then fails with the same operationAborted rather than as a connection closed early.
    this.#writes = new WritableAdapter(duplex, this.#executor, writeBehaviour(options, duplex), (err: SystemError) => reads.fail(err));
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncReadSome(buffers: MutableBufferSequence): DeferredOperation<ReadSignature>;
  asyncReadSome<T extends CompletionToken<ReadSignature>>(buffers: MutableBufferSequence, token: T): AsyncResult<T, ReadSignature>;
  asyncReadSome(buffers: MutableBufferSequence, token?: CompletionToken<ReadSignature>): unknown {
    return this.#reads.asyncReadSome(buffers, token as CompletionToken<ReadSignature>);
  }

  asyncWriteSome(buffers: ConstBufferSequence): DeferredOperation<WriteSignature>;
  asyncWriteSome<T extends CompletionToken<WriteSignature>>(buffers: ConstBufferSequence, token: T): AsyncResult<T, WriteSignature>;
  asyncWriteSome(buffers: ConstBufferSequence, token?: CompletionToken<WriteSignature>): unknown {
    return this.#writes.asyncWriteSome(buffers, token as CompletionToken<WriteSignature>);
  }
}

/**
 * A Node `stream.Duplex` (a `net.Socket`, ...) as one object with `asyncReadSome` and
 * `asyncWriteSome`, the reads as `fromReadable`'s and the writes as `fromWritable`'s (see
 * there), sharing one I/O executor:
 *
 * - one read and one write may be in flight at a time, independently (a second read, or a
 *   second write, completes with `alreadyStarted` and leaves the first alone);
 * - an error or a close is seen by both sides: a pending read and a pending write complete with
 *   it, and later ones fail with it (reads deliver the bytes that arrived before it first);
 * - terminal cancellation of a write destroys the stream (`options.destroyOnCancel`, default
 *   true): that write and any pending or later read complete with `operationAborted`.
 *   Cancellation of a read takes nothing from the stream.
 *
 * The peer's end of its sending (a TCP FIN) is `errors.eof` on reads; whether writes still work
 * then is the stream's own rule (a `net.Socket` without `allowHalfOpen` ends its side too, and
 * later writes fail with brokenPipe).
 *
 * @example
 * ```ts
 * // Not run by the tests: it needs a Redis server on port 6379.
 * import { once } from 'node:events';
 * import { connect } from 'node:net';
 * import { cancelAfter, useFuture } from '@asio-ts/core';
 * import { Streambuf, asyncReadUntil, asyncWrite, fromDuplex } from '@asio-ts/io';
 *
 * const socket = connect(6379, '127.0.0.1');
 * await once(socket, 'connect');
 * const conn = fromDuplex(socket);
 * await asyncWrite(conn, new TextEncoder().encode('PING\r\n'), useFuture);
 * const sb = new Streambuf();
 * // The reply line, or the SystemError: eof, connectionReset, operationAborted after 2 s.
 * const n = await asyncReadUntil(conn, sb, '\r\n', cancelAfter(2_000, useFuture));
 * console.log(n, conn.duplex === socket); // 7 true: '+PONG\r\n'
 * socket.end();
 * ```
 */
export function fromDuplex<D extends DuplexLike>(duplex: D, options?: FromDuplexOptions): DuplexStream<D> {
  if (!isReadableLike(duplex) || !isWritableLike(duplex)) {
    throw new TypeError(`duplex must be a stream.Duplex (a Readable and a Writable), got ${describe(duplex)}`);
  }
  checkNotAdapted('duplex', duplex);
  return new DuplexAdapter(duplex, checkOptions<FromDuplexOptions>(options));
}

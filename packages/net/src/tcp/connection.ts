/**
 * The data path of a connected `tcp.Socket` over one `net.Socket`: the read side (a pull reader
 * of its own) and the write side (`detail/socket-writer.ts`, wrapped for Asio's `cancel()`), one
 * operation of each in flight, independently. `Socket` checks its own state first and hands the
 * operation's `HandlerWork` here; this module never decides how a handler runs.
 */
import type { Socket as NetSocket } from 'node:net';
import {
  CancellationType,
  errors,
  getAssociatedCancellationSlot,
  makeError,
  type CancellationHandler,
  type CancellationSlot,
  type HandlerWork,
  type SystemError,
} from '@asio-ts/core';
import type { ReadSignature, WriteSignature } from '@asio-ts/io';
import { fill, type BufferList } from '../detail/check.js';
import { SocketWriter } from '../detail/socket-writer.js';
import { fromNetError } from '../errors.js';
import type { Endpoint } from './endpoint.js';

/** A read takes nothing from the socket until bytes are there: every kind of cancellation is clean. */
const readCancellation = CancellationType.Terminal | CancellationType.Partial | CancellationType.Total;

export class Connection {
  readonly ns: NetSocket;
  /** The endpoints, taken when the connection was made (Node forgets them once it closes). */
  readonly local: Endpoint | null;
  readonly remote: Endpoint | null;
  readonly #writer: SocketWriter;
  /** Closes the owning Socket: what terminal cancellation of a write does. */
  readonly #closeSocket: () => void;

  // Read side. Invariant: a read is pending only while `#rest` is null, except during a 'data'
  // event's delivery (`#inData`), when a read a handler started waits for the rest.
  #rest: Uint8Array | null = null;
  #ended = false;
  #error: SystemError | null;
  #receiveShut = false;
  #read: HandlerWork<ReadSignature> | null = null;
  #readBuffers: BufferList | null = null;
  #readSlot: CancellationSlot | null = null;
  // While a 'data' event delivers a read's completion: a read the handler starts meanwhile waits
  // until its initiating call returned, and `#completeFromData` serves it from the rest.
  #inData = false;

  // Write side.
  #write: HandlerWork<WriteSignature> | null = null;
  #writeSlot: CancellationSlot | null = null;
  #sendShut = false;
  #closed = false;

  // Bound once per connection: one read and one write at a time need no per-operation closure.
  readonly #onData = (chunk: Uint8Array): void => this.#data(chunk);
  readonly #onEnd = (): void => {
    this.#ended = true;
    if (this.#read !== null) this.#finishRead(makeError(errors.eof), 0, false);
  };
  readonly #onError = (e: unknown): void => {
    this.#error ??= fromNetError(e);
    if (this.#read !== null) this.#finishRead(this.#error, 0, false);
  };
  readonly #onClose = (): void => {
    if (this.#read !== null) this.#finishRead(this.#deadError(), 0, false);
    this.#writer.abandon();
  };
  readonly #onReadCancel: CancellationHandler = (type) => {
    if ((type & readCancellation) !== 0 && this.#read !== null) this.#abortRead(false);
  };
  // Bytes handed to Node cannot be recalled. Terminal: the socket is closed (what Asio's terminal
  // cancellation allows: only closing is meaningful afterwards). Partial: the write completes at
  // once, the bytes handed counted as written. Total: only while none were handed.
  readonly #onWriteCancel: CancellationHandler = (type) => {
    if (this.#write === null) return;
    if ((type & CancellationType.Terminal) !== 0) this.#closeSocket();
    else if ((type & CancellationType.Partial) !== 0) this.#writer.cancel(false, false);
    else if ((type & CancellationType.Total) !== 0) this.#writer.cancel(true, false);
  };

  /**
   * `ns` must be paused (a client socket paused before connecting, an accepted one created with
   * `pauseOnConnect`): the connection starts reading with the first read, and pauses again when
   * bytes arrive with no read in flight. `error`: what the
   * socket reported before it was handed over (a connection reset while it waited in an
   * acceptor's queue).
   */
  constructor(ns: NetSocket, closeSocket: () => void, error: SystemError | null, local: Endpoint | null, remote: Endpoint | null) {
    this.ns = ns;
    this.local = local;
    this.remote = remote;
    this.#closeSocket = closeSocket;
    this.#error = error;
    ns.pause();
    ns.on('data', this.#onData);
    ns.on('end', this.#onEnd);
    ns.on('error', this.#onError);
    ns.on('close', this.#onClose);
    this.#writer = new SocketWriter(ns, (err, n, posted) => this.#written(err, n, posted));
  }

  // ---- read side -------------------------------------------------------------------------

  /** Start `asyncReadSome` of a non-zero size: `buffers` belongs to the operation (the caller copied the array). */
  read(work: HandlerWork<ReadSignature>, buffers: BufferList): void {
    if (this.#read !== null) return work.complete2(makeError(errors.alreadyStarted), 0);
    if (this.#receiveShut) return work.complete2(makeError(errors.eof), 0);
    if (this.#rest !== null) {
      // Kept bytes come before any error or end; inside a 'data' event's delivery they are
      // served once this call returned.
      if (!this.#inData) return work.complete2(null, this.#takeRest(buffers));
    } else {
      if (this.#error !== null) return work.complete2(this.#error, 0);
      if (this.#ended) return work.complete2(makeError(errors.eof), 0);
      if (this.ns.destroyed) return work.complete2(this.#deadError(), 0);
    }
    this.#read = work;
    this.#readBuffers = buffers;
    const slot = getAssociatedCancellationSlot(work.handler);
    if (slot.isConnected()) {
      this.#readSlot = slot;
      slot.assign(this.#onReadCancel);
    }
    this.ns.resume();
  }

  #data(chunk: Uint8Array): void {
    const buffers = this.#readBuffers;
    if (buffers === null) {
      // No read in flight: the chunk waits for the next read, and the flow stops here (pausing
      // only now, not after every read, spares a pause/resume pair per read of a steady reader).
      this.ns.pause();
      this.#rest = this.#rest === null ? chunk : concat(this.#rest, chunk);
      return;
    }
    if (this.#rest !== null) {
      // Kept bytes go first: this chunk waits behind them (a read waits with bytes kept only
      // during a delivery, whose loop serves it; outside one this is a guard).
      this.#rest = concat(this.#rest, chunk);
      if (!this.#inData) this.#completeFromData(this.#takeRest(buffers));
      return;
    }
    const n = fill(buffers, chunk);
    if (n < chunk.length) this.#rest = chunk.subarray(n);
    this.#completeFromData(n);
  }

  /**
   * Complete the read with the `n` bytes a 'data' event brought. A read the handler starts
   * meanwhile is served from the rest here, once its initiating call returned: a completion
   * from a later callback, not one posted from inside the call (a queue hop per read that a
   * chunk straddles).
   */
  #completeFromData(n: number): void {
    const outer = this.#inData;
    this.#inData = true;
    try {
      this.#finishRead(null, n, false);
      while (this.#read !== null && this.#rest !== null) this.#finishRead(null, this.#takeRest(this.#readBuffers!), false);
    } catch (e) {
      // A handler threw: a read it started still gets the rest, in a completion of its own.
      if (this.#read !== null && this.#rest !== null) this.#finishRead(null, this.#takeRest(this.#readBuffers!), true);
      throw e;
    } finally {
      this.#inData = outer;
      // Paused only if no read the handler started took the rest: a read chain that goes on at
      // once keeps the socket flowing.
      if (this.#rest !== null && this.#read === null) this.ns.pause();
    }
  }

  /** Fill `buffers` from the bytes kept from a chunk; returns how many were taken. */
  #takeRest(buffers: BufferList): number {
    const rest = this.#rest!;
    const n = fill(buffers, rest);
    this.#rest = n === rest.length ? null : rest.subarray(n);
    return n;
  }

  #abortRead(posted: boolean): void {
    this.ns.pause();
    this.#finishRead(makeError(errors.operationAborted), 0, posted);
  }

  #finishRead(err: SystemError | null, n: number, posted: boolean): void {
    const work = this.#read!;
    this.#read = null;
    this.#readBuffers = null;
    if (this.#readSlot !== null) {
      this.#readSlot.release(this.#onReadCancel);
      this.#readSlot = null;
    }
    if (posted) work.completePosted(err, n);
    else work.complete2(err, n);
  }

  /** Why a read fails on a socket Node has destroyed. */
  #deadError(): SystemError {
    if (this.#error !== null) return this.#error;
    if (this.#ended) return makeError(errors.eof);
    return makeError(errors.connectionAborted, 'the socket was destroyed');
  }

  // ---- write side ------------------------------------------------------------------------

  /** Start `asyncWriteSome` of a non-zero size (`buffers` is read before this returns). */
  write(work: HandlerWork<WriteSignature>, buffers: BufferList): void {
    if (this.#write !== null) return work.complete2(makeError(errors.alreadyStarted), 0);
    if (this.#sendShut) return work.complete2(makeError(errors.brokenPipe, 'the socket was shut down for sending'), 0);
    const failure = this.#writer.failure();
    if (failure !== null) return work.complete2(failure, 0);
    this.#write = work;
    const slot = getAssociatedCancellationSlot(work.handler);
    if (slot.isConnected()) {
      this.#writeSlot = slot;
      slot.assign(this.#onWriteCancel);
    }
    this.#writer.start(buffers);
  }

  #written(err: SystemError | null, n: number, posted: boolean): void {
    const work = this.#write;
    if (work === null) return;
    this.#write = null;
    if (this.#writeSlot !== null) {
      this.#writeSlot.release(this.#onWriteCancel);
      this.#writeSlot = null;
    }
    // Closed while the write was in flight: Node's failure is the close's doing.
    if (this.#closed) err = makeError(errors.operationAborted);
    if (posted) work.completePosted(err, n);
    else work.complete2(err, n);
  }

  // ---- the socket's calls ----------------------------------------------------------------

  /** `Socket.cancel()`: the read completes at once, taking nothing; the write at once, counting what Node holds. */
  cancel(): void {
    if (this.#read !== null) this.#abortRead(true);
    if (this.#write !== null) this.#writer.cancel(false, true);
  }

  shutdownSend(): void {
    if (this.#sendShut) return;
    this.#sendShut = true;
    this.#writer.shutDown();
    this.ns.end();
  }

  /** Node cannot shut a socket down for receiving: reads end (eof) and the socket reads no more. */
  shutdownReceive(): void {
    this.#receiveShut = true;
    this.#rest = null;
    this.ns.pause();
    if (this.#read !== null) this.#finishRead(makeError(errors.eof), 0, true);
  }

  /** Destroy the socket: the read completes with operationAborted now, the write once Node reports. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#rest = null;
    this.ns.destroy();
    if (this.#read !== null) this.#abortRead(true);
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}


/**
 * The write side of a connected `tcp.Socket`: one write at a time handed to its net.Socket (up to
 * `maxWriteSome` bytes, several buffers corked into one writev), completing once Node confirmed
 * every chunk, with the count of the bytes it confirmed when it fails part way. Bytes handed to
 * Node cannot be recalled: a cancelled write completes at once counting them (they go out, in
 * order, before anything written later), and the next write waits, holding nothing yet, until
 * Node confirmed them. The connection's own 'error' and 'close' listeners stay for its whole
 * life, so a write adds none.
 */
import type { Socket as NetSocket } from 'node:net';
import { errors, makeError, type SystemError } from '@asio-ts/core';
import { fromNetError } from '../errors.js';
import { isUint8Array, type BufferList } from './check.js';

/**
 * The most one write hands to Node: a write_some writes what the transport takes, and bytes
 * handed to Node are sent or lost together, so this bounds what a failure leaves uncounted
 * (Asio's default transfer size; io's asyncWrite hands no more than this per step either).
 */
const maxWriteSome = 65536;

/** How a write ends: `posted` when its handler must not run inside the current call (`cancel()`). */
export type WriteDone = (err: SystemError | null, n: number, posted: boolean) => void;

export class SocketWriter {
  readonly #ns: NetSocket;
  readonly #done: WriteDone;
  /** The sizes of the write's chunks handed to Node, in order; Node confirms them in order. */
  readonly #sizes: number[] = [];
  #confirmedChunks = 0;
  #confirmedBytes = 0;
  #handedBytes = 0;
  #inFlight = false;
  /** Chunks handed to Node and not yet confirmed, of this write and of cancelled ones. */
  #unconfirmed = 0;
  /** A write waiting for a cancelled one's bytes to be confirmed: nothing of it is handed yet. */
  #waiting: BufferList | null = null;
  readonly #onWrite = (err?: Error | null): void => this.#chunkWritten(err);

  /** `done(err, n, posted)`: how each write ends (from Node's write callback, `cancel` or `abandon`). */
  constructor(ns: NetSocket, done: WriteDone) {
    this.#ns = ns;
    this.#done = done;
  }

  /** Why a write cannot start on the net.Socket now, or null. */
  failure(): SystemError | null {
    const ns = this.#ns;
    return ns.destroyed || ns.writableEnded || (ns.errored !== null && ns.errored !== undefined) ? this.#deadError() : null;
  }

  /** Start a write of `buffers` (more than 0 bytes); an array is read before this returns. */
  start(buffers: BufferList): void {
    this.#confirmedChunks = 0;
    this.#confirmedBytes = 0;
    this.#inFlight = true;
    if (this.#unconfirmed === 0) this.#hand(buffers);
    else this.#waiting = isUint8Array(buffers) ? buffers : buffers.slice();
  }

  /**
   * Cancel the write in flight: at once, with the bytes already handed to Node counted as
   * written; with `onlyClean` (total cancellation), only while none were. False when nothing
   * was cancelled.
   */
  cancel(onlyClean: boolean, posted: boolean): boolean {
    if (!this.#inFlight) return false;
    if (this.#waiting !== null) {
      this.#waiting = null;
      this.#end(makeError(errors.operationAborted), 0, posted);
      return true;
    }
    if (onlyClean) return false;
    this.#end(makeError(errors.operationAborted), this.#handedBytes, posted);
    return true;
  }

  /** Sending was shut down: a write still waiting (nothing of it handed) fails now. */
  shutDown(): void {
    if (this.#waiting === null) return;
    this.#waiting = null;
    this.#end(makeError(errors.brokenPipe, 'the socket was shut down for sending'), 0, true);
  }

  /** The net.Socket closed with the write in flight (and Node will not report it): end it now. */
  abandon(): void {
    this.#waiting = null;
    if (this.#inFlight) this.#end(this.#deadError(), this.#confirmedBytes, false);
  }

  #hand(buffers: BufferList): void {
    const ns = this.#ns;
    const sizes = this.#sizes;
    sizes.length = 0;
    this.#handedBytes = 0;
    try {
      if (isUint8Array(buffers)) return this.#handOne(buffers.length > maxWriteSome ? buffers.subarray(0, maxWriteSome) : buffers);
      const several = buffers.length > 1;
      if (several) ns.cork();
      try {
        for (let i = 0; i < buffers.length && this.#handedBytes < maxWriteSome; i++) {
          const b = buffers[i]!;
          if (b.length === 0) continue;
          const room = maxWriteSome - this.#handedBytes;
          this.#handOne(b.length > room ? b.subarray(0, room) : b);
        }
      } finally {
        if (several) ns.uncork();
      }
    } catch (e) {
      this.#end(fromNetError(e), this.#confirmedBytes, false);
    }
  }

  #handOne(chunk: Uint8Array): void {
    this.#sizes.push(chunk.length);
    this.#ns.write(chunk, this.#onWrite);
    // Counted once Node took it (it reports a write later, never inside the call).
    this.#handedBytes += chunk.length;
    this.#unconfirmed++;
  }

  #chunkWritten(err: Error | null | undefined): void {
    this.#unconfirmed--;
    const failed = err !== null && err !== undefined;
    if (this.#waiting !== null) {
      // A cancelled write's chunk: the waiting write goes out once they are all confirmed.
      if (failed) {
        this.#waiting = null;
        return this.#end(fromNetError(err), 0, false);
      }
      if (this.#unconfirmed === 0) {
        const buffers = this.#waiting;
        this.#waiting = null;
        // Ended or destroyed meanwhile: Node would destroy the socket for a write after end().
        const failure = this.failure();
        if (failure !== null) return this.#end(failure, 0, false);
        this.#hand(buffers);
      }
      return;
    }
    if (!this.#inFlight || this.#confirmedChunks === this.#sizes.length) return; // a write that already ended
    if (failed) return this.#end(fromNetError(err), this.#confirmedBytes, false);
    // Node confirms a write that was in flight when the socket was destroyed: not delivered.
    if (this.#ns.destroyed) return this.#end(this.#deadError(), this.#confirmedBytes, false);
    this.#confirmedBytes += this.#sizes[this.#confirmedChunks++]!;
    if (this.#confirmedChunks === this.#sizes.length) this.#end(null, this.#confirmedBytes, false);
  }

  #end(err: SystemError | null, n: number, posted: boolean): void {
    this.#inFlight = false;
    this.#done(err, n, posted);
  }

  /** The error a write on a dead net.Socket gets: its own error, else a broken pipe. */
  #deadError(): SystemError {
    const stored = this.#ns.errored;
    if (stored !== null && stored !== undefined) return fromNetError(stored);
    return makeError(errors.brokenPipe, this.#ns.destroyed ? 'the socket was destroyed' : 'the socket was shut down for sending');
  }
}

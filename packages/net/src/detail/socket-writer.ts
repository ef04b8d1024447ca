/**
 * The write side of a connected `tcp.Socket`: one write at a time handed to its net.Socket (every
 * buffer at once, corked into one writev), completing once Node confirmed every chunk, with the
 * exact count of the bytes it confirmed when it fails part way. The connection's own 'error' and
 * 'close' listeners stay for its whole life, so a write adds none.
 */
import type { Socket as NetSocket } from 'node:net';
import { errors, makeError, type SystemError } from '@asio-ts/core';
import { fromNetError } from '../errors.js';
import { isUint8Array, type BufferList } from './check.js';

export class SocketWriter {
  readonly #ns: NetSocket;
  readonly #done: (err: SystemError | null, n: number) => void;
  /** The sizes of the write's chunks handed to Node, in order; Node confirms them in order. */
  readonly #sizes: number[] = [];
  #confirmedChunks = 0;
  #confirmedBytes = 0;
  #inFlight = false;
  readonly #onWrite = (err?: Error | null): void => this.#chunkWritten(err);

  /** `done(err, n)`: how each write ends (called from Node's write callback or `abandon`). */
  constructor(ns: NetSocket, done: (err: SystemError | null, n: number) => void) {
    this.#ns = ns;
    this.#done = done;
  }

  /** Why a write cannot start on the net.Socket now, or null. */
  failure(): SystemError | null {
    const ns = this.#ns;
    return ns.destroyed || ns.writableEnded || (ns.errored !== null && ns.errored !== undefined) ? this.#deadError() : null;
  }

  /** Hand `buffers` (more than 0 bytes) to Node; `buffers` is read before this returns. */
  start(buffers: BufferList): void {
    const ns = this.#ns;
    const sizes = this.#sizes;
    sizes.length = 0;
    this.#confirmedChunks = 0;
    this.#confirmedBytes = 0;
    this.#inFlight = true;
    try {
      if (isUint8Array(buffers)) {
        sizes.push(buffers.length);
        ns.write(buffers, this.#onWrite);
        return;
      }
      const several = buffers.length > 1;
      if (several) ns.cork();
      try {
        for (let i = 0; i < buffers.length; i++) {
          const b = buffers[i]!;
          if (b.length === 0) continue;
          sizes.push(b.length);
          ns.write(b, this.#onWrite);
        }
      } finally {
        if (several) ns.uncork();
      }
    } catch (e) {
      this.#end(fromNetError(e));
    }
  }

  /** The net.Socket closed with the write in flight (and Node will not report it): end it now. */
  abandon(): void {
    if (this.#inFlight) this.#end(this.#deadError());
  }

  #chunkWritten(err: Error | null | undefined): void {
    if (!this.#inFlight) return; // a late report for a write that already failed
    if (err !== null && err !== undefined) return this.#end(fromNetError(err));
    // Node confirms a write that was in flight when the socket was destroyed: not delivered.
    if (this.#ns.destroyed) return this.#end(this.#deadError());
    this.#confirmedBytes += this.#sizes[this.#confirmedChunks++]!;
    if (this.#confirmedChunks === this.#sizes.length) this.#end(null);
  }

  #end(err: SystemError | null): void {
    this.#inFlight = false;
    this.#done(err, this.#confirmedBytes);
  }

  /** The error a write on a dead net.Socket gets: its own error, else a broken pipe. */
  #deadError(): SystemError {
    const stored = this.#ns.errored;
    if (stored !== null && stored !== undefined) return fromNetError(stored);
    return makeError(errors.brokenPipe, this.#ns.destroyed ? 'the socket was destroyed' : 'the socket was shut down for sending');
  }
}

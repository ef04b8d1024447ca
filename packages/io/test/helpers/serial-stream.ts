/**
 * An AsyncWriteStream that insists on one write at a time: a second `asyncWriteSome` while one is
 * pending is recorded and thrown (the test fails). Each write stays pending until the test calls
 * `complete(maxBytes, error?)`, which takes up to `maxBytes` of it (then fails with `error`, if
 * given) and delivers through the handler's executor. Records every call's buffers and the bytes
 * it took, in order.
 */
import { HandlerWork, makeError, type ErrorCode, type Executor } from '@asio-ts/core';
import type { AsyncWriteStream, ConstBufferSequence, WriteHandler, WriteSignature } from '@asio-ts/io';
import { concat } from './bytes.js';

interface Pending {
  readonly buffers: Uint8Array[];
  readonly work: HandlerWork<WriteSignature>;
}

export class SerialStream implements AsyncWriteStream {
  readonly #executor: Executor;
  #pending: Pending | null = null;
  readonly #taken: Uint8Array[] = [];
  /** Each asyncWriteSome call's buffers (as a list), in order. */
  readonly calls: Uint8Array[][] = [];
  overlaps = 0;

  constructor(executor: Executor) {
    this.#executor = executor;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  hasPending(): boolean {
    return this.#pending !== null;
  }

  /** Bytes of the pending write. */
  pendingSize(): number {
    return this.#pending === null ? 0 : this.#pending.buffers.reduce((n, b) => n + b.length, 0);
  }

  received(): Uint8Array {
    return concat(this.#taken);
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    if (this.#pending !== null) {
      this.overlaps++;
      throw new Error('SerialStream: asyncWriteSome called while a write is pending');
    }
    const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
    this.calls.push(list);
    const work = new HandlerWork(handler, this.#executor);
    this.#pending = { buffers: list, work };
    work.started();
  }

  /** Take up to `maxBytes` of the pending write and complete it (with `error` after those bytes, if given). */
  complete(maxBytes: number, error?: ErrorCode): boolean {
    const pending = this.#pending;
    if (pending === null) return false;
    this.#pending = null;
    let left = maxBytes;
    let n = 0;
    for (const b of pending.buffers) {
      if (left === 0) break;
      const take = Math.min(left, b.length);
      this.#taken.push(b.slice(0, take));
      left -= take;
      n += take;
    }
    pending.work.complete(error === undefined ? null : makeError(error), n);
    return true;
  }
}

/**
 * The write side over a Node `stream.Writable`: what `fromWritable` returns and the write half
 * of `fromDuplex`.
 */
import { CancellationType, errors, fromNodeError, makeError, type Executor, type SystemError } from '@asio-ts/core';
import type { BufferList } from '../buffers/buffer-list.js';
import { isUint8Array } from '../detail/check.js';
import { releasesChunkAtCallback } from '../detail/node-sinks.js';
import { AdapterBase } from './adapter-base.js';
import { booleanOption } from './adapter-options.js';
import { ChunkTally } from './chunk-tally.js';
import type { WritableLike } from './node-like.js';

/** How a WritableAdapter writes: the checked `destroyOnCancel` and `copy` options of `fromWritable` and `fromDuplex`. */
export interface WriteBehaviour {
  readonly destroyOnCancel: boolean;
  readonly copy: boolean;
}

/** `options.destroyOnCancel` (default true) and `options.copy` (default: unless `w` is done with a chunk at its callback). */
export function writeBehaviour(options: { readonly destroyOnCancel?: unknown; readonly copy?: unknown }, w: object): WriteBehaviour {
  return {
    destroyOnCancel: booleanOption('options.destroyOnCancel', options.destroyOnCancel, true),
    copy: booleanOption('options.copy', options.copy, !releasesChunkAtCallback(w)),
  };
}

export function isWritableLike(x: unknown): x is WritableLike {
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
function deadStreamError(w: WritableLike): SystemError {
  const stored = w.errored;
  if (stored !== null && stored !== undefined) return fromNodeError(stored);
  return makeError(errors.brokenPipe, w.destroyed ? 'stream destroyed' : 'write after end');
}

// A copy: a Node Buffer stays a Buffer (what an object-mode stream is given); any other view,
// a subclass too, becomes a plain Uint8Array (a subclass's constructor may take other arguments).
const NodeBuffer = (globalThis as { Buffer?: { isBuffer(x: unknown): boolean; from(b: Uint8Array): Uint8Array } }).Buffer;
const copyOf = (b: Uint8Array): Uint8Array => (NodeBuffer?.isBuffer(b) === true ? NodeBuffer.from(b) : new Uint8Array(b));

// Per stream, the adapter whose 'close' listener stays while it is idle: the last one to start a
// write on it. Adapters made per write over one stream thus leave one listener, not one each.
const closeHolders = new WeakMap<WritableLike, WritableAdapter>();

export class WritableAdapter<W extends WritableLike = WritableLike> extends AdapterBase {
  readonly writable: W;
  readonly #tally = new ChunkTally();
  #hearsErrors = false;
  #hearsClose = false;
  // Set when a write failed: the stream's own 'error' reports of it are absorbed from then on.
  #failed = false;
  // What write() threw part-way through a write: the write ends with it once the chunks the
  // sink took before are confirmed (they still go out, so they are counted).
  #thrown: SystemError | null = null;
  // Bound once: a write in flight needs no closure of its own.
  readonly #onWrite = (err?: Error | null): void => this.#written(err);
  readonly #onError = (err: Error): void => {
    if (this.inFlight()) this.#end(fromNodeError(err));
  };
  readonly #onClose = (): void => {
    if (this.inFlight()) this.#end(deadStreamError(this.writable));
    this.#stopHearingErrors();
    this.#stopHearingClose();
  };

  // Told before a cancellation destroys the stream (`fromDuplex` fails its reads with it).
  readonly #onDestroy: ((err: SystemError) => void) | null;

  /** `destroyOnCancel`: what terminal cancellation does (`FromWritableOptions.destroyOnCancel`). */
  // Hand the stream copies (`options.copy`): the caller may reuse its memory once the handler ran.
  readonly #copy: boolean;

  constructor(writable: W, executor: Executor, behaviour: WriteBehaviour, onDestroy: ((err: SystemError) => void) | null = null) {
    super(executor, behaviour.destroyOnCancel ? CancellationType.Terminal : CancellationType.None);
    this.writable = writable;
    this.#copy = behaviour.copy;
    this.#onDestroy = onDestroy;
  }

  protected operationFailure(): SystemError | null {
    const w = this.writable;
    return w.destroyed || (w.errored !== null && w.errored !== undefined) || w.writableEnded ? deadStreamError(w) : null;
  }

  protected startOperation(buffers: BufferList, _size: number): void {
    const w = this.writable;
    const count = this.#tally.reset(buffers);
    this.#listen();
    const copy = this.#copy;
    if (isUint8Array(buffers)) {
      w.write(copy ? copyOf(buffers) : buffers, this.#onWrite);
      return;
    }
    // Several buffers: corked, they reach the stream's `_writev` (one writev(2) for a socket).
    let taken = 0;
    if (count > 1) w.cork();
    try {
      for (let i = 0; i < buffers.length; i++) {
        const b = buffers[i]!;
        if (b.length === 0) continue;
        w.write(copy ? copyOf(b) : b, this.#onWrite);
        taken++;
      }
    } catch (e) {
      if (taken === 0) throw e; // nothing taken: the operation fails with 0 bytes (`startFailed`)
      // Recorded before uncorking: a failure the uncork reports comes after this one.
      if (this.inFlight()) {
        this.#thrown = fromNodeError(e);
        this.#tally.limit(taken);
      }
    } finally {
      if (count > 1) w.uncork();
    }
    // Uncorking may have confirmed the chunks taken (a sink that calls back at once).
    const thrown = this.#thrown;
    if (thrown !== null && this.inFlight() && this.#tally.limit(taken)) this.#end(thrown);
  }

  protected override startFailed(err: SystemError): void {
    this.#end(err);
  }

  protected override cancelOperation(): void {
    // Destroy first: the handler may run inside `#end` (an inline executor) and must find the
    // stream dead. What the kernel already took cannot be recalled; it is not counted.
    const reason = makeError(errors.operationAborted);
    this.#onDestroy?.(reason);
    this.writable.destroy();
    this.#end(reason);
  }

  #written(err: Error | null | undefined): void {
    if (!this.inFlight()) return; // a late report for a write that already failed or was cancelled
    if (err !== null && err !== undefined) return this.#end(fromNodeError(err));
    // A socket destroyed with the write still in libuv reports success without having sent it.
    if (this.writable.destroyed) return this.#end(deadStreamError(this.writable));
    if (this.#tally.confirm()) this.#end(this.#thrown);
  }

  /**
   * Complete with the bytes the stream confirmed. The 'error' listener is there only while a
   * write is in flight, as Node's own code (console's `ignoreErrors`, `once`) counts 'error'
   * listeners; after a failure it stays until 'close' (or the adapter's next successful write,
   * on a stream that lives on), so an 'error' the stream emits after the handler has its error
   * does not become an uncaught exception (a stream can be `closed` already with that 'error'
   * still to come: Node emits it on a later tick). The 'close' listener of the last adapter to
   * write on the stream stays between writes, so back-to-back writes do not add and remove it
   * each time; any other adapter's goes when its write succeeds.
   */
  #end(err: SystemError | null): void {
    const n = this.#tally.confirmed();
    this.#tally.clear();
    // A write() that threw was the first failure: a later one (a callback's, a cancellation) only cut short the wait.
    if (this.#thrown !== null) {
      err = this.#thrown;
      this.#thrown = null;
    }
    // A write that succeeds on a stream that failed before (a sink that threw) ends the absorbing.
    this.#failed = err !== null;
    if (err === null) {
      this.#stopHearingErrors();
      if (closeHolders.get(this.writable) !== this) this.#stopHearingClose();
    }
    this.complete(err, n);
  }

  #listen(): void {
    const w = this.writable;
    if (!this.#hearsErrors) {
      this.#hearsErrors = true;
      w.on('error', this.#onError);
    }
    const holder = closeHolders.get(w);
    if (holder !== this) {
      // The idle holder before this one lets go; one with a write in flight or failed keeps its own.
      if (holder !== undefined && !holder.inFlight() && !holder.#failed) holder.#stopHearingClose();
      closeHolders.set(w, this);
    }
    // Added once, unless the owner has taken it away since (`removeAllListeners`).
    if (!this.#hearsClose || w.listenerCount?.('close', this.#onClose) === 0) {
      this.#hearsClose = true;
      w.on('close', this.#onClose);
    }
  }

  #stopHearingErrors(): void {
    if (!this.#hearsErrors) return;
    this.#hearsErrors = false;
    this.writable.removeListener('error', this.#onError);
  }

  #stopHearingClose(): void {
    if (!this.#hearsClose) return;
    this.#hearsClose = false;
    const w = this.writable;
    if (closeHolders.get(w) === this) closeHolders.delete(w);
    w.removeListener('close', this.#onClose);
  }
}

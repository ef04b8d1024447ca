import type { BufferList } from '../buffers/buffer-list.js';
import { isUint8Array } from '../detail/check.js';

/** Most chunk lengths a `ChunkTally` keeps allocated between writes. */
const maxKeptLengths = 64;

/**
 * The bytes of one write that a sink confirms chunk by chunk (a Node write callback, a WHATWG
 * write promise per non-empty buffer, in order): so a failure part-way reports exactly the
 * bytes of the chunks confirmed before it.
 */
export class ChunkTally {
  // The lengths of the non-empty chunks of the write in flight, in order: kept rather than the
  // caller's array, which the caller may reuse once `asyncWriteSome` returned. Reused from
  // write to write, so tallying allocates nothing.
  readonly #lengths: number[] = [];
  #count = 0;
  #next = 0;
  #confirmed = 0;

  /** Start tallying `chunks`; returns how many non-empty chunks the sink will confirm. */
  reset(chunks: BufferList): number {
    const lengths = this.#lengths;
    let count = 0;
    if (isUint8Array(chunks)) {
      if (chunks.length > 0) lengths[count++] = chunks.length;
    } else {
      for (let i = 0; i < chunks.length; i++) {
        const n = chunks[i]!.length;
        if (n > 0) lengths[count++] = n;
      }
    }
    this.#count = count;
    this.#next = 0;
    this.#confirmed = 0;
    return count;
  }

  /** The sink confirmed its next chunk; true once every chunk is confirmed. */
  confirm(): boolean {
    if (this.#next >= this.#count) return false;
    this.#confirmed += this.#lengths[this.#next++]!;
    return this.#next === this.#count;
  }

  /**
   * The sink took only the first `count` chunks (its write() threw on the next): the write ends
   * with those. True if they are all confirmed already.
   */
  limit(count: number): boolean {
    if (count < this.#count) this.#count = count;
    return this.#next >= this.#count;
  }

  /** Bytes confirmed so far. */
  confirmed(): number {
    return this.#confirmed;
  }

  /** The write is over: later confirmations are ignored. */
  clear(): void {
    this.#count = 0;
    this.#next = 0;
    // A write of very many buffers does not pin a large array for the adapter's lifetime.
    if (this.#lengths.length > maxKeptLengths) this.#lengths.length = 0;
  }
}

import { CancellationSignal, CancellationSlot, unconnectedSlot } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, checkNonNegativeInteger, describe } from './detail/check.js';

/** Maps a requested cancellation type onto the types that pass through. */
export type CancellationFilter = (type: CancellationType) => CancellationType;

/** Lets terminal cancellation through (the default for composed operations). */
export const enableTerminalCancellation: CancellationFilter = (type) => type & CancellationType.Terminal;
/** Lets terminal and partial cancellation through. */
export const enablePartialCancellation: CancellationFilter = (type) =>
  type & (CancellationType.Terminal | CancellationType.Partial);
/** Lets terminal, partial and total cancellation through. */
export const enableTotalCancellation: CancellationFilter = (type) =>
  type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total);
/** Lets nothing through. */
export const disableCancellation: CancellationFilter = () => CancellationType.None;

// Shared by every copy of the library (see detail/brand.ts).
const stateBrand: unique symbol = Symbol.for('asio-ts.CancellationState');

/**
 * Cancellation state of one composed operation (Asio's `cancellation_state`): attaches to the
 * parent slot, records what was requested (after `inFilter`) and forwards `outFilter` of it to
 * a child slot for the operation's current inner step.
 */
export class CancellationState {
  #cancelled: CancellationType = CancellationType.None;
  readonly #parent: CancellationSlot;
  readonly #signal: CancellationSignal | null;
  readonly #onParentEmit: ((type: CancellationType) => void) | null;

  /** True for the states of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, CancellationState, stateBrand, x);
  }

  /** @internal */
  get [stateBrand](): true {
    return true;
  }

  constructor(
    parent: CancellationSlot = unconnectedSlot,
    inFilter: CancellationFilter = enableTerminalCancellation,
    outFilter: CancellationFilter = inFilter,
  ) {
    if (!(parent instanceof CancellationSlot)) throw new TypeError(`parent must be a CancellationSlot, got ${describe(parent)}`);
    checkFunction('inFilter', inFilter);
    checkFunction('outFilter', outFilter);
    this.#parent = parent;
    if (parent.isConnected()) {
      const signal = new CancellationSignal();
      this.#signal = signal;
      this.#onParentEmit = (type) => {
        // `>>> 0` keeps the flags unsigned: JavaScript's bitwise operators yield signed 32-bit
        // numbers, so a filter computing `type & All` would otherwise give -1.
        this.#cancelled = inFilter(type) >>> 0;
        const out = outFilter(this.#cancelled) >>> 0;
        if (out !== CancellationType.None) signal.emit(out);
      };
      parent.assign(this.#onParentEmit);
    } else {
      this.#signal = null;
      this.#onParentEmit = null;
    }
  }

  /** The slot to hand to the inner operation; unconnected when the parent slot is. */
  slot(): CancellationSlot {
    return this.#signal === null ? unconnectedSlot : this.#signal.slot();
  }

  /** The cancellation types requested so far (after the input filter). */
  cancelled(): CancellationType {
    return this.#cancelled;
  }

  /** Forget the requested types in `mask`. */
  clear(mask: CancellationType = CancellationType.All): void {
    checkNonNegativeInteger('mask', mask);
    this.#cancelled = (this.#cancelled & ~mask) >>> 0;
  }

  /** @internal Detach from the parent slot (at completion), so emitting later is a no-op. */
  detach(): void {
    if (this.#onParentEmit !== null) this.#parent.release(this.#onParentEmit);
    if (this.#signal !== null) this.#signal.handler = null;
  }
}

import { CancellationType } from './cancellation-type.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, checkNonNegativeInteger, describe } from './detail/check.js';
import { depthEnter, depthLeave } from './detail/emit-depth.js';

/** What a cancellation slot calls when its signal is emitted. */
export type CancellationHandler = (type: CancellationType) => void;

/** Observers of a signal beyond its one slot handler (the AbortSignal bridge). */
const observersKey = Symbol.for('asio-ts.CancellationSignal.observers');
// Brands shared by every copy of the library (see detail/brand.ts); a slot's is its signal.
const signalBrand: unique symbol = Symbol.for('asio-ts.CancellationSignal');
const slotBrand: unique symbol = Symbol.for('asio-ts.CancellationSlot');

/**
 * The emitting side of a cancellation connection (Asio's `cancellation_signal`). An operation
 * installs a handler in the signal's slot; `emit` calls it. Emitting with no handler installed,
 * or after the operation completed and released the slot, does nothing.
 */
export class CancellationSignal {
  /** @internal */ handler: CancellationHandler | null = null;
  /** @internal */ [observersKey]: CancellationHandler[] | undefined;
  #slot: CancellationSlot | undefined;

  /** True for the signals of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, CancellationSignal, signalBrand, x);
  }

  /** @internal */
  get [signalBrand](): true {
    return true;
  }

  /** Request cancellation of the operation attached to this signal's slot. */
  emit(type: CancellationType = CancellationType.Terminal): void {
    checkNonNegativeInteger('type', type);
    depthEnter();
    try {
      const handler = this.handler;
      if (handler !== null) handler(type);
      const observers = this[observersKey];
      if (observers !== undefined) for (const o of observers.slice()) o(type);
    } finally {
      depthLeave();
    }
  }

  /** The slot connected to this signal (the same object every call). */
  slot(): CancellationSlot {
    return (this.#slot ??= new CancellationSlot(this));
  }
}

/** @internal Register an observer that sees every emit (used by `toAbortSignal`). */
export function observeSignal(signal: CancellationSignal, observer: CancellationHandler): void {
  if (!(signal instanceof CancellationSignal)) throw new TypeError('signal must be a CancellationSignal');
  checkFunction('observer', observer);
  (signal[observersKey] ??= []).push(observer);
}

/**
 * The receiving side of a cancellation connection (Asio's `cancellation_slot`): holds at most one
 * handler. A default-constructed slot is not connected; assigning to it does nothing.
 */
export class CancellationSlot {
  readonly #signal: CancellationSignal | null;

  /** True for the slots of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, CancellationSlot, slotBrand, x);
  }

  /** @internal The connected signal (for `equals`, whichever copy's slot it is called on). */
  get [slotBrand](): CancellationSignal | null {
    return this.#signal;
  }

  constructor(signal: CancellationSignal | null = null) {
    if (signal !== null && !(signal instanceof CancellationSignal)) {
      throw new TypeError(`signal must be a CancellationSignal or null, got ${describe(signal)}`);
    }
    this.#signal = signal;
  }

  /** Install `handler`, replacing any handler already there. */
  assign(handler: CancellationHandler): void {
    checkFunction('handler', handler);
    if (this.#signal !== null) this.#signal.handler = handler;
  }

  /** Remove the installed handler. */
  clear(): void {
    if (this.#signal !== null) this.#signal.handler = null;
  }

  /** @internal Remove `handler` only if it is still the installed one. */
  release(handler: CancellationHandler): void {
    if (this.#signal !== null && this.#signal.handler === handler) this.#signal.handler = null;
  }

  isConnected(): boolean {
    return this.#signal !== null;
  }

  hasHandler(): boolean {
    return this.#signal !== null && this.#signal.handler !== null;
  }

  /** Slots are equal when connected to the same signal. */
  equals(other: CancellationSlot): boolean {
    return other instanceof CancellationSlot && other[slotBrand] === this.#signal;
  }
}

/** The slot of handlers that have none associated: never connected. */
export const unconnectedSlot: CancellationSlot = new CancellationSlot();

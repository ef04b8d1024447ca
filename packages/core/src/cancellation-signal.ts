import { CancellationType } from './cancellation-type.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, checkNonNegativeInteger, mustBe } from './detail/check.js';
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
 * or after the operation completed and released the slot, does nothing. One signal serves one
 * operation at a time.
 *
 * @example
 * ```ts
 * import { CancellationSignal, CancellationType, SteadyTimer, bindCancellationSlot, systemExecutor } from '@asio-ts/core';
 *
 * const signal = new CancellationSignal();
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * timer.asyncWait(bindCancellationSlot(signal.slot(), (err: Error | null) => console.log(err?.message))); // Operation canceled
 * signal.emit(CancellationType.Total);
 * ```
 */
export class CancellationSignal {
  // Declared and set in the constructor: one is made per cancellable operation (its child
  // signal), and field initializers or `#` members cost an initializer call each.
  /** @internal */ declare handler: CancellationHandler | null;
  /** @internal */ declare [observersKey]: CancellationHandler[] | undefined;
  private declare ownSlot: CancellationSlot | undefined;

  /** A signal with no handler installed. */
  constructor() {
    this.handler = null;
    this[observersKey] = undefined;
    this.ownSlot = undefined;
  }

  /** True for the signals of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, CancellationSignal, signalBrand, x);
  }

  /** @internal */
  get [signalBrand](): true {
    return true;
  }

  /**
   * Request cancellation of the operation attached to this signal's slot (Asio's
   * `cancellation_signal::emit`), terminal by default. The handler runs inside this call; the
   * operation's own handler never does (it is queued).
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationType } from '@asio-ts/core';
   *
   * const signal = new CancellationSignal();
   * signal.slot().assign((type) => console.log('cancellation requested:', type));
   * signal.emit(CancellationType.Partial); // cancellation requested: 2
   * ```
   */
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

  /**
   * The slot connected to this signal (the same object every call), to bind to an operation's
   * token with `bindCancellationSlot` (Asio's `cancellation_signal::slot`).
   *
   * @example
   * ```ts
   * import { CancellationSignal, bindCancellationSlot, post, systemExecutor } from '@asio-ts/core';
   *
   * const signal = new CancellationSignal();
   * console.log(signal.slot() === signal.slot(), signal.slot().isConnected()); // true true
   * post(systemExecutor, bindCancellationSlot(signal.slot(), () => console.log('ran')));
   * ```
   */
  slot(): CancellationSlot {
    return (this.ownSlot ??= new CancellationSlot(this));
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
 * handler. A default-constructed slot is not connected; assigning to it does nothing. An
 * operation that supports cancellation reads its handler's slot with
 * `getAssociatedCancellationSlot`, assigns a handler while it is in flight and clears it when
 * it completes.
 *
 * @example
 * ```ts
 * import { CancellationType, HandlerWork, errors, getAssociatedCancellationSlot, makeError, systemExecutor, type SystemError } from '@asio-ts/core';
 *
 * // An operation that never finishes by itself, only when cancelled (any type).
 * export function waitForever(handler: (err: SystemError | null) => void): void {
 *   const work = new HandlerWork(handler, systemExecutor);
 *   const slot = getAssociatedCancellationSlot(handler);
 *   slot.assign((type) => {
 *     if (type === CancellationType.None) return;
 *     slot.clear();
 *     work.completePosted(makeError(errors.operationAborted));
 *   });
 *   work.started();
 * }
 * ```
 */
export class CancellationSlot {
  // Declared and set in the constructor (see CancellationSignal).
  private declare readonly connectedSignal: CancellationSignal | null;

  /** True for the slots of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, CancellationSlot, slotBrand, x);
  }

  /** @internal The connected signal (for `equals`, whichever copy's slot it is called on). */
  get [slotBrand](): CancellationSignal | null {
    return this.connectedSignal;
  }

  /** A slot connected to `signal`; with none, an unconnected slot (prefer `signal.slot()`). */
  constructor(signal: CancellationSignal | null = null) {
    // A signal of this copy is told by its constructor: `instanceof` takes the engine's slow path
    // through the cross-copy `Symbol.hasInstance`, once per cancellable operation here.
    if (signal !== null && signal.constructor !== CancellationSignal && !(signal instanceof CancellationSignal)) {
      mustBe('signal', 'a CancellationSignal or null', signal);
    }
    this.connectedSignal = signal;
  }

  /**
   * Install `handler`, replacing any handler already there (Asio's `cancellation_slot::assign`);
   * on an unconnected slot, does nothing.
   *
   * @example
   * ```ts
   * import { CancellationSignal } from '@asio-ts/core';
   *
   * const signal = new CancellationSignal();
   * signal.slot().assign((type) => console.log('first', type));
   * signal.slot().assign((type) => console.log('second', type)); // replaces the first
   * signal.emit(); // second 1
   * ```
   */
  assign(handler: CancellationHandler): void {
    checkFunction('handler', handler);
    if (this.connectedSignal !== null) this.connectedSignal.handler = handler;
  }

  /**
   * Remove the installed handler (Asio's `cancellation_slot::clear`): what an operation does when
   * it completes, so that a later `emit` does nothing.
   *
   * @example
   * ```ts
   * import { CancellationSignal } from '@asio-ts/core';
   *
   * const signal = new CancellationSignal();
   * const slot = signal.slot();
   * slot.assign(() => console.log('cancelled'));
   * slot.clear();
   * signal.emit(); // nothing happens
   * console.log(slot.hasHandler()); // false
   * ```
   */
  clear(): void {
    if (this.connectedSignal !== null) this.connectedSignal.handler = null;
  }

  /** @internal Remove `handler` only if it is still the installed one. */
  release(handler: CancellationHandler): void {
    if (this.connectedSignal !== null && this.connectedSignal.handler === handler) this.connectedSignal.handler = null;
  }

  /**
   * True when a signal can reach this slot (Asio's `cancellation_slot::is_connected`): an
   * operation checks it to skip cancellation support it would never need.
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationSlot, unconnectedSlot } from '@asio-ts/core';
   *
   * console.log(new CancellationSignal().slot().isConnected()); // true
   * console.log(new CancellationSlot().isConnected(), unconnectedSlot.isConnected()); // false false
   * ```
   */
  isConnected(): boolean {
    return this.connectedSignal !== null;
  }

  /**
   * True while a handler is installed (Asio's `cancellation_slot::has_handler`).
   *
   * @example
   * ```ts
   * import { CancellationSignal } from '@asio-ts/core';
   *
   * const slot = new CancellationSignal().slot();
   * slot.assign(() => {});
   * console.log(slot.hasHandler()); // true
   * ```
   */
  hasHandler(): boolean {
    return this.connectedSignal !== null && this.connectedSignal.handler !== null;
  }

  /**
   * True when both slots are connected to the same signal (Asio's slot `operator==`); two
   * unconnected slots are equal.
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationSlot } from '@asio-ts/core';
   *
   * const signal = new CancellationSignal();
   * console.log(signal.slot().equals(new CancellationSlot(signal))); // true
   * console.log(signal.slot().equals(new CancellationSignal().slot())); // false
   * ```
   */
  equals(other: CancellationSlot): boolean {
    return other instanceof CancellationSlot && other[slotBrand] === this.connectedSignal;
  }
}

/** The slot of handlers that have none associated: never connected. */
export const unconnectedSlot: CancellationSlot = new CancellationSlot();

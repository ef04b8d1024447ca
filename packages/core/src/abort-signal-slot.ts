import { CancellationSlot, type CancellationHandler } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { addWaiter, removeWaiter, Waiter } from './detail/abort-signal-waiters.js';
import { checkFunction, checkNonNegativeInteger, describe, isAbortSignal } from './detail/check.js';
import { withAbortReason } from './detail/abort-reason.js';

// Set while bindAbortSignal makes a slot from arguments it already checked.
let checkedArguments = false;

/** @internal True once an abort reached a handler assigned to the slot (for bindAbortSignal's handlers). */
export let abortDelivered: (slot: AbortSignalSlot) => boolean;

/**
 * A cancellation slot fed by an AbortSignal (no Asio counterpart: the bridge from the web
 * platform's cancellation): while an operation's handler is assigned, aborting the signal emits
 * `type` to it. The AbortSignal listener exists only while a handler is assigned. An
 * `operationAborted` error the operation makes in that handler (`makeError`) has the signal's
 * `reason` as its `cause`. The abort reaches the slot once, as an emit reaches the handler there
 * at the time: the handler assigned when it happens, or, for a signal aborted already, the first
 * one assigned after (on a microtask); a handler assigned later is not cancelled by it again.
 * `bindAbortSignal` makes one per operation; use this class directly only to hand a slot to code
 * that takes one.
 *
 * @example
 * ```ts
 * import { AbortSignalSlot, CancellationType, SteadyTimer, bindCancellationSlot, systemExecutor } from '@asio-ts/core';
 *
 * const controller = new AbortController();
 * const slot = new AbortSignalSlot(controller.signal, CancellationType.Total);
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * timer.asyncWait(bindCancellationSlot(slot, (err: Error | null) => console.log(err?.cause))); // 'user left'
 * controller.abort('user left');
 * ```
 */
export class AbortSignalSlot extends CancellationSlot {
  /** The AbortSignal whose abort cancels the operation. */
  readonly signal: AbortSignal;
  readonly #type: CancellationType;
  #waiter: Waiter | null = null;
  #delivered = false;

  static {
    abortDelivered = (slot) => slot.#delivered || slot.#waiter?.delivered === true;
  }

  /** A slot that emits `type` (terminal by default) to its handler when `signal` aborts. */
  constructor(signal: AbortSignal, type: CancellationType = CancellationType.Terminal) {
    if (!checkedArguments) {
      if (!isAbortSignal(signal)) throw new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`);
      checkNonNegativeInteger('type', type);
    }
    super(null);
    this.signal = signal;
    this.#type = type;
  }

  override assign(handler: CancellationHandler): void {
    checkFunction('handler', handler);
    this.clear();
    const waiter = new Waiter(handler, this.#type);
    this.#waiter = waiter;
    // Already aborted: cancel once the operation has finished installing itself; only once per
    // slot, as an emit reaches only the handler there at the time (a coroutine's
    // `resetCancellationState` assigns again and must not be cancelled again).
    if (!addWaiter(this.signal, waiter) && !this.#delivered) {
      queueMicrotask(() => {
        if (this.#waiter === waiter) {
          this.#waiter = null;
          this.#delivered = true;
          withAbortReason(this.signal.reason, () => handler(waiter.type));
        }
      });
    }
  }

  override clear(): void {
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      if (waiter.delivered) this.#delivered = true;
      removeWaiter(waiter);
    }
  }

  override release(handler: CancellationHandler): void {
    if (this.#waiter?.handler === handler) this.clear();
  }

  override isConnected(): boolean {
    return true;
  }

  override hasHandler(): boolean {
    return this.#waiter !== null;
  }

  override equals(other: CancellationSlot): boolean {
    return other === this;
  }
}

/** @internal A slot from arguments the caller already checked. */
export function checkedSlot(signal: AbortSignal, type: CancellationType): AbortSignalSlot {
  checkedArguments = true;
  try {
    return new AbortSignalSlot(signal, type);
  } finally {
    checkedArguments = false;
  }
}

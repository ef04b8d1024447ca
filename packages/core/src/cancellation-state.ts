import { CancellationSignal, CancellationSlot, observeSignal, unconnectedSlot, type CancellationHandler } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { isBranded } from './detail/brand.js';
import { checkFunction, checkNonNegativeInteger, mustBe } from './detail/check.js';

/** Maps a requested cancellation type onto the types that pass through. */
export type CancellationFilter = (type: CancellationType) => CancellationType;

/** Lets terminal cancellation through (Asio's `enable_terminal_cancellation`; the default for composed operations). */
export const enableTerminalCancellation: CancellationFilter = (type) => type & CancellationType.Terminal;
/** Lets terminal and partial cancellation through (Asio's `enable_partial_cancellation`). */
export const enablePartialCancellation: CancellationFilter = (type) =>
  type & (CancellationType.Terminal | CancellationType.Partial);
/** Lets terminal, partial and total cancellation through (Asio's `enable_total_cancellation`). */
export const enableTotalCancellation: CancellationFilter = (type) =>
  type & (CancellationType.Terminal | CancellationType.Partial | CancellationType.Total);
/** Lets nothing through (Asio's `disable_cancellation`). */
export const disableCancellation: CancellationFilter = () => CancellationType.None;

// Shared by every copy of the library (see detail/brand.ts).
const stateBrand: unique symbol = Symbol.for('asio-ts.CancellationState');

/**
 * Cancellation state of one composed operation (Asio's `cancellation_state`): attaches to the
 * parent slot, records what was requested (after `inFilter`) and forwards `outFilter` of it to
 * a child slot for the operation's current inner step.
 *
 * @example
 * ```ts
 * import { CancellationSignal, CancellationState, CancellationType, enablePartialCancellation } from '@asio-ts/core';
 *
 * const parent = new CancellationSignal();
 * const state = new CancellationState(parent.slot(), enablePartialCancellation);
 * state.slot().assign((type) => console.log('inner step cancelled:', type));
 * parent.emit(CancellationType.Total | CancellationType.Partial); // inner step cancelled: 2
 * console.log(state.cancelled()); // 2: total was filtered out
 * ```
 */
export class CancellationState {
  // Declared and set in the constructor, private by TypeScript rather than `#`: one is made per
  // cancellable operation, and `#` members or field initializers cost an initializer call each.
  private declare cancelledTypes: CancellationType;
  private declare readonly parent: CancellationSlot;
  private declare readonly signal: CancellationSignal | null;
  private declare readonly inFilter: CancellationFilter;
  private declare readonly outFilter: CancellationFilter;
  private declare readonly onParentEmit: ((type: CancellationType) => void) | null;

  /** True for the states of any copy of the library (ESM and CommonJS builds alike). */
  static [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, CancellationState, stateBrand, x);
  }

  /** @internal */
  get [stateBrand](): true {
    return true;
  }

  /**
   * Attach to `parent` (replacing its handler). `inFilter` (terminal only by default) decides
   * what is recorded; `outFilter` (the same by default) what reaches the child slot.
   */
  constructor(
    parent: CancellationSlot = unconnectedSlot,
    inFilter: CancellationFilter = enableTerminalCancellation,
    outFilter: CancellationFilter = inFilter,
  ) {
    // As a slot's constructor tells its signal (cancellation-signal.ts): once per composed operation.
    if (parent?.constructor !== CancellationSlot && !(parent instanceof CancellationSlot)) mustBe('parent', 'a CancellationSlot', parent);
    checkFunction('inFilter', inFilter);
    checkFunction('outFilter', outFilter);
    this.cancelledTypes = CancellationType.None;
    this.parent = parent;
    this.inFilter = inFilter;
    this.outFilter = outFilter;
    if (parent.isConnected()) {
      this.signal = new CancellationSignal();
      // A bound method: one object, where an arrow function would also need a context.
      this.onParentEmit = this.parentEmitted.bind(this);
      parent.assign(this.onParentEmit);
    } else {
      this.signal = null;
      this.onParentEmit = null;
    }
  }

  private parentEmitted(type: CancellationType): void {
    // `>>> 0` keeps the flags unsigned: JavaScript's bitwise operators yield signed 32-bit
    // numbers, so a filter computing `type & All` would otherwise give -1.
    this.cancelledTypes = this.inFilter(type) >>> 0;
    const out = this.outFilter(this.cancelledTypes) >>> 0;
    if (out !== CancellationType.None) this.signal!.emit(out);
  }

  /**
   * The slot to hand to the inner operation (Asio's `cancellation_state::slot`); unconnected when
   * the parent slot is.
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationState, SteadyTimer, bindCancellationSlot, systemExecutor } from '@asio-ts/core';
   *
   * const parent = new CancellationSignal();
   * const state = new CancellationState(parent.slot());
   * const timer = new SteadyTimer(systemExecutor, 60_000);
   * timer.asyncWait(bindCancellationSlot(state.slot(), (err: Error | null) => console.log(err?.message))); // Operation canceled
   * parent.emit(); // terminal: passes the default filter and reaches the timer's wait
   * ```
   */
  slot(): CancellationSlot {
    return this.signal === null ? unconnectedSlot : this.signal.slot();
  }

  /**
   * The cancellation types requested so far, after the input filter (Asio's
   * `cancellation_state::cancelled`); `CancellationType.None` when none was.
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationState, CancellationType } from '@asio-ts/core';
   *
   * const parent = new CancellationSignal();
   * const state = new CancellationState(parent.slot());
   * parent.emit(CancellationType.Partial);
   * console.log(state.cancelled() === CancellationType.None); // true: partial is not let in by default
   * parent.emit(CancellationType.Terminal);
   * console.log(state.cancelled()); // 1
   * ```
   */
  cancelled(): CancellationType {
    return this.cancelledTypes;
  }

  /**
   * Forget the requested types in `mask`, all by default (Asio's `cancellation_state::clear`).
   *
   * @example
   * ```ts
   * import { CancellationSignal, CancellationState } from '@asio-ts/core';
   *
   * const parent = new CancellationSignal();
   * const state = new CancellationState(parent.slot());
   * parent.emit();
   * state.clear();
   * console.log(state.cancelled()); // 0
   * ```
   */
  clear(mask: CancellationType = CancellationType.All): void {
    checkNonNegativeInteger('mask', mask);
    this.cancelledTypes = (this.cancelledTypes & ~mask) >>> 0;
  }

  /**
   * @internal Call `observer` with every cancellation that reaches the child slot, beside the
   * slot's own handler, which stays free for an operation bound to `slot()` (a coroutine's fan-out
   * to the operations it awaits).
   */
  observe(observer: CancellationHandler): void {
    if (this.signal !== null) observeSignal(this.signal, observer);
  }

  /** @internal Detach from the parent slot (at completion), so emitting later is a no-op. */
  detach(): void {
    if (this.onParentEmit !== null) this.parent.release(this.onParentEmit);
    if (this.signal !== null) this.signal.handler = null;
  }
}

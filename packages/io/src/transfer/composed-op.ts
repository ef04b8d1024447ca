import {
  associatedCancellationSlot,
  associatedExecutor,
  associatedImmediateExecutor,
  CancellationState,
  CancellationType,
  fromNodeError,
  HandlerWork,
  SystemError,
  unconnectedSlot,
  type Associations,
  type CancellationFilter,
  type Executor,
} from '@asio-ts/core';

/** How every composed transfer completes: `(err, bytesTransferred)`. */
export type TransferSignature = [err: SystemError | null, bytesTransferred: number];
export type TransferHandler = (...args: TransferSignature) => void;

/**
 * The steps of one composed transfer (Asio's `write_op` / `read_op` `operator()`): `first`
 * gives the first step's `maxSize` (Asio's `start = 1` case); `issue` starts the next inner
 * operation with at most `maxSize` bytes; `next` accounts for its result and returns the next
 * `maxSize`, or 0 once it called `ComposedOp.complete`.
 *
 * `first` may itself call `ComposedOp.complete` (`asyncReadUntil` when the match is in the
 * buffer already): then no inner operation is issued, and HandlerWork delivers the result as an
 * immediate completion (through the handler's immediate executor, never inside the call).
 */
export interface TransferSteps {
  first(): number;
  issue(maxSize: number, handler: TransferHandler): void;
  next(err: SystemError | null, n: number): number;
}

// Where the operation is: between steps, inside an inner initiating call, waiting for an inner
// completion, holding a completion that came inside the call, or abandoned.
const idle = 0;
const issuing = 1;
const awaiting = 2;
const completedInCall = 3;
const abandoned = 4;

/**
 * What every composed transfer shares. It is the final handler's HandlerWork (which decides how
 * the completion is delivered and holds the work: the composed operation holds it for its whole
 * life, because a user's stream need not hold any); it keeps a child cancellation state on the
 * handler's slot with the filter the operation supports; and it makes one intermediate handler
 * per operation (not per step) carrying the final handler's executor, immediate executor and
 * filtered slot. An inner operation that completes inside its own initiating call (which Asio's
 * streams never do, but a user's may) is resumed by the loop in `run`, not by recursion.
 */
export class ComposedOp extends HandlerWork<TransferSignature> {
  // Declared and set in the constructor (no field initializer to run per operation).
  private declare readonly state: CancellationState | null;
  private declare readonly steps: TransferSteps;
  private declare readonly intermediate: TransferHandler;
  private declare at: number;
  private declare inCallError: SystemError | null;
  private declare inCallBytes: number;

  constructor(handler: TransferHandler, ioExecutor: Executor, filter: CancellationFilter, steps: TransferSteps) {
    super(handler, ioExecutor);
    this.steps = steps;
    this.at = idle;
    this.inCallError = null;
    this.inCallBytes = 0;
    const from = handler as Associations;
    const ownSlot = from[associatedCancellationSlot];
    const slot = ownSlot ?? unconnectedSlot;
    // Null when nothing can cancel the operation.
    this.state = slot.isConnected() ? new CancellationState(slot, filter) : null;
    // A bound method: one object, where an arrow function would also need a context for `this`.
    const intermediate: TransferHandler = this.resume.bind(this);
    // Only what differs from the stream's own defaults is set, keeping the common case cheap.
    const carrier = intermediate as Associations;
    if (this.executor !== ioExecutor) carrier[associatedExecutor] = this.executor;
    else if (from[associatedExecutor] !== undefined) carrier[associatedExecutor] = from[associatedExecutor];
    if (this.state !== null) carrier[associatedCancellationSlot] = this.state.slot();
    else if (ownSlot !== undefined) carrier[associatedCancellationSlot] = ownSlot;
    const immediate = from[associatedImmediateExecutor];
    if (immediate !== undefined) carrier[associatedImmediateExecutor] = immediate;
    this.intermediate = intermediate;
  }

  /** Issue the first step; an exception (a programmer error) abandons the operation. */
  start(): void {
    try {
      const maxSize = this.steps.first();
      if (this.pending()) this.run(maxSize);
    } catch (e) {
      this.abandon();
      throw e;
    }
    this.started();
  }

  /** True when a cancellation the operation supports was requested. */
  cancelled(): boolean {
    return this.state !== null && this.state.cancelled() !== CancellationType.None;
  }

  /** Deliver the final result (once). */
  override complete(err: SystemError | null, total: number): 0 {
    this.state?.detach();
    this.complete2(err, total);
    return 0;
  }

  // Between steps the child slot has no handler (a stream that forgot to release its own is
  // cleared): a cancellation then is seen by `cancelled()` at the next step.
  // The first step is always issued, even with a `maxSize` of 0 (Asio's `start = 1` case),
  // unless `first` completed the operation.
  private run(maxSize: number): void {
    const steps = this.steps;
    for (;;) {
      this.at = issuing;
      try {
        steps.issue(maxSize, this.intermediate);
      } finally {
        if (this.at === issuing) this.at = awaiting;
      }
      if (this.at !== completedInCall) return;
      this.at = idle;
      this.state?.slot().clear();
      maxSize = steps.next(this.inCallError, this.inCallBytes);
      if (maxSize === 0) return;
    }
  }

  private resume(rawError: unknown, n: number): void {
    const at = this.at;
    if (at === abandoned) return;
    if (at === idle || at === completedInCall) throw new Error('a stream called its operation handler twice');
    const err = toSystemError(rawError);
    if (at === issuing) {
      this.at = completedInCall;
      this.inCallError = err;
      this.inCallBytes = n;
      return;
    }
    this.at = idle;
    this.state?.slot().clear();
    try {
      const maxSize = this.steps.next(err, n);
      if (maxSize > 0) this.run(maxSize);
    } catch (e) {
      this.abandon();
      throw e;
    }
  }

  /**
   * An exception left the operation (a programmer error from the condition or the stream, or
   * the final handler throwing when run inline): as Asio's op destroyed during unwinding, give
   * back the work and the slot, and ignore any later completion of the step in flight.
   */
  private abandon(): void {
    if (this.at === abandoned) return;
    this.at = abandoned;
    this.state?.detach();
    this.reset();
  }
}

function toSystemError(err: unknown): SystemError | null {
  if (err === null || err === undefined) return null;
  return err instanceof SystemError ? err : fromNodeError(err);
}

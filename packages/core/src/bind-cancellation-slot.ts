import { associatedCancellationSlot } from './associations.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { CancellationSlot } from './cancellation-signal.js';
import { deferred, type Deferred } from './deferred.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { describe } from './detail/check.js';

/** The token `bindCancellationSlot` returns for a token object `T` (Asio's `cancellation_slot_binder`). */
export type CancellationSlotBinder<T> = AssociationBinder<T, 'cancellationSlotBinder'>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    cancellationSlotBinder: BinderResult<S, T>;
  }
}

/**
 * Asio's `bind_cancellation_slot`: emitting on the slot's signal cancels the operation, with the
 * types the operation supports (see each operation's Cancellation). The completion signature is
 * the operation's own. Without a token (Asio's partial `bind_cancellation_slot(slot)`), it binds
 * the default token, `deferred`.
 *
 * @example
 * ```ts
 * import { CancellationSignal, SteadyTimer, asTuple, bindCancellationSlot, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const signal = new CancellationSignal();
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * const waiting = timer.asyncWait(bindCancellationSlot(signal.slot(), asTuple(useFuture)));
 * signal.emit();
 * const [err] = await waiting;
 * console.log(err?.code); // ECANCELED
 * ```
 */
export function bindCancellationSlot(slot: CancellationSlot): CancellationSlotBinder<Deferred>;
export function bindCancellationSlot<T>(slot: CancellationSlot, token: T): Bound<T, CancellationSlotBinder<T>>;
export function bindCancellationSlot(slot: CancellationSlot, token: unknown = deferred): unknown {
  if (!(slot instanceof CancellationSlot)) throw new TypeError(`slot must be a CancellationSlot, got ${describe(slot)}`);
  return bindToken('cancellationSlotBinder', token, associatedCancellationSlot, slot);
}

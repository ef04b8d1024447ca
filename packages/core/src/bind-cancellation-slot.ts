import { associatedCancellationSlot } from './associations.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { CancellationSlot } from './cancellation-signal.js';
import { deferred, type Deferred } from './deferred.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { describe } from './detail/check.js';

export type CancellationSlotBinder<T> = AssociationBinder<T, 'cancellationSlotBinder'>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    cancellationSlotBinder: BinderResult<S, T>;
  }
}

/**
 * Asio's `bind_cancellation_slot`: emitting on the slot's signal cancels the operation. Without a
 * token (Asio's partial `bind_cancellation_slot(slot)`), it binds the default token, `deferred`.
 */
export function bindCancellationSlot(slot: CancellationSlot): CancellationSlotBinder<Deferred>;
export function bindCancellationSlot<T>(slot: CancellationSlot, token: T): Bound<T, CancellationSlotBinder<T>>;
export function bindCancellationSlot(slot: CancellationSlot, token: unknown = deferred): unknown {
  if (!(slot instanceof CancellationSlot)) throw new TypeError(`slot must be a CancellationSlot, got ${describe(slot)}`);
  return bindToken('cancellationSlotBinder', token, associatedCancellationSlot, slot);
}

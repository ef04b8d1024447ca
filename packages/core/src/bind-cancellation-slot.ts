import { associatedCancellationSlot } from './associations.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { CancellationSlot } from './cancellation-signal.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { describe } from './detail/check.js';

export type CancellationSlotBinder<T> = AssociationBinder<T, 'cancellationSlotBinder'>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    cancellationSlotBinder: BinderResult<S, T>;
  }
}

/** Asio's `bind_cancellation_slot`: emitting on the slot's signal cancels the operation. */
export function bindCancellationSlot<T>(slot: CancellationSlot, token: T): Bound<T, CancellationSlotBinder<T>> {
  if (!(slot instanceof CancellationSlot)) throw new TypeError(`slot must be a CancellationSlot, got ${describe(slot)}`);
  return bindToken('cancellationSlotBinder', token, associatedCancellationSlot, slot) as Bound<T, CancellationSlotBinder<T>>;
}

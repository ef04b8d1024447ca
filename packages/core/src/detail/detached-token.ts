import { detached } from '../detached.js';
import { AssociationBinder } from './binder.js';

/**
 * True for `detached`, bare or under binders (`bindCancellationSlot(slot, detached)`, ...):
 * the coroutines report such a token's error themselves, where they end.
 */
export function isDetached(token: unknown): boolean {
  let t = token;
  while (t instanceof AssociationBinder) t = (t as AssociationBinder<unknown, string>).token;
  return t === detached;
}

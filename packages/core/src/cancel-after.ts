import { asyncInitiate, asyncResult, tokenKind, type Handler, type Signature, type Start, type TokenObject } from './async-result.js';
import { associatedCancellationSlot, getAssociatedCancellationSlot } from './associations.js';
import { CancellationSignal } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { withAssociation } from './detail/associate.js';
import { checkNonNegativeFinite, checkNonNegativeInteger, describe } from './detail/check.js';
import { deferred, type Deferred } from './deferred.js';

/**
 * Asio's `cancel_after` / `cancel_at`: a token that emits `type` on the operation's slot when the
 * time is up. The timer is cleared when the operation completes. Cancellation from the inner
 * token's own slot is still forwarded.
 */
export class CancelAfter<T> implements TokenObject<'cancelAfter'> {
  readonly [tokenKind] = 'cancelAfter' as const;
  readonly token: T;
  readonly ms: number;
  readonly type: CancellationType;

  constructor(token: T, ms: number, type: CancellationType) {
    this.token = token;
    this.ms = ms;
    this.type = type;
  }

  [asyncResult]<S extends Signature>(start: Start<S>): unknown {
    const { ms, type } = this;
    return asyncInitiate((handler: Handler<Signature>) => {
      const signal = new CancellationSignal();
      const outer = getAssociatedCancellationSlot(handler);
      const forward = (t: CancellationType): void => signal.emit(t);
      if (outer.isConnected()) outer.assign(forward);
      const timer = setTimeout(() => signal.emit(type), ms);
      const wrapped = withAssociation(
        (...args: unknown[]) => {
          clearTimeout(timer);
          outer.release(forward);
          handler(...args);
        },
        handler,
        associatedCancellationSlot,
        signal.slot(),
      );
      (start as unknown as Start<Signature>)(wrapped);
    }, this.token);
  }
}

/** Cancel the operation if it has not completed `ms` milliseconds after it started. */
export function cancelAfter<T = Deferred>(
  ms: number,
  token: T = deferred as T,
  type: CancellationType = CancellationType.Terminal,
): CancelAfter<T> {
  checkNonNegativeFinite('ms', ms);
  checkNonNegativeInteger('type', type);
  return new CancelAfter(token, ms, type);
}

/** Cancel the operation if it has not completed by `time`. */
export function cancelAt<T = Deferred>(
  time: Date | number,
  token: T = deferred as T,
  type: CancellationType = CancellationType.Terminal,
): CancelAfter<T> {
  const at = time instanceof Date ? time.getTime() : time;
  if (typeof at !== 'number' || Number.isNaN(at)) throw new TypeError(`time must be a Date or a timestamp, got ${describe(time)}`);
  return cancelAfter(Math.max(0, at - Date.now()), token, type);
}

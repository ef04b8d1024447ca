import {
  checkToken, asyncInitiate, asyncResult, tokenKind, type Handler, type Signature, type Start, type TokenObject } from './async-result.js';
import { associatedCancellationSlot, getAssociatedCancellationSlot } from './associations.js';
import { CancellationSignal } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { withAssociation } from './associations.js';
import { checkNonNegativeFinite, checkNonNegativeInteger, describe } from './detail/check.js';
import { deferred, type Deferred } from './deferred.js';

// setTimeout fires at once (with a TimeoutOverflowWarning on Node) for delays above 2^31-1 ms,
// about 24.8 days; longer waits are made of several timers.
const maxTimerDelay = 2 ** 31 - 1;

/** A timer that calls `fn` after `ms` milliseconds, however long; returns its canceller. */
function startTimer(ms: number, fn: () => void): () => void {
  let timer: ReturnType<typeof setTimeout>;
  let remaining = ms;
  const arm = (): void => {
    const step = Math.min(remaining, maxTimerDelay);
    remaining -= step;
    timer = setTimeout(remaining > 0 ? arm : fn, step);
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * Asio's `cancel_after` / `cancel_at`: a token that emits `type` on the operation's slot when the
 * time is up. The timer starts when the operation starts (for `cancelAt`, the delay to the
 * deadline is computed then) and is cleared when the operation completes. Cancellation from the
 * inner token's own slot is still forwarded.
 */
export class CancelAfter<T> implements TokenObject<'cancelAfter'> {
  readonly [tokenKind] = 'cancelAfter' as const;
  readonly token: T;
  /** The timeout in milliseconds (for a token made by `cancelAt`: as it was when the token was made). */
  readonly ms: number;
  readonly type: CancellationType;
  /** For `cancelAt`: the deadline (milliseconds since the epoch); undefined for `cancelAfter`. */
  readonly at: number | undefined;

  constructor(token: T, ms: number, type: CancellationType, at?: number) {
    checkToken('token', token);
    checkNonNegativeFinite('ms', ms);
    checkNonNegativeInteger('type', type);
    if (at !== undefined && (typeof at !== 'number' || !Number.isFinite(at))) throw new TypeError(`at must be a finite timestamp, got ${describe(at)}`);
    this.token = token;
    this.ms = ms;
    this.type = type;
    this.at = at;
  }

  [asyncResult]<S extends Signature>(start: Start<S>): unknown {
    const { ms, type, at } = this;
    return asyncInitiate((handler: Handler<Signature>) => {
      const delay = at === undefined ? ms : Math.max(0, at - Date.now());
      const signal = new CancellationSignal();
      const outer = getAssociatedCancellationSlot(handler);
      const forward = (t: CancellationType): void => signal.emit(t);
      if (outer.isConnected()) outer.assign(forward);
      const stopTimer = startTimer(delay, () => signal.emit(type));
      const release = (): void => {
        stopTimer();
        outer.release(forward);
      };
      const wrapped = withAssociation(
        (...args: unknown[]) => {
          release();
          handler(...args);
        },
        handler,
        associatedCancellationSlot,
        signal.slot(),
      );
      try {
        (start as unknown as Start<Signature>)(wrapped);
      } catch (e) {
        // The operation refused to start (a programmer error): leave no timer or slot behind.
        release();
        throw e;
      }
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

/** Cancel the operation if it has not completed by `time` (a Date or a timestamp in milliseconds). */
export function cancelAt<T = Deferred>(
  time: Date | number,
  token: T = deferred as T,
  type: CancellationType = CancellationType.Terminal,
): CancelAfter<T> {
  const at = time instanceof Date ? time.getTime() : time;
  if (typeof at !== 'number' || !Number.isFinite(at)) {
    throw new TypeError(`time must be a valid Date or a finite timestamp, got ${describe(time)}`);
  }
  checkNonNegativeInteger('type', type);
  return new CancelAfter(token, Math.max(0, at - Date.now()), type, at);
}

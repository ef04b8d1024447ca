import {
  asyncInitiate,
  asyncResult,
  checkToken,
  tokenKind,
  type AsyncResult,
  type Handler,
  type InnerToken,
  type Initiation,
  type Signature,
  type TokenObject,
} from './async-result.js';
import { associatedCancellationSlot, getAssociatedCancellationSlot } from './associations.js';
import { CancellationSignal } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { withAssociation } from './associations.js';
import { checkNonNegativeInteger, describe } from './detail/check.js';
import { checkTime, checkTimeout } from './detail/timer-time.js';
import { deferred, type Deferred } from './deferred.js';
import { callInitiation, type AnyInitiation } from './detail/initiate.js';
import { SteadyTimer } from './steady-timer.js';

// setTimeout fires at once (with a TimeoutOverflowWarning on Node) for delays above 2^31-1 ms,
// about 24.8 days; longer waits are made of several timers.
const maxTimerDelay = 2 ** 31 - 1;

/** A timer that calls `fn` after `ms` milliseconds, however long; returns its canceller. */
function startTimer(ms: number, fn: () => void): () => void {
  // Never: no host timer, which would only keep the process alive.
  if (ms === Infinity) return () => {};
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
 * inner token's own slot is still forwarded. Made by `cancelAfter` and `cancelAt`; unlike Asio's,
 * the timer is the host's `setTimeout`, not a timer on the operation's executor, unless a
 * `SteadyTimer` is given (`cancelAfter(timer, ms, ...)`, Asio's `cancel_after_timer`).
 *
 * @example
 * ```ts
 * import { CancelAfter, CancellationType, cancelAfter, useFuture } from '@asio-ts/core';
 *
 * const token = cancelAfter(5_000, useFuture, CancellationType.Partial);
 * console.log(token instanceof CancelAfter, token.ms, token.type); // true 5000 2
 * ```
 */
export class CancelAfter<T> implements TokenObject<'cancelAfter'> {
  /** The token's `CompletionTokenTypes` entry: `'cancelAfter'`. */
  readonly [tokenKind] = 'cancelAfter' as const;
  /** The token the operation completes through. */
  readonly token: T;
  /** The timeout in milliseconds, `Infinity` for never (for a token made by `cancelAt`: as it was when the token was made). */
  readonly ms: number;
  /** The cancellation type emitted when the time is up. */
  readonly type: CancellationType;
  /** For `cancelAt`: the deadline (ms since the epoch; with a `timer`, on the `SteadyTimer.now()` clock); undefined for `cancelAfter`. */
  readonly at: number | undefined;
  /** For `cancelAfter(timer, ...)`: the timer used as the timeout; undefined otherwise. */
  readonly timer: SteadyTimer | undefined;

  /**
   * A token cancelling after `ms` (or at the timestamp `at`, when given; with `timer`, through
   * that timer, `at` then being on its clock); prefer `cancelAfter` / `cancelAt`.
   */
  constructor(token: T, ms: number, type: CancellationType, at?: number, timer?: SteadyTimer) {
    checkToken('token', token);
    checkTimeout('ms', ms);
    checkNonNegativeInteger('type', type);
    if (at !== undefined) checkTime('at', at);
    if (timer !== undefined && !(timer instanceof SteadyTimer)) throw new TypeError(`timer must be a SteadyTimer, got ${describe(timer)}`);
    this.token = token;
    this.ms = ms;
    this.type = type;
    this.at = at;
    this.timer = timer;
  }

  /** The token protocol: launches through the inner token, the timer starting with the operation. */
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
    return asyncInitiate(launchWithTimer, this.token, this as CancelAfter<unknown>, initiation as AnyInitiation, args);
  }
}

/** What an initiating function with signature `S` returns for a `cancelAfter`/`cancelAt` token `T`. */
export type CancelAfterResult<S extends Signature, T> = AsyncResult<InnerToken<T>, S>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    cancelAfter: CancelAfterResult<S, T>;
  }
}

/**
 * Asio's cancel_after_timer / cancel_at_timer: `timer` expires `ms` from now, or at `at` on its
 * clock (which cancels its pending waits) and its wait calls `fn` on expiry; returns the
 * canceller, which cancels the wait (its handler then runs with operationAborted and does nothing).
 */
function waitOn(timer: SteadyTimer, ms: number, at: number | undefined, fn: () => void): () => void {
  let live = true;
  if (at === undefined) timer.expiresAfter(ms);
  else timer.expiresAt(at);
  timer.asyncWait((err) => {
    if (err === null && live) fn();
  });
  return () => {
    live = false;
    timer.cancel();
  };
}

/**
 * The initiation the inner token of a CancelAfter sees: starts the timer, gives the handler the
 * timer's cancellation slot (forwarding the inner handler's own), then launches the operation.
 */
function launchWithTimer(handler: Handler<Signature>, token: CancelAfter<unknown>, initiation: AnyInitiation, args: readonly unknown[]): void {
  const { ms, type, at, timer } = token;
  const delay = at === undefined || timer !== undefined ? ms : Math.max(0, at - Date.now());
  const signal = new CancellationSignal();
  const outer = getAssociatedCancellationSlot(handler);
  const forward = (t: CancellationType): void => signal.emit(t);
  if (outer.isConnected()) outer.assign(forward);
  const stopTimer = timer === undefined ? startTimer(delay, () => signal.emit(type)) : waitOn(timer, delay, at, () => signal.emit(type));
  const release = (): void => {
    stopTimer();
    outer.release(forward);
  };
  const wrapped = withAssociation(
    (...results: unknown[]) => {
      release();
      handler(...results);
    },
    handler,
    associatedCancellationSlot,
    signal.slot(),
  );
  try {
    callInitiation(initiation, wrapped, args);
  } catch (e) {
    // The operation refused to start (a programmer error): leave no timer or slot behind.
    release();
    throw e;
  }
}

/**
 * A token that cancels the operation if it has not completed `ms` milliseconds after it started
 * (Asio's `cancel_after`; `Infinity`: never, and no host timer is set), emitting `type`
 * (terminal by default) on its slot, then completing
 * through `token` (default `deferred`). The completion signature is the operation's own; what
 * the timeout does is the operation's cancellation support for `type` (an operation that does
 * not support it runs on).
 *
 * @example
 * ```ts
 * import { SteadyTimer, asTuple, cancelAfter, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * const [err] = await timer.asyncWait(cancelAfter(50, asTuple(useFuture)));
 * console.log(err?.code); // ECANCELED, after 50 ms
 * ```
 */
export function cancelAfter<T = Deferred>(ms: number, token?: T, type?: CancellationType): CancelAfter<T>;
/**
 * As `cancelAfter(ms, token, type)`, with `timer` as the timeout (Asio's `cancel_after` taking a
 * timer) instead of a host timer: when the operation starts, `timer.expiresAfter(ms)`
 * (cancelling the timer's pending waits; `Infinity`: it never expires) and one wait on it,
 * which emits `type` on expiry; when the operation completes first, `timer.cancel()`. The
 * timeout runs on the timer's executor (an `IoContext`'s `run()` lasts until that wait
 * completed) and clock; one timer serves one operation at a time.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, cancelAfter, type SystemError } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const timeout = new SteadyTimer(ioc); // reused by every operation it times out
 * const slow = new SteadyTimer(ioc, 60_000);
 * slow.asyncWait(cancelAfter(timeout, 50, (err: SystemError | null) => console.log(err?.code))); // ECANCELED
 * await ioc.run(); // about 50 ms
 * ```
 */
export function cancelAfter<T = Deferred>(timer: SteadyTimer, ms: number, token?: T, type?: CancellationType): CancelAfter<T>;
export function cancelAfter(first: number | SteadyTimer, ...rest: unknown[]): CancelAfter<unknown> {
  if (typeof first !== 'number' && first instanceof SteadyTimer) {
    const [ms, token = deferred, type = CancellationType.Terminal] = rest as [number, unknown?, CancellationType?];
    checkTimeout('ms', ms);
    checkNonNegativeInteger('type', type);
    return new CancelAfter(token, ms, type, undefined, first);
  }
  const [token = deferred, type = CancellationType.Terminal] = rest as [unknown?, CancellationType?];
  checkTimeout('ms', first);
  checkNonNegativeInteger('type', type);
  return new CancelAfter(token, first, type);
}

/**
 * A token that cancels the operation if it has not completed by `time`, a Date or a timestamp
 * in milliseconds (Asio's `cancel_at`), emitting `type` (terminal by default) on its slot. As
 * `cancelAfter` otherwise; a deadline already past (`-Infinity` too) cancels right after the
 * operation starts, `Infinity` never does (no host timer is set).
 *
 * @example
 * ```ts
 * import { SteadyTimer, cancelAt, systemExecutor, type SystemError } from '@asio-ts/core';
 *
 * const deadline = new Date(Date.now() + 1_000);
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * // A callback's parameters need their types here: the token's type is inferred from it.
 * timer.asyncWait(cancelAt(deadline, (err: SystemError | null) => console.log(err?.code))); // ECANCELED, at the deadline
 * ```
 */
export function cancelAt<T = Deferred>(time: Date | number, token?: T, type?: CancellationType): CancelAfter<T>;
/**
 * As `cancelAt(time, token, type)`, with `timer` as the timeout (Asio's `cancel_at` taking a
 * timer): `t` is a time on the timer's clock (`SteadyTimer.now()`), not a Date. When the
 * operation starts, `timer.expiresAt(t)` (cancelling the timer's pending waits) and one wait on
 * it, which emits `type` on expiry; when the operation completes first, `timer.cancel()`. A `t`
 * already past cancels right after the operation starts, `Infinity` never; one timer serves one
 * operation at a time.
 *
 * @example
 * ```ts
 * import { IoContext, SteadyTimer, cancelAt, type SystemError } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const timeout = new SteadyTimer(ioc);
 * const deadline = SteadyTimer.now() + 50; // one deadline for several steps
 * const slow = new SteadyTimer(ioc, 60_000);
 * slow.asyncWait(cancelAt(timeout, deadline, (err: SystemError | null) => console.log(err?.code))); // ECANCELED
 * await ioc.run(); // about 50 ms
 * ```
 */
export function cancelAt<T = Deferred>(timer: SteadyTimer, t: number, token?: T, type?: CancellationType): CancelAfter<T>;
export function cancelAt(first: Date | number | SteadyTimer, ...rest: unknown[]): CancelAfter<unknown> {
  if (typeof first !== 'number' && !(first instanceof Date) && first instanceof SteadyTimer) {
    const [t, token = deferred, type = CancellationType.Terminal] = rest as [number, unknown?, CancellationType?];
    if (typeof t !== 'number') throw new TypeError(`t must be a time on the SteadyTimer clock, got ${describe(t)}`);
    checkTime('t', t);
    checkNonNegativeInteger('type', type);
    return new CancelAfter(token, Math.max(0, t - SteadyTimer.now()), type, t, first);
  }
  const [token = deferred, type = CancellationType.Terminal] = rest as [unknown?, CancellationType?];
  const at = first instanceof Date ? first.getTime() : first;
  if (typeof at !== 'number' || (first instanceof Date && Number.isNaN(at))) {
    throw new TypeError(`time must be a valid Date or a timestamp, got ${describe(first)}`);
  }
  checkTime('time', at);
  checkNonNegativeInteger('type', type);
  return new CancelAfter(token, Math.max(0, at - Date.now()), type, at);
}

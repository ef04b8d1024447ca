import { isTokenObject, type Handler, type Signature } from './async-result.js';
import { associatedCancellationSlot, withAssociationsOf, type Associations } from './associations.js';
import { abortDelivered, checkedSlot, type AbortSignalSlot } from './abort-signal-slot.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { CancellationType } from './cancellation-type.js';
import { deferred, type Deferred } from './deferred.js';
import { AssociationBinder, bindToken } from './detail/binder.js';
import { checkNonNegativeInteger, describe, isAbortSignal } from './detail/check.js';
import { errorIs, errors } from './errors.js';
import { isError } from './detail/check.js';

/** The token `bindAbortSignal` returns for a token object `T`. */
export type AbortSignalBinder<T> = AssociationBinder<T, 'abortSignalBinder'>;

declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    abortSignalBinder: BinderResult<S, T>;
  }
}

/**
 * `handler`, setting the abort reason as the `cause` of an operationAborted error that has none
 * when the abort reached the operation through `slot`: the error was made after the abort was
 * delivered (asyncWrite stopping between chunks after a partial cancellation, or once a write
 * that cannot be recalled, such as a file's, completed).
 */
function keepAbortReason(handler: Handler<Signature>, slot: AbortSignalSlot): Handler<Signature> {
  const withReason = (...args: Signature): void => {
    const err = args[0];
    if (
      isError(err) &&
      !Object.hasOwn(err, 'cause') &&
      Object.isExtensible(err) &&
      errorIs(err, errors.operationAborted) &&
      abortDelivered(slot) &&
      slot.signal.reason !== undefined
    ) {
      // As `new Error(message, { cause })` defines it: writable, configurable, not enumerable.
      Object.defineProperty(err, 'cause', { value: slot.signal.reason, writable: true, configurable: true });
    }
    handler(...args);
  };
  return withAssociationsOf(withReason, handler);
}

function slotOf(handler: Handler<Signature>): AbortSignalSlot {
  return (handler as Associations)[associatedCancellationSlot] as AbortSignalSlot;
}

class AbortSignalBinderToken<T> extends AssociationBinder<T, 'abortSignalBinder'> {
  protected override adapt(handler: Handler<Signature>): Handler<Signature> {
    const bound = super.adapt(handler);
    return keepAbortReason(bound, slotOf(bound));
  }
}

/**
 * Cancel the operation launched with the returned token when `signal` aborts (with `type`,
 * terminal by default): `bindCancellationSlot` with an AbortSignal as the signal (no Asio
 * counterpart). The operation's completion signature is unchanged; what the abort does is the
 * operation's own cancellation support for `type`. A signal that is already aborted cancels the
 * operation right after it starts. The `operationAborted` error the operation then completes
 * with has `signal.reason` as its `cause` (as Node's AbortError has), whether the operation made
 * it inside the abort or later. Without a token (as Asio's partial binders), it binds the
 * default token, `deferred`; pass `undefined` as the token to give a `type` to that form. Each
 * operation launched with the token gets a fresh slot.
 *
 * @example
 * ```ts
 * import { SteadyTimer, bindAbortSignal, errorIs, errors, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * const controller = new AbortController();
 * setTimeout(() => controller.abort(new Error('shutting down')), 10);
 * try {
 *   await timer.asyncWait(bindAbortSignal(controller.signal, useFuture));
 * } catch (err) {
 *   console.log(errorIs(err, errors.operationAborted), (err as Error).cause); // true Error: shutting down
 * }
 * ```
 */
export function bindAbortSignal(signal: AbortSignal, token?: undefined, type?: CancellationType): AbortSignalBinder<Deferred>;
export function bindAbortSignal<T>(signal: AbortSignal, token: T, type?: CancellationType): Bound<T, AbortSignalBinder<T>>;
export function bindAbortSignal(
  signal: AbortSignal,
  token: unknown = deferred,
  type: CancellationType = CancellationType.Terminal,
): unknown {
  if (!isAbortSignal(signal)) throw new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`);
  checkNonNegativeInteger('type', type);
  // A fresh slot per operation: one token may launch several operations, each cancelled on abort.
  const slot = (): AbortSignalSlot => checkedSlot(signal, type);
  if (isTokenObject(token)) {
    return new AbortSignalBinderToken('abortSignalBinder', token, associatedCancellationSlot, slot);
  }
  const bound = bindToken('abortSignalBinder', token, associatedCancellationSlot, slot) as Handler<Signature>;
  return keepAbortReason(bound, slotOf(bound));
}

import { CancellationSlot, unconnectedSlot } from './cancellation-signal.js';
import { describe, mustBe } from './detail/check.js';
import { isExecutor, type Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { systemExecutor } from './system-executor.js';

/**
 * The key of a handler's associated executor (Asio's `associated_executor`). Associators: a
 * handler carries its associations as symbol-keyed properties, so a user can put them on any
 * handler function of their own (`bindExecutor` does it for you).
 *
 * @example
 * ```ts
 * import { IoContext, associatedExecutor, post, type Associations } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const handler: (() => void) & Associations = () => console.log('runs inside ioc.run()');
 * handler[associatedExecutor] = ioc.getExecutor();
 * post(handler);
 * await ioc.run();
 * ```
 */
export const associatedExecutor: unique symbol = Symbol.for('asio-ts.associatedExecutor');
/** The key of a handler's associated cancellation slot (Asio's `associated_cancellation_slot`). */
export const associatedCancellationSlot: unique symbol = Symbol.for('asio-ts.associatedCancellationSlot');
/** The key of a handler's associated immediate executor (Asio's `associated_immediate_executor`). */
export const associatedImmediateExecutor: unique symbol = Symbol.for('asio-ts.associatedImmediateExecutor');

/** The association properties a handler (or token) may carry. */
export interface Associations {
  /** Where the handler runs. */
  [associatedExecutor]?: Executor;
  /** Through which the operation can be cancelled. */
  [associatedCancellationSlot]?: CancellationSlot;
  /** What delivers a completion that happens inside the initiating call. */
  [associatedImmediateExecutor]?: Executor;
}

type Carrier = Associations | null | undefined;

/**
 * The executor `handler` runs on (Asio's `get_associated_executor`): its own association, else
 * `defaultExecutor` (the system executor by default). An operation's implementation asks this.
 *
 * @example
 * ```ts
 * import { IoContext, bindExecutor, getAssociatedExecutor, systemExecutor } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const handler = bindExecutor(ioc, () => {});
 * console.log(getAssociatedExecutor(handler) === ioc.getExecutor()); // true
 * console.log(getAssociatedExecutor(() => {}) === systemExecutor); // true
 * ```
 */
export function getAssociatedExecutor(handler: unknown, defaultExecutor: Executor = systemExecutor): Executor {
  if (defaultExecutor !== systemExecutor && !isExecutor(defaultExecutor)) {
    throw new TypeError(`defaultExecutor must be an executor, got ${describe(defaultExecutor)}`);
  }
  return (handler as Carrier)?.[associatedExecutor] ?? defaultExecutor;
}

/**
 * The slot through which `handler`'s operation can be cancelled (Asio's
 * `get_associated_cancellation_slot`): its own association, else `defaultSlot` (unconnected by
 * default). An operation that supports cancellation assigns its handler there.
 *
 * @example
 * ```ts
 * import { CancellationSignal, bindCancellationSlot, getAssociatedCancellationSlot } from '@asio-ts/core';
 *
 * const signal = new CancellationSignal();
 * const handler = bindCancellationSlot(signal.slot(), () => {});
 * console.log(getAssociatedCancellationSlot(handler).equals(signal.slot())); // true
 * console.log(getAssociatedCancellationSlot(() => {}).isConnected()); // false
 * ```
 */
export function getAssociatedCancellationSlot(
  handler: unknown,
  defaultSlot: CancellationSlot = unconnectedSlot,
): CancellationSlot {
  // The default needs no check: `instanceof` here would take the engine's generic path on every
  // operation that asks (cancellation-signal.ts).
  if (defaultSlot !== unconnectedSlot && !(defaultSlot instanceof CancellationSlot)) mustBe('defaultSlot', 'a CancellationSlot', defaultSlot);
  return (handler as Carrier)?.[associatedCancellationSlot] ?? defaultSlot;
}

/**
 * The executor that delivers `handler` when its operation completes immediately (Asio's
 * `get_associated_immediate_executor`). With no association, the I/O executor's `post` is used
 * (never inline), as Asio's default.
 *
 * @example
 * ```ts
 * import { bindImmediateExecutor, getAssociatedImmediateExecutor, inlineExecutor, systemExecutor } from '@asio-ts/core';
 *
 * const handler = bindImmediateExecutor(inlineExecutor, () => {});
 * console.log(getAssociatedImmediateExecutor(handler, systemExecutor) === inlineExecutor); // true
 * getAssociatedImmediateExecutor(() => {}, systemExecutor).dispatch(() => console.log('posted, not inline'));
 * ```
 */
export function getAssociatedImmediateExecutor(handler: unknown, ioExecutor: Executor): Executor {
  if (!isExecutor(ioExecutor)) throw new TypeError(`ioExecutor must be an executor, got ${describe(ioExecutor)}`);
  return (handler as Carrier)?.[associatedImmediateExecutor] ?? postingExecutor(ioExecutor);
}

const posting = new WeakMap<Executor, Executor>();

/**
 * `ex` with `dispatch` turned into `post` (Asio's `require(ex, blocking.never)`); the same
 * object for the same `ex`.
 *
 * @example
 * ```ts
 * import { postingExecutor, systemExecutor } from '@asio-ts/core';
 *
 * postingExecutor(systemExecutor).dispatch(() => console.log('second'));
 * console.log('first');
 * ```
 */
export function postingExecutor(ex: Executor): Executor {
  if (!isExecutor(ex)) throw new TypeError(`ex must be an executor, got ${describe(ex)}`);
  let p = posting.get(ex);
  if (p === undefined) {
    p = Object.freeze(brandExecutor({
      post: (fn: () => void) => ex.post(fn),
      defer: (fn: () => void) => ex.defer(fn),
      dispatch: (fn: () => void) => ex.post(fn),
      onWorkStarted: () => ex.onWorkStarted(),
      onWorkFinished: () => ex.onWorkFinished(),
      runningInThisThread: () => ex.runningInThisThread(),
    }));
    posting.set(ex, p);
  }
  return p;
}

/**
 * Give `wrapper` the associations of `from` (an intermediate handler must run where the final
 * one would, and be cancelled through the same slot), as Asio's `associator` forwarding does.
 * Associations `wrapper` already carries are kept: a binder's own association wins over the one
 * of the handler it wraps. Returns `wrapper`.
 *
 * @example
 * ```ts
 * import { SteadyTimer, systemExecutor, withAssociationsOf, type SystemError } from '@asio-ts/core';
 *
 * // Wait twice, completing `handler` after the second wait: each intermediate handler carries
 * // the final handler's executor and cancellation slot.
 * export function waitTwice(timer: SteadyTimer, handler: (err: SystemError | null) => void): void {
 *   timer.asyncWait(withAssociationsOf((err: SystemError | null) => {
 *     if (err !== null) return handler(err);
 *     timer.expiresAfter(100);
 *     timer.asyncWait(handler);
 *   }, handler));
 * }
 * waitTwice(new SteadyTimer(systemExecutor, 100), (err) => console.log('done', err)); // done null
 * ```
 */
export function withAssociationsOf<F extends object>(wrapper: F, from: unknown): F {
  if (typeof wrapper !== 'function' && (typeof wrapper !== 'object' || wrapper === null)) {
    throw new TypeError(`wrapper must be a function or an object, got ${wrapper === null ? 'null' : typeof wrapper}`);
  }
  if (from === null || from === wrapper || (typeof from !== 'object' && typeof from !== 'function')) return wrapper;
  // Spelled out per key rather than looped: each property access stays monomorphic.
  const src = from as Associations;
  const dst = wrapper as Associations;
  const executor = src[associatedExecutor];
  if (executor !== undefined && dst[associatedExecutor] === undefined) dst[associatedExecutor] = executor;
  const slot = src[associatedCancellationSlot];
  if (slot !== undefined && dst[associatedCancellationSlot] === undefined) dst[associatedCancellationSlot] = slot;
  const immediate = src[associatedImmediateExecutor];
  if (immediate !== undefined && dst[associatedImmediateExecutor] === undefined) dst[associatedImmediateExecutor] = immediate;
  return wrapper;
}

/**
 * Set one association on `wrapper` (after copying the others from `from`); returns `wrapper`.
 *
 * @example
 * ```ts
 * import { IoContext, associatedExecutor, getAssociatedExecutor, withAssociation } from '@asio-ts/core';
 *
 * const ioc = new IoContext();
 * const handler = withAssociation(() => console.log('done'), null, associatedExecutor, ioc.getExecutor());
 * console.log(getAssociatedExecutor(handler) === ioc.getExecutor()); // true
 * ```
 */
export function withAssociation<F extends object, K extends keyof Associations>(
  wrapper: F,
  from: unknown,
  key: K,
  value: NonNullable<Associations[K]>,
): F {
  withAssociationsOf(wrapper, from);
  (wrapper as Associations)[key] = value;
  return wrapper;
}

import { CancellationSlot, unconnectedSlot } from './cancellation-signal.js';
import { describe } from './detail/check.js';
import { isExecutor, type Executor } from './executor.js';
import { brandExecutor } from './detail/executor-brand.js';
import { systemExecutor } from './system-executor.js';

/**
 * Associators (Asio's `associated_executor`, `associated_cancellation_slot`,
 * `associated_immediate_executor`): a handler carries its associations as symbol-keyed
 * properties, so a user can put them on any handler function of their own.
 */
export const associatedExecutor: unique symbol = Symbol.for('asio-ts.associatedExecutor');
export const associatedCancellationSlot: unique symbol = Symbol.for('asio-ts.associatedCancellationSlot');
export const associatedImmediateExecutor: unique symbol = Symbol.for('asio-ts.associatedImmediateExecutor');

/** The association properties a handler (or token) may carry. */
export interface Associations {
  [associatedExecutor]?: Executor;
  [associatedCancellationSlot]?: CancellationSlot;
  [associatedImmediateExecutor]?: Executor;
}

type Carrier = Associations | null | undefined;

/** The executor `handler` runs on: its own association, else `defaultExecutor` (system). */
export function getAssociatedExecutor(handler: unknown, defaultExecutor: Executor = systemExecutor): Executor {
  if (defaultExecutor !== systemExecutor && !isExecutor(defaultExecutor)) {
    throw new TypeError(`defaultExecutor must be an executor, got ${describe(defaultExecutor)}`);
  }
  return (handler as Carrier)?.[associatedExecutor] ?? defaultExecutor;
}

/** The slot through which `handler`'s operation can be cancelled (unconnected by default). */
export function getAssociatedCancellationSlot(
  handler: unknown,
  defaultSlot: CancellationSlot = unconnectedSlot,
): CancellationSlot {
  if (!(defaultSlot instanceof CancellationSlot)) throw new TypeError(`defaultSlot must be a CancellationSlot, got ${describe(defaultSlot)}`);
  return (handler as Carrier)?.[associatedCancellationSlot] ?? defaultSlot;
}

/**
 * The executor that delivers `handler` when its operation completes immediately. With no
 * association, the I/O executor's `post` is used (never inline), as Asio's default.
 */
export function getAssociatedImmediateExecutor(handler: unknown, ioExecutor: Executor): Executor {
  if (!isExecutor(ioExecutor)) throw new TypeError(`ioExecutor must be an executor, got ${describe(ioExecutor)}`);
  return (handler as Carrier)?.[associatedImmediateExecutor] ?? postingExecutor(ioExecutor);
}

const posting = new WeakMap<Executor, Executor>();

/** `ex` with `dispatch` turned into `post` (Asio's `require(ex, blocking.never)`). */
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
 * one would, and be cancelled through the same slot). Associations `wrapper` already carries are
 * kept: a binder's own association wins over the one of the handler it wraps. Returns `wrapper`.
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

/** Set one association on `wrapper` (after copying the others from `from`). */
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

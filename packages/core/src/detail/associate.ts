import {
  associatedCancellationSlot,
  associatedExecutor,
  associatedImmediateExecutor,
  type Associations,
} from '../associations.js';

const keys = [associatedExecutor, associatedCancellationSlot, associatedImmediateExecutor] as const;

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
  const src = from as Associations;
  const dst = wrapper as Record<symbol, unknown>;
  for (const key of keys) {
    const v = src[key];
    if (v !== undefined && dst[key] === undefined) dst[key] = v;
  }
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

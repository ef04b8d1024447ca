import { associatedCancellationSlot } from './associations.js';
import type { Bound } from './bind-executor.js';
import { CancellationSignal, CancellationSlot, observeSignal, type CancellationHandler } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import type { AssociationBinder } from './detail/binder.js';
import { bindToken } from './detail/binder.js';
import { checkFunction, checkNonNegativeInteger, describe } from './detail/check.js';
import { errors, makeError } from './errors.js';

interface Waiter {
  handler: CancellationHandler;
  type: CancellationType;
}

// One 'abort' listener per AbortSignal, fanned out to the slots waiting on it, so that any number
// of operations in flight under one signal never trip MaxListenersExceededWarning. When the last
// waiter leaves, the listener is removed a microtask later rather than at once: an operation
// started from the previous one's handler (the usual loop) then finds it still in place instead
// of removing and adding it again every time. It is gone before any `await` resumes, so nothing
// is left behind by the time anyone can look. One microtask sweeps every signal that emptied.
interface Entry {
  readonly signal: AbortSignal;
  readonly set: Set<Waiter>;
  readonly onAbort: () => void;
  sweepScheduled: boolean;
}

const entries = new WeakMap<AbortSignal, Entry>();
let toSweep: Entry[] = [];

/**
 * Add `waiter` to `signal`'s listeners; false when the signal is already aborted (then nothing
 * was added). A signal with an entry is known not to be aborted: the abort removes the entry.
 */
function addWaiter(signal: AbortSignal, waiter: Waiter): boolean {
  let entry = entries.get(signal);
  if (entry === undefined) {
    if (signal.aborted) return false;
    const set = new Set<Waiter>();
    const onAbort = (): void => {
      const all = [...set];
      set.clear();
      signal.removeEventListener('abort', onAbort);
      entries.delete(signal);
      for (const w of all) w.handler(w.type);
    };
    entry = { signal, set, onAbort, sweepScheduled: false };
    entries.set(signal, entry);
    signal.addEventListener('abort', onAbort);
  }
  entry.set.add(waiter);
  return true;
}

function removeWaiter(signal: AbortSignal, waiter: Waiter): void {
  const entry = entries.get(signal);
  if (entry === undefined || !entry.set.delete(waiter) || entry.set.size > 0 || entry.sweepScheduled) return;
  entry.sweepScheduled = true;
  if (toSweep.length === 0) queueMicrotask(sweep);
  toSweep.push(entry);
}

function sweep(): void {
  const list = toSweep;
  toSweep = [];
  for (const entry of list) {
    entry.sweepScheduled = false;
    const signal = entry.signal;
    if (entry.set.size === 0 && entries.get(signal) === entry) {
      signal.removeEventListener('abort', entry.onAbort);
      entries.delete(signal);
    }
  }
}

/**
 * A cancellation slot fed by an AbortSignal: while an operation's handler is assigned, aborting
 * the signal emits `type` to it. The AbortSignal listener exists only while a handler is assigned.
 */
export class AbortSignalSlot extends CancellationSlot {
  readonly signal: AbortSignal;
  readonly #type: CancellationType;
  #waiter: Waiter | null = null;

  constructor(signal: AbortSignal, type: CancellationType = CancellationType.Terminal) {
    if (!isAbortSignal(signal)) throw new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`);
    checkNonNegativeInteger('type', type);
    super(null);
    this.signal = signal;
    this.#type = type;
  }

  override assign(handler: CancellationHandler): void {
    checkFunction('handler', handler);
    this.clear();
    const waiter: Waiter = { handler, type: this.#type };
    this.#waiter = waiter;
    if (!addWaiter(this.signal, waiter)) {
      // Already aborted: cancel once the operation has finished installing itself.
      queueMicrotask(() => {
        if (this.#waiter === waiter) {
          this.#waiter = null;
          handler(waiter.type);
        }
      });
    }
  }

  override clear(): void {
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      removeWaiter(this.signal, waiter);
    }
  }

  override release(handler: CancellationHandler): void {
    if (this.#waiter?.handler === handler) this.clear();
  }

  override isConnected(): boolean {
    return true;
  }

  override hasHandler(): boolean {
    return this.#waiter !== null;
  }

  override equals(other: CancellationSlot): boolean {
    return other === this;
  }
}

export type AbortSignalBinder<T> = AssociationBinder<T, 'abortSignalBinder'>;

const AbortSignalClass: typeof AbortSignal | undefined = (globalThis as { AbortSignal?: typeof AbortSignal }).AbortSignal;

function isAbortSignal(x: unknown): x is AbortSignal {
  // instanceof first: reading `aborted` on a real AbortSignal goes through a checked getter.
  if (AbortSignalClass !== undefined && x instanceof AbortSignalClass) return true;
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as AbortSignal).aborted === 'boolean' &&
    typeof (x as AbortSignal).addEventListener === 'function'
  );
}

/**
 * Cancel the operation launched with the returned token when `signal` aborts (with `type`,
 * terminal by default). A signal that is already aborted cancels the operation right after it
 * starts.
 */
export function bindAbortSignal<T>(
  signal: AbortSignal,
  token: T,
  type: CancellationType = CancellationType.Terminal,
): Bound<T, AbortSignalBinder<T>> {
  if (!isAbortSignal(signal)) throw new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`);
  checkNonNegativeInteger('type', type);
  // A fresh slot per operation: one token may launch several operations, each cancelled on abort.
  return bindToken('abortSignalBinder', token, associatedCancellationSlot, () => new AbortSignalSlot(signal, type)) as Bound<
    T,
    AbortSignalBinder<T>
  >;
}

const bridged = new WeakMap<CancellationSignal, Map<CancellationType, AbortSignal>>();

/**
 * An AbortSignal that aborts (with a `SystemError` operationAborted as its reason) the first time
 * `signal` emits a type in `mask`, for handing asio-ts cancellation to APIs that take an
 * AbortSignal (fetch, fs, timers/promises, ...).
 */
export function toAbortSignal(signal: CancellationSignal, mask: CancellationType = CancellationType.All): AbortSignal {
  if (!(signal instanceof CancellationSignal)) throw new TypeError(`signal must be a CancellationSignal, got ${describe(signal)}`);
  checkNonNegativeInteger('mask', mask);
  // One AbortSignal (and one observer) per signal and mask, however often this is called.
  let byMask = bridged.get(signal);
  if (byMask === undefined) {
    byMask = new Map();
    bridged.set(signal, byMask);
  }
  const known = byMask.get(mask);
  if (known !== undefined) return known;
  const controller = new AbortController();
  observeSignal(signal, (type) => {
    if ((type & mask) !== 0 && !controller.signal.aborted) {
      controller.abort(makeError(errors.operationAborted, `cancellation signal emitted (type ${type})`));
    }
  });
  byMask.set(mask, controller.signal);
  return controller.signal;
}

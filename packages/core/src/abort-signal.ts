import { isTokenObject, type Handler, type Signature } from './async-result.js';
import { associatedCancellationSlot, withAssociationsOf, type Associations } from './associations.js';
import type { BinderResult, Bound } from './bind-executor.js';
import { CancellationSignal, CancellationSlot, observeSignal, type CancellationHandler } from './cancellation-signal.js';
import { CancellationType } from './cancellation-type.js';
import { deferred, type Deferred } from './deferred.js';
import { AssociationBinder, bindToken } from './detail/binder.js';
import { checkFunction, checkNonNegativeInteger, describe } from './detail/check.js';
import { withAbortReason } from './detail/abort-reason.js';
import { errorIs, errors, makeError } from './errors.js';

/** One assigned slot handler, linked into its signal's list of waiters (no Set to hash into). */
class Waiter {
  readonly handler: CancellationHandler;
  readonly type: CancellationType;
  prev: Waiter | null = null;
  next: Waiter | null = null;
  /** The signal's entry while linked. */
  entry: Entry | null = null;
  /** Set when the abort reached `handler`. */
  delivered = false;

  constructor(handler: CancellationHandler, type: CancellationType) {
    this.handler = handler;
    this.type = type;
  }
}

// One 'abort' listener per AbortSignal, fanned out to the slots waiting on it, so that any number
// of operations in flight under one signal never trip MaxListenersExceededWarning. When the last
// waiter leaves, the listener is removed a microtask later rather than at once: an operation
// started from the previous one's handler (the usual loop) then finds it still in place instead
// of removing and adding it again every time. It is gone before any `await` resumes, so nothing
// is left behind by the time anyone can look. One microtask sweeps every signal that emptied.
interface Entry {
  readonly signal: AbortSignal;
  // Linked in the order the handlers were assigned, which is the order an abort reaches them.
  head: Waiter | null;
  tail: Waiter | null;
  count: number;
  readonly onAbort: () => void;
  sweepScheduled: boolean;
}

const entries = new WeakMap<AbortSignal, Entry>();
let toSweep: Entry[] = [];

/**
 * Link `waiter` into `signal`'s waiters; false when the signal is already aborted (then nothing
 * was linked). A signal with an entry is known not to be aborted: the abort removes the entry.
 */
function addWaiter(signal: AbortSignal, waiter: Waiter): boolean {
  let entry = entries.get(signal);
  if (entry === undefined) {
    if (signal.aborted) return false;
    const onAbort = (): void => {
      const e = entry!;
      const all: Waiter[] = [];
      for (let w = e.head; w !== null; w = w.next) all.push(w);
      for (const w of all) {
        w.entry = null;
        w.prev = w.next = null;
      }
      e.head = e.tail = null;
      e.count = 0;
      signal.removeEventListener('abort', onAbort);
      entries.delete(signal);
      // The operations make their operationAborted errors in these handlers: with the reason.
      withAbortReason(signal.reason, () => {
        for (const w of all) {
          w.delivered = true;
          w.handler(w.type);
        }
      });
    };
    entry = { signal, head: null, tail: null, count: 0, onAbort, sweepScheduled: false };
    entries.set(signal, entry);
    signal.addEventListener('abort', onAbort);
  }
  const tail = entry.tail;
  waiter.prev = tail;
  if (tail !== null) tail.next = waiter;
  else entry.head = waiter;
  entry.tail = waiter;
  entry.count++;
  waiter.entry = entry;
  return true;
}

function removeWaiter(waiter: Waiter): void {
  const entry = waiter.entry;
  if (entry === null) return;
  waiter.entry = null;
  const { prev, next } = waiter;
  if (prev !== null) prev.next = next;
  else entry.head = next;
  if (next !== null) next.prev = prev;
  else entry.tail = prev;
  waiter.prev = waiter.next = null;
  if (--entry.count > 0 || entry.sweepScheduled) return;
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
    if (entry.count === 0 && entries.get(signal) === entry) {
      signal.removeEventListener('abort', entry.onAbort);
      entries.delete(signal);
    }
  }
}

// Set while bindAbortSignal makes a slot from arguments it already checked.
let checkedArguments = false;

// True once an abort reached a handler assigned to the slot (for bindAbortSignal's handlers).
let abortDelivered: (slot: AbortSignalSlot) => boolean;

/**
 * A cancellation slot fed by an AbortSignal (no Asio counterpart: the bridge from the web
 * platform's cancellation): while an operation's handler is assigned, aborting the signal emits
 * `type` to it. The AbortSignal listener exists only while a handler is assigned. An
 * `operationAborted` error the operation makes in that handler (`makeError`) has the signal's
 * `reason` as its `cause`. `bindAbortSignal` makes one per operation; use this class directly
 * only to hand a slot to code that takes one.
 *
 * @example
 * ```ts
 * import { AbortSignalSlot, CancellationType, SteadyTimer, bindCancellationSlot, systemExecutor } from '@asio-ts/core';
 *
 * const controller = new AbortController();
 * const slot = new AbortSignalSlot(controller.signal, CancellationType.Total);
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * timer.asyncWait(bindCancellationSlot(slot, (err: Error | null) => console.log(err?.cause))); // 'user left'
 * controller.abort('user left');
 * ```
 */
export class AbortSignalSlot extends CancellationSlot {
  /** The AbortSignal whose abort cancels the operation. */
  readonly signal: AbortSignal;
  readonly #type: CancellationType;
  #waiter: Waiter | null = null;
  #delivered = false;

  static {
    abortDelivered = (slot) => slot.#delivered || slot.#waiter?.delivered === true;
  }

  /** A slot that emits `type` (terminal by default) to its handler when `signal` aborts. */
  constructor(signal: AbortSignal, type: CancellationType = CancellationType.Terminal) {
    if (!checkedArguments) {
      if (!isAbortSignal(signal)) throw new TypeError(`signal must be an AbortSignal, got ${describe(signal)}`);
      checkNonNegativeInteger('type', type);
    }
    super(null);
    this.signal = signal;
    this.#type = type;
  }

  override assign(handler: CancellationHandler): void {
    checkFunction('handler', handler);
    this.clear();
    const waiter = new Waiter(handler, this.#type);
    this.#waiter = waiter;
    if (!addWaiter(this.signal, waiter)) {
      // Already aborted: cancel once the operation has finished installing itself.
      queueMicrotask(() => {
        if (this.#waiter === waiter) {
          this.#waiter = null;
          this.#delivered = true;
          withAbortReason(this.signal.reason, () => handler(waiter.type));
        }
      });
    }
  }

  override clear(): void {
    const waiter = this.#waiter;
    if (waiter !== null) {
      this.#waiter = null;
      if (waiter.delivered) this.#delivered = true;
      removeWaiter(waiter);
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

function checkedSlot(signal: AbortSignal, type: CancellationType): AbortSignalSlot {
  checkedArguments = true;
  try {
    return new AbortSignalSlot(signal, type);
  } finally {
    checkedArguments = false;
  }
}

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
      err instanceof Error &&
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

const bridged = new WeakMap<CancellationSignal, Map<CancellationType, AbortSignal>>();

/**
 * An AbortSignal that aborts (with a `SystemError` operationAborted as its reason) the first time
 * `signal` emits a type in `mask` (all types by default), for handing asio-ts cancellation to
 * APIs that take an AbortSignal (fetch, fs, timers/promises, ...). The same AbortSignal is
 * returned for the same signal and mask.
 *
 * @example
 * ```ts
 * import { readFile } from 'node:fs/promises';
 * import { CancellationSignal, toAbortSignal } from '@asio-ts/core';
 *
 * const cancel = new CancellationSignal();
 * const reading = readFile('/var/log/syslog', { signal: toAbortSignal(cancel) });
 * cancel.emit();
 * await reading.catch((e: unknown) => console.log((e as Error).name)); // AbortError
 * ```
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

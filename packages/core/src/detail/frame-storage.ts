// Carries the current coroutine frame across awaits. On Node (and Deno, Bun) it is an
// AsyncLocalStorage, reached without a static import so that core still loads in browsers; where
// there is none, the frame is known only for the synchronous extent of `run` (the body up to its
// first `await`, and the subscription to an awaitable given as the coroutine), and code passes it
// explicitly beyond that (the context argument of `coSpawn`).

import { loadAsyncHooks, type Storage } from './async-hooks.js';
import { scheduleMacrotask } from './host.js';

// The storage of the one FrameStorage (coroutine-frame.ts's `frames`), for `outsideCoroutines`.
let frameStore: Storage<unknown> | undefined;
// Coroutines entered and not ended. With none, a frame any context holds has ended and reads as
// none (FrameStorage.current), so the loops and HandlerWork skip asking the storage, which costs
// an async-resource look-up per completion.
let liveFrames = 0;
// A switch-off of the storage is waiting for its macrotask (frameEnded).
let switchOffPending = false;

/** A coroutine frame is about to be entered for the first time (CoroutineFrame.enter). */
export function frameBegan(): void {
  liveFrames++;
}

/**
 * A frame counted by `frameBegan` ended; called once per frame. With none left alive the storage
 * is switched off until the next coroutine enters one: on Node before the AsyncContextFrame
 * storage, an AsyncLocalStorage in use keeps promise hooks on, which makes every promise and
 * `await` in the process dearer, not only the coroutines'.
 */
export function frameEnded(): void {
  if (--liveFrames > 0 || switchOffPending || frameStore?.disable === undefined) return;
  // On a later macrotask, if none began meanwhile: coroutines awaited one after another would
  // otherwise switch it off and on again for each (the switch costs about as much as a coroutine).
  switchOffPending = true;
  scheduleMacrotask(switchOffIfIdle);
}

function switchOffIfIdle(): void {
  switchOffPending = false;
  if (liveFrames === 0) frameStore?.disable?.();
}

/**
 * Run `fn` in no coroutine frame. For the places that run handlers (the system executor's drain,
 * IoContext.run(), the timers' host callback, HandlerWork's direct call): a host callback keeps
 * the async context of whoever scheduled it, which may be a coroutine that has nothing to do
 * with the handlers it runs.
 */
export function outsideCoroutines<R>(fn: () => R): R {
  return inCoroutineFrame() ? frameStore!.run(undefined, fn) : fn();
}

/** Whether the current async context may have a live coroutine frame. */
export function inCoroutineFrame(): boolean {
  return liveFrames > 0 && frameStore !== undefined && frameStore.getStore() !== undefined;
}

/** A frame ends with its coroutine: one found after that (through a callback it scheduled) is none. */
export interface Frame {
  readonly ended: boolean;
}

export class FrameStorage<T extends Frame> {
  readonly #storage: Storage<T> | undefined;
  /** Without AsyncLocalStorage: the frame of the `run` call on the stack, if any. */
  #synchronous: T | undefined;

  constructor() {
    const hooks = loadAsyncHooks();
    this.#storage = hooks === undefined ? undefined : new hooks.AsyncLocalStorage<T>();
    frameStore = this.#storage as Storage<unknown> | undefined;
  }

  /** True when frames follow awaits implicitly. */
  get implicit(): boolean {
    return this.#storage !== undefined;
  }

  /** The current frame: across awaits with AsyncLocalStorage, only inside `run`'s call without. */
  current(): T | undefined {
    const frame = this.#storage === undefined ? this.#synchronous : this.#storage.getStore();
    return frame === undefined || frame.ended ? undefined : frame;
  }

  run<R>(frame: T, fn: () => R): R {
    if (this.#storage !== undefined) return this.#storage.run(frame, fn);
    const outer = this.#synchronous;
    this.#synchronous = frame;
    try {
      return fn();
    } finally {
      this.#synchronous = outer;
    }
  }
}

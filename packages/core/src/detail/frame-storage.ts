// Carries the current coroutine frame across awaits. On Node (and Deno, Bun) it is an
// AsyncLocalStorage, reached without a static import so that core still loads in browsers; where
// there is none, the frame is known only for the synchronous extent of `run` (the body up to its
// first `await`, and the subscription to an awaitable given as the coroutine), and code passes it
// explicitly beyond that (the context argument of `coSpawn`).

import { loadAsyncHooks, type Storage } from './async-hooks.js';

export class FrameStorage<T> {
  readonly #storage: Storage<T> | undefined;
  /** Without AsyncLocalStorage: the frame of the `run` call on the stack, if any. */
  #synchronous: T | undefined;

  constructor() {
    const hooks = loadAsyncHooks();
    this.#storage = hooks === undefined ? undefined : new hooks.AsyncLocalStorage<T>();
  }

  /** True when frames follow awaits implicitly. */
  get implicit(): boolean {
    return this.#storage !== undefined;
  }

  /** The current frame: across awaits with AsyncLocalStorage, only inside `run`'s call without. */
  current(): T | undefined {
    return this.#storage === undefined ? this.#synchronous : this.#storage.getStore();
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

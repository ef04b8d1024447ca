// Carries the current coroutine frame across awaits. On Node (and Deno, Bun) it is an
// AsyncLocalStorage, reached without a static import so that core still loads in browsers; where
// there is none, code passes the frame explicitly (the context argument of `coSpawn`).

interface Storage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type AsyncHooks = { AsyncLocalStorage: new <T>() => Storage<T> };

function loadAsyncHooks(): AsyncHooks | undefined {
  if ((globalThis as { __asioTsNoAsyncLocalStorage?: boolean }).__asioTsNoAsyncLocalStorage === true) return undefined;
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const mod = p?.getBuiltinModule?.('node:async_hooks') as AsyncHooks | undefined;
    return typeof mod?.AsyncLocalStorage === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

export class FrameStorage<T> {
  readonly #storage: Storage<T> | undefined;

  constructor() {
    const hooks = loadAsyncHooks();
    this.#storage = hooks === undefined ? undefined : new hooks.AsyncLocalStorage<T>();
  }

  /** True when frames follow awaits implicitly. */
  get implicit(): boolean {
    return this.#storage !== undefined;
  }

  current(): T | undefined {
    return this.#storage?.getStore();
  }

  run<R>(frame: T, fn: () => R): R {
    return this.#storage === undefined ? fn() : this.#storage.run(frame, fn);
  }
}

// Node's `node:async_hooks` (also in Deno and Bun), reached without a static import so that core
// still loads in browsers: the AsyncLocalStorage that carries coroutine frames.

export interface Storage<T> {
  getStore(): T | undefined;
  run<R>(store: T, fn: () => R): R;
}

type AsyncHooks = {
  AsyncLocalStorage: new <T>() => Storage<T>;
};

export function loadAsyncHooks(): AsyncHooks | undefined {
  if ((globalThis as { __asioTsNoAsyncLocalStorage?: boolean }).__asioTsNoAsyncLocalStorage === true) return undefined;
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const mod = p?.getBuiltinModule?.('node:async_hooks') as AsyncHooks | undefined;
    return typeof mod?.AsyncLocalStorage === 'function' ? mod : undefined;
  } catch {
    return undefined;
  }
}

// Node's `node:async_hooks` (also in Deno and Bun, through `hostBuiltin`): the
// AsyncLocalStorage that carries coroutine frames, and the binding of a callback to the async
// context current when it was made.

import { hostBuiltin } from './host-builtin.js';

export interface Storage<T> {
  getStore(): T | undefined;
  run<R>(store: T | undefined, fn: () => R): R;
  /** Node: stop tracking (its promise hooks off) until the next `run`. */
  disable?(): void;
}

type AsyncHooks = {
  AsyncLocalStorage: (new <T>() => Storage<T>) & { bind?: <F extends (...args: never[]) => unknown>(fn: F) => F };
};

export function loadAsyncHooks(): AsyncHooks | undefined {
  if ((globalThis as { __asioTsNoAsyncLocalStorage?: boolean }).__asioTsNoAsyncLocalStorage === true) return undefined;
  const mod = hostBuiltin('node:async_hooks') as AsyncHooks | undefined;
  return typeof mod?.AsyncLocalStorage === 'function' ? mod : undefined;
}

const bindToContext = loadAsyncHooks()?.AsyncLocalStorage.bind;

/**
 * `fn`, bound to run in the async context current now (every AsyncLocalStorage's store, as an
 * `await` would restore them), where the host has AsyncLocalStorage; `fn` itself elsewhere. For
 * a loop driven by callbacks that a host schedules (IoContext.run()'s timers and macrotask turns).
 */
export function bindToCurrentContext<F extends (...args: never[]) => unknown>(fn: F): F {
  return bindToContext === undefined ? fn : bindToContext(fn);
}

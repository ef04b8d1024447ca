// Telling a Proxy from its target, where the host can (Node's `util.types.isProxy`, reached
// without a static import so that core still loads in browsers). A Proxy passes every check a
// library can make in JavaScript, and the engine's own methods then refuse it as a receiver.

function loadIsProxy(): ((x: unknown) => boolean) | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    const util = p?.getBuiltinModule?.('node:util') as { types?: { isProxy?: unknown } } | undefined;
    const f = util?.types?.isProxy;
    return typeof f === 'function' ? (f as (x: unknown) => boolean) : undefined;
  } catch {
    return undefined;
  }
}

/** `util.types.isProxy` where the host has it; undefined where a Proxy cannot be told. */
export const isProxy: ((x: unknown) => boolean) | undefined = loadIsProxy();

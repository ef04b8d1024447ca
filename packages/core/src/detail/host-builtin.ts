// A Node built-in module (also in Deno and Bun) reached without a static import, so that core
// still loads in browsers: `process.getBuiltinModule`, where the host has it.

/** The built-in module `id` (`'node:util'`), or undefined where the host has none or refuses. */
export function hostBuiltin(id: string): unknown {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  try {
    return p?.getBuiltinModule?.(id);
  } catch {
    return undefined;
  }
}

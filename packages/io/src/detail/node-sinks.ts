// The Node sinks that are done with a chunk when they call its write back: a net.Socket (tls,
// tty and the sockets of http included) has handed the bytes to the kernel, an fs.WriteStream
// has written them. Other streams may keep the chunk after the callback (a PassThrough or a
// Transform queues it for its reader), so `fromWritable` copies what it gives them. Looked up
// without a static import, so that io still loads in browsers.

type Constructor = abstract new (...args: never[]) => object;

let sinks: readonly Constructor[] | undefined;

function builtinClass(id: string, name: string): Constructor | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  let mod: unknown;
  try {
    mod = p?.getBuiltinModule?.(id);
  } catch {
    return undefined;
  }
  const c = (mod as Record<string, unknown> | undefined)?.[name];
  return typeof c === 'function' ? (c as Constructor) : undefined;
}

/** True when `w` is a stream whose write callback means it holds no reference to the chunk. */
export function releasesChunkAtCallback(w: object): boolean {
  sinks ??= [builtinClass('node:net', 'Socket'), builtinClass('node:fs', 'WriteStream')].filter((c): c is Constructor => c !== undefined);
  for (const c of sinks) if (w instanceof c) return true;
  return false;
}

/** The Node object under one of ours, for tests that make it misbehave as Node itself could. */

type Emitter = { on(event: string, listener: (...args: never[]) => unknown): unknown };

/**
 * Run `make` and return what it made, with the first object of `Class` (net.Server, net.Socket,
 * dgram.Socket) it put an `event` listener on meanwhile.
 */
export async function withUnderlying<T, N>(Class: { prototype: Emitter }, event: string, make: () => T | Promise<T>): Promise<[T, N]> {
  const on = jest.spyOn(Class.prototype, 'on');
  try {
    const made = await make();
    const at = on.mock.calls.findIndex((args) => args[0] === event);
    if (at < 0) throw new Error(`nothing put a '${event}' listener on a ${String((Class as { name?: unknown }).name)}`);
    return [made, on.mock.contexts[at] as N];
  } finally {
    on.mockRestore();
  }
}

/** Small helpers of the tcp.Socket tests. */
export const bytes = (s: string): Uint8Array => new TextEncoder().encode(s);
export const text = (b: Uint8Array): string => new TextDecoder().decode(b);

/** A handler that records its arguments and whether it ran inside the initiating call. */
export function probe<A extends unknown[]>() {
  let inside = false;
  let resolve!: (a: A) => void;
  const done = new Promise<A>((r) => (resolve = r));
  const calls: A[] = [];
  const handler = (...args: A): void => {
    if (inside) throw new Error('handler ran inside the initiating call');
    calls.push(args);
    resolve(args);
  };
  return {
    handler,
    done,
    calls,
    /** Run the initiating call with `inside` set, so the handler can tell. */
    start(fn: () => void): void {
      inside = true;
      try {
        fn();
      } finally {
        inside = false;
      }
    },
  };
}

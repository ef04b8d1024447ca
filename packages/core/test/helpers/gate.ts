// A promise with its resolve function exposed: lets a test hold a handler suspended.

/** A promise with its resolve function exposed. */
export function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { promise, open };
}

// Waits one macrotask (setImmediate): long enough for every microtask queued before it to run.

export const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

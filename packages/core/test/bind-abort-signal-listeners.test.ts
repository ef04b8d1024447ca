// bindAbortSignal: the abort listener's lifetime (one per signal, released when no operation waits)
// and many concurrent operations under one signal.
import { bindAbortSignal, errorIs, errors, useFuture } from '@asio-ts/core';
import { asyncAdd, asyncSleep, asyncWaitForever, flush } from './helpers/ops';
import { listeners } from './helpers/abort-signal';

/**
 * Capture process warnings: through `process.on('warning')`, and through stderr, where Node
 * prints them (inside jest the test sees a copy of `process` whose 'warning' events never fire,
 * but the real stderr stream is shared).
 */
function captureWarnings(): { stop(): string[] } {
  const seen: string[] = [];
  const onWarning = (w: Error): void => {
    seen.push(`${w.name}: ${w.message}`);
  };
  process.on('warning', onWarning);
  const stderr = process.stderr as unknown as { write: (...args: unknown[]) => boolean };
  const write = stderr.write;
  stderr.write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const text = String(chunk);
    if (/Warning/.test(text)) {
      seen.push(text);
      return true;
    }
    return write.call(process.stderr, chunk, ...rest);
  };
  return {
    stop() {
      process.off('warning', onWarning);
      stderr.write = write;
      return seen;
    },
  };
}

function warningsDisabled(): boolean {
  return [...process.execArgv, process.env['NODE_OPTIONS'] ?? ''].some((a) => a.includes('--no-warnings'));
}

describe('bindAbortSignal: AbortSignal → cancellation', () => {

  test('the abort listener exists only while an operation waits, and is released at completion', async () => {
    const ac = new AbortController();
    expect(listeners(ac.signal)).toBe(0);
    const order: string[] = [];
    const short = asyncSleep(5, bindAbortSignal(ac.signal, useFuture)).then(() => order.push('short'));
    const long = asyncSleep(30, bindAbortSignal(ac.signal, useFuture)).then(() => order.push('long'));
    expect(listeners(ac.signal)).toBe(1); // one listener, shared by both operations
    await short;
    expect(listeners(ac.signal)).toBe(1); // the long one still waits
    await long;
    expect(order).toEqual(['short', 'long']);
    expect(listeners(ac.signal)).toBe(0);
    ac.abort(); // nothing left to cancel
    await flush();
    expect(order).toEqual(['short', 'long']);
  });

  test('the listener is released when the abort cancelled everything', async () => {
    const ac = new AbortController();
    const p = asyncWaitForever(bindAbortSignal(ac.signal, useFuture)).catch(() => 'cancelled');
    expect(listeners(ac.signal)).toBe(1);
    ac.abort();
    expect(listeners(ac.signal)).toBe(0);
    await expect(p).resolves.toBe('cancelled');
  });

  test('sequential operations under one signal leave no listener behind', async () => {
    const ac = new AbortController();
    for (let i = 0; i < 10_000; i++) {
      await new Promise<void>((resolve) => asyncAdd(i, 1, bindAbortSignal(ac.signal, () => resolve())));
    }
    expect(listeners(ac.signal)).toBe(0);
  });

  test('10,000 concurrent operations under one signal: one listener, no MaxListenersExceededWarning', async () => {
    // Control first: 11 raw listeners on one AbortSignal do produce the warning, so the capture
    // below is able to see one.
    const control = captureWarnings();
    const raw = new AbortController();
    for (let i = 0; i < 11; i++) raw.signal.addEventListener('abort', () => {});
    await flush(2);
    const controlWarnings = control.stop();
    if (!warningsDisabled()) expect(controlWarnings.join('\n')).toMatch(/MaxListenersExceeded/);

    const capture = captureWarnings();
    let warnings: string[];
    try {
      const ac = new AbortController();
      const results: Array<Promise<unknown>> = [];
      for (let i = 0; i < 10_000; i++) {
        results.push(asyncWaitForever(bindAbortSignal(ac.signal, useFuture)).catch((e: unknown) => e));
      }
      expect(listeners(ac.signal)).toBe(1);
      ac.abort();
      const errs = await Promise.all(results);
      expect(errs.every((e) => errorIs(e, errors.operationAborted))).toBe(true);
      expect(listeners(ac.signal)).toBe(0);
      await flush(2); // warnings are emitted on a later tick
    } finally {
      warnings = capture.stop();
    }
    expect(warnings.filter((w) => /MaxListenersExceeded/.test(w))).toEqual([]);
  });

  test('many concurrent operations that complete normally release the listener', async () => {
    const ac = new AbortController();
    const all: Array<Promise<number>> = [];
    for (let i = 0; i < 1000; i++) all.push(asyncAdd(i, 0, bindAbortSignal(ac.signal, useFuture)));
    expect(listeners(ac.signal)).toBe(0); // asyncAdd does not install a cancellation handler
    await Promise.all(all);
    const waits: Array<Promise<unknown>> = [];
    const controllers = [new AbortController(), new AbortController()];
    for (const c of controllers) for (let i = 0; i < 50; i++) waits.push(asyncWaitForever(bindAbortSignal(c.signal, useFuture)).catch(() => {}));
    expect(controllers.map((c) => listeners(c.signal))).toEqual([1, 1]);
    controllers[0]!.abort();
    expect(controllers.map((c) => listeners(c.signal))).toEqual([0, 1]);
    controllers[1]!.abort();
    await Promise.all(waits);
    expect(controllers.map((c) => listeners(c.signal))).toEqual([0, 0]);
  });
});

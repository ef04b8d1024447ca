import type { Executor } from '@asio-ts/core';

/**
 * An executor that forwards everything to `inner` and counts outstanding work
 * (`onWorkStarted` minus `onWorkFinished`), so a test can see that every operation gave back the
 * work it took, also over executors that track none (the system executor).
 */
export class CountingExecutor implements Executor {
  readonly inner: Executor;
  outstanding = 0;
  started = 0;
  posted = 0;
  /** onWorkFinished calls with no work outstanding (a double release). */
  underflows = 0;

  constructor(inner: Executor) {
    this.inner = inner;
  }

  post(fn: () => void): void {
    this.posted++;
    this.inner.post(fn);
  }

  defer(fn: () => void): void {
    this.posted++;
    this.inner.defer(fn);
  }

  dispatch(fn: () => void): void {
    this.inner.dispatch(fn);
  }

  onWorkStarted(): void {
    this.started++;
    this.outstanding++;
    this.inner.onWorkStarted();
  }

  onWorkFinished(): void {
    this.outstanding--;
    // Not thrown: the caller is library code; the test checks the count afterwards.
    if (this.outstanding < 0) this.underflows++;
    this.inner.onWorkFinished();
  }

  runningInThisThread(): boolean {
    return this.inner.runningInThisThread();
  }
}

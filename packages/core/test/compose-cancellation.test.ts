// asyncCompose: cancellation filters, as Asio's compose_*_cancellation_test (default, partial and
// total filters over an inner wait).
import {
  asyncCompose,
  asyncInitiate,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  enablePartialCancellation,
  enableTerminalCancellation,
  enableTotalCancellation,
  errors,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  IoContext,
  makeError,
  post,
  useFuture,
  type AsyncResult,
  type CancellationFilter,
  type ComposedOperation,
  type SystemError,
} from '@asio-ts/core';

// ---------------------------------------------------------------------------------------------
// Asio's impl_cancellable: an inner wait (there a timer, here an event the test opens), completed
// with "ok" unless the cancellation let through by the filter aborted the wait.

interface Event {
  open(): void;
}

/** An operation that waits for `event`; terminal/partial/total cancellation on its slot aborts it. */
function asyncWaitFor<T>(ioc: IoContext, event: { waiters: Array<() => void> }, token: T): AsyncResult<T, [SystemError | null]> {
  return asyncInitiate<[SystemError | null], T, []>((handler) => {
    const ex = ioc.getExecutor();
    const target = getAssociatedExecutor(handler, ex);
    ex.onWorkStarted();
    const slot = getAssociatedCancellationSlot(handler);
    let done = false;
    const finish = (err: SystemError | null): void => {
      if (done) return;
      done = true;
      slot.clear();
      post(ex, bindExecutor(target, () => handler(err)));
      ex.onWorkFinished();
    };
    if (slot.isConnected()) slot.assign(() => finish(makeError(errors.operationAborted)));
    event.waiters.push(() => finish(null));
  }, token);
}

function makeEvent(): Event & { waiters: Array<() => void> } {
  const waiters: Array<() => void> = [];
  return {
    waiters,
    open() {
      for (const w of waiters.splice(0)) w();
    },
  };
}

function asyncCancellable<T>(
  filter: CancellationFilter | null,
  ioc: IoContext,
  event: { waiters: Array<() => void> },
  seen: { cancelled: CancellationType[] },
  token: T,
): AsyncResult<T, [boolean]> {
  let state: 'starting' | 'waiting' = 'starting';
  return asyncCompose<[boolean], T>(
    (self: ComposedOperation<[boolean]>, err?: SystemError | null) => {
      if (state === 'starting') {
        if (filter !== null) self.resetCancellationState(filter);
        state = 'waiting';
        asyncWaitFor(ioc, event, self);
      } else {
        seen.cancelled.push(self.cancelled());
        self.complete(!err);
      }
    },
    token,
    ioc,
  );
}

describe('asyncCompose: cancellation filters (Asio compose_*_cancellation_test)', () => {
  type Row = [name: string, filter: CancellationFilter | null, emitted: CancellationType | null, ok: boolean, cancelled: CancellationType];
  const T = CancellationType.Terminal;
  const P = CancellationType.Partial;
  const Tot = CancellationType.Total;
  const N = CancellationType.None;
  const rows: Row[] = [
    ['default filter, no cancellation', null, null, true, N],
    ['default filter, total: unsupported', null, Tot, true, N],
    ['default filter, partial: unsupported', null, P, true, N],
    ['default filter, terminal: aborts', null, T, false, T],
    ['explicit terminal filter, partial: unsupported', enableTerminalCancellation, P, true, N],
    ['partial filter, no cancellation', enablePartialCancellation, null, true, N],
    ['partial filter, total: unsupported', enablePartialCancellation, Tot, true, N],
    ['partial filter, partial: aborts', enablePartialCancellation, P, false, P],
    ['partial filter, terminal: aborts', enablePartialCancellation, T, false, T],
    ['total filter, no cancellation', enableTotalCancellation, null, true, N],
    ['total filter, total: aborts', enableTotalCancellation, Tot, false, Tot],
    ['total filter, partial: aborts', enableTotalCancellation, P, false, P],
    ['total filter, terminal: aborts', enableTotalCancellation, T, false, T],
  ];

  test.each(rows)('%s', async (_name, filter, emitted, ok, cancelled) => {
    const ioc = new IoContext();
    const signal = new CancellationSignal();
    const event = makeEvent();
    const seen = { cancelled: [] as CancellationType[] };
    const results: boolean[] = [];
    asyncCancellable(filter, ioc, event, seen, bindCancellationSlot(signal.slot(), (r: boolean) => results.push(r)));
    if (emitted !== null) signal.emit(emitted);
    // The wait's own completion comes after any cancellation: a cancelled wait ignores it.
    event.open();
    await ioc.run();
    expect(ioc.stopped()).toBe(true);
    expect(results).toEqual([ok]);
    expect(seen.cancelled).toEqual([cancelled]);
  });

  test('without a bound slot the operation completes normally', async () => {
    const ioc = new IoContext();
    const event = makeEvent();
    const seen = { cancelled: [] as CancellationType[] };
    const p = asyncCancellable(null, ioc, event, seen, useFuture);
    event.open();
    await ioc.run();
    await expect(p).resolves.toBe(true);
  });

  test('terminal cancellation through a bound slot is visible as self.cancelled() with useFuture too', async () => {
    const ioc = new IoContext();
    const signal = new CancellationSignal();
    const event = makeEvent();
    const seen = { cancelled: [] as CancellationType[] };
    const p = asyncCancellable(null, ioc, event, seen, bindCancellationSlot(signal.slot(), useFuture));
    signal.emit(CancellationType.Terminal);
    await ioc.run();
    await expect(p).resolves.toBe(false);
    expect(seen.cancelled).toEqual([CancellationType.Terminal]);
  });

  test('after completion the slot is released: a later emit reaches nothing', async () => {
    const ioc = new IoContext();
    const signal = new CancellationSignal();
    const event = makeEvent();
    const seen = { cancelled: [] as CancellationType[] };
    const results: boolean[] = [];
    asyncCancellable(null, ioc, event, seen, bindCancellationSlot(signal.slot(), (r: boolean) => results.push(r)));
    expect(signal.slot().hasHandler()).toBe(true);
    event.open();
    await ioc.run();
    expect(results).toEqual([true]);
    expect(signal.slot().hasHandler()).toBe(false);
    expect(() => signal.emit(CancellationType.Terminal)).not.toThrow();
    expect(results).toEqual([true]);
  });
});

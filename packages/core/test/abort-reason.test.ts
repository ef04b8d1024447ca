// Cancelling through an AbortSignal keeps the signal's `reason` as the operationAborted error's
// `cause`, as Node's own AbortError does (`fs.promises`, `events.once`, `timers/promises`).
import {
  AbortSignalSlot,
  asyncInitiate,
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  coSpawn,
  errorIs,
  errors,
  getAssociatedCancellationSlot,
  makeError,
  systemExecutor,
  useAwaitable,
  useFuture,
  type CompletionToken,
  type Handler,
  type SystemError,
} from '@asio-ts/core';
import * as core from '@asio-ts/core';
import { asyncWaitForever, flush } from './helpers/ops';

type WaitSignature = [err: SystemError | null];

/**
 * A wait that, when cancelled, completes `ms` later (an operation whose cancellation takes a
 * round trip, such as a file write that cannot be recalled): its operationAborted error is made
 * after the abort was delivered, outside it. With `result`, it completes with that instead.
 */
function asyncSlowToCancel<T extends CompletionToken<WaitSignature>>(ms: number, token: T, result?: () => SystemError): unknown {
  return asyncInitiate((handler: Handler<WaitSignature>) => {
    const slot = getAssociatedCancellationSlot(handler);
    systemExecutor.onWorkStarted();
    const onCancel = (): void => {
      slot.release(onCancel);
      setTimeout(() => {
        systemExecutor.onWorkFinished();
        handler(result === undefined ? makeError(errors.operationAborted, 'stopped late') : result());
      }, ms);
    };
    slot.assign(onCancel);
  }, token);
}

const rejection = async (p: Promise<unknown>): Promise<SystemError> => {
  try {
    await p;
  } catch (e) {
    return e as SystemError;
  }
  throw new Error('resolved');
};

describe('bindAbortSignal keeps the abort reason as the cause', () => {
  test('useFuture rejects with operationAborted whose cause is the reason', async () => {
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const p = asyncWaitForever(bindAbortSignal(ac.signal, useFuture));
    ac.abort(reason);
    const err = await rejection(p);
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(err.cause).toBe(reason);
  });

  test('a callback gets it too', async () => {
    const ac = new AbortController();
    const reason = new Error('user gave up');
    let seen: SystemError | null = null;
    asyncWaitForever(bindAbortSignal(ac.signal, (err) => void (seen = err)));
    ac.abort(reason);
    await flush();
    expect(seen).not.toBeNull();
    expect(seen!.cause).toBe(reason);
  });

  test('abort() with no reason: the cause is the signal.reason Node made (a DOMException AbortError)', async () => {
    const ac = new AbortController();
    const p = asyncWaitForever(bindAbortSignal(ac.signal, useFuture));
    ac.abort();
    const err = await rejection(p);
    expect(err.cause).toBe(ac.signal.reason);
    expect((err.cause as Error).name).toBe('AbortError');
  });

  test('a signal aborted before the operation starts', async () => {
    const reason = new Error('too late');
    const err = await rejection(asyncWaitForever(bindAbortSignal(AbortSignal.abort(reason), useFuture)));
    expect(err.cause).toBe(reason);
  });

  test('every operation waiting on the signal, whatever the cancellation type', async () => {
    const ac = new AbortController();
    const reason = { why: 'not an Error' };
    const ps = [
      asyncWaitForever(bindAbortSignal(ac.signal, useFuture)),
      asyncWaitForever(bindAbortSignal(ac.signal, useFuture, CancellationType.Partial)),
      asyncWaitForever(bindAbortSignal(ac.signal, useFuture, CancellationType.Total)),
    ];
    ac.abort(reason);
    for (const p of ps) expect((await rejection(p)).cause).toBe(reason);
  });

  test('an AbortSignalSlot bound with bindCancellationSlot', async () => {
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const p = asyncWaitForever(bindCancellationSlot(new AbortSignalSlot(ac.signal), useFuture));
    ac.abort(reason);
    expect((await rejection(p)).cause).toBe(reason);
  });

  test('an error made after the abort was delivered still gets the reason (useFuture and a callback)', async () => {
    const ac = new AbortController();
    const reason = new Error('user gave up');
    const p = asyncSlowToCancel(5, bindAbortSignal(ac.signal, useFuture)) as Promise<void>;
    let seen: SystemError | null = null;
    const done = new Promise<void>((resolve) =>
      asyncSlowToCancel(
        5,
        bindAbortSignal(ac.signal, (err) => {
          seen = err;
          resolve();
        }),
      ),
    );
    ac.abort(reason);
    const err = await rejection(p);
    expect(err.message).toBe('Operation canceled: stopped late');
    expect(err.cause).toBe(reason);
    expect(Object.getOwnPropertyDescriptor(err, 'cause')).toEqual({ value: reason, writable: true, configurable: true, enumerable: false });
    await done;
    expect(seen!.cause).toBe(reason);
  });

  test('inside a coroutine cancelled through the signal, the awaited operation throws it with the reason', async () => {
    const ac = new AbortController();
    const reason = new Error('user gave up');
    let inner: unknown;
    let causeWhenThrown: unknown;
    const p = coSpawn(
      systemExecutor,
      async () => {
        try {
          await asyncWaitForever(useAwaitable);
        } catch (e) {
          inner = e;
          causeWhenThrown = (e as Error).cause; // made with it, not given it on the way out
          throw e;
        }
      },
      bindAbortSignal(ac.signal, useFuture),
    );
    await flush();
    ac.abort(reason);
    const err = await rejection(p);
    expect(errorIs(inner, errors.operationAborted)).toBe(true);
    expect(causeWhenThrown).toBe(reason);
    expect(err.cause).toBe(reason);
  });
});

describe('the reason goes only where the abort went', () => {
  test('operationAborted made with no abort being delivered has no cause', () => {
    expect('cause' in makeError(errors.operationAborted)).toBe(false);
  });

  test('an error with a cause of its own keeps it', async () => {
    const ac = new AbortController();
    const own = new Error('own');
    const p = asyncSlowToCancel(1, bindAbortSignal(ac.signal, useFuture), () => makeError(errors.operationAborted, undefined, own)) as Promise<void>;
    ac.abort(new Error('reason'));
    expect((await rejection(p)).cause).toBe(own);
  });

  test('other errors completing an aborted operation get no cause', async () => {
    const ac = new AbortController();
    const p = asyncSlowToCancel(1, bindAbortSignal(ac.signal, useFuture), () => makeError(errors.brokenPipe)) as Promise<void>;
    ac.abort(new Error('reason'));
    const err = await rejection(p);
    expect(errorIs(err, errors.brokenPipe)).toBe(true);
    expect('cause' in err).toBe(false);
  });

  test('an operation cancelled by something else, under a signal that aborts later, gets no cause', async () => {
    const ac = new AbortController();
    const other = new CancellationSignal();
    // The outer binder's slot (other's) is the operation's: the inner AbortSignalSlot is never assigned.
    const p = asyncSlowToCancel(5, bindCancellationSlot(other.slot(), bindAbortSignal(ac.signal, useFuture))) as Promise<void>;
    other.emit(CancellationType.Terminal);
    ac.abort(new Error('reason'));
    const err = await rejection(p);
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect('cause' in err).toBe(false);
  });

  test('a CancellationSignal emit carries no reason', async () => {
    const signal = new CancellationSignal();
    const p = asyncWaitForever(bindCancellationSlot(signal.slot(), useFuture));
    signal.emit(CancellationType.Terminal);
    expect('cause' in (await rejection(p))).toBe(false);
  });
});

test('the hook the bridge uses (errors.ts default export) is not part of the API', () => {
  expect(Object.keys(core)).not.toContain('default');
  expect(Object.keys(core)).not.toContain('withAbortReason');
});

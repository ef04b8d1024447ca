// asyncCompose: write a composed operation once, serve every token kind. Scenarios follow Asio's
// src/tests/unit/compose.cpp (0 and 1 completion arguments through an inner post; default,
// partial and total cancellation filters), plus the completion rules of ARCHITECTURE.md.

import {
  asyncCompose,
  asyncInitiate,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  deferred,
  enablePartialCancellation,
  enableTerminalCancellation,
  enableTotalCancellation,
  errors,
  errorIs,
  getAssociatedCancellationSlot,
  getAssociatedExecutor,
  inlineExecutor,
  IoContext,
  makeError,
  makeStrand,
  post,
  systemExecutor,
  useFuture,
  type AsyncResult,
  type CancellationFilter,
  type ComposedOperation,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';

const nextMacrotask = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

// ---------------------------------------------------------------------------------------------
// Asio's impl_0_completion_args / impl_1_completion_arg: one inner post, then complete.

function async0CompletionArgs<T>(ioc: IoContext, token: T): AsyncResult<T, []> {
  let state: 'starting' | 'posting' = 'starting';
  return asyncCompose<[], T>((self) => {
    if (state === 'starting') {
      state = 'posting';
      post(ioc, self);
    } else {
      self.complete();
    }
  }, token);
}

function async1CompletionArg<T>(ioc: IoContext, token: T): AsyncResult<T, [number]> {
  let state: 'starting' | 'posting' = 'starting';
  return asyncCompose<[number], T>((self) => {
    if (state === 'starting') {
      state = 'posting';
      post(ioc, self);
    } else {
      self.complete(42);
    }
  }, token);
}

describe('asyncCompose: completion arguments (Asio compose_0/1_completion_args)', () => {
  test('no completion arguments, function handler', async () => {
    const ioc = new IoContext();
    let count = 0;
    async0CompletionArgs(ioc, () => count++);
    expect(ioc.stopped()).toBe(false);
    expect(count).toBe(0);
    await ioc.run();
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(1);

    // Again with a handler object's method (Asio's lvalue handler).
    ioc.restart();
    const handlerObject = {
      count: 0,
      onComplete(): void {
        this.count++;
      },
    };
    async0CompletionArgs(ioc, () => handlerObject.onComplete());
    expect(handlerObject.count).toBe(0);
    await ioc.run();
    expect(handlerObject.count).toBe(1);
  });

  test('one completion argument, function handler', async () => {
    const ioc = new IoContext();
    let count = 0;
    let result = 0;
    async1CompletionArg(ioc, (r: number) => {
      count++;
      result = r;
    });
    expect(count).toBe(0);
    expect(result).toBe(0);
    await ioc.run();
    expect(ioc.stopped()).toBe(true);
    expect(count).toBe(1);
    expect(result).toBe(42);
  });

  test('useFuture: Promise<void> and Promise<number>', async () => {
    const ioc = new IoContext();
    const p0 = async0CompletionArgs(ioc, useFuture);
    const p1 = async1CompletionArg(ioc, useFuture);
    expectTypeOf(p0).toEqualTypeOf<Promise<void>>();
    expectTypeOf(p1).toEqualTypeOf<Promise<number>>();
    await ioc.run();
    await expect(p0).resolves.toBeUndefined();
    await expect(p1).resolves.toBe(42);
  });

  test('deferred: nothing starts until launched, then any token works', async () => {
    const ioc = new IoContext();
    let started = 0;
    const op = asyncCompose((self: ComposedOperation<[number]>) => {
      if (started++ === 0) post(ioc, self);
      else self.complete(7);
    });
    expectTypeOf(op).toEqualTypeOf<DeferredOperation<[number]>>();
    const op2 = async1CompletionArg(ioc, deferred);
    expectTypeOf(op2).toEqualTypeOf<DeferredOperation<[number]>>();
    await ioc.run();
    expect(started).toBe(0);

    ioc.restart();
    const results: number[] = [];
    op((n: number) => results.push(n));
    const p2 = op2(useFuture);
    expect(started).toBe(1);
    await ioc.run();
    expect(results).toEqual([7]);
    await expect(p2).resolves.toBe(42);
  });

  test('an awaited deferred composed operation', async () => {
    const ioc = new IoContext();
    const guard = new IoContext(); // unrelated context: shows nothing leaks onto it
    const done = (async () => (await async1CompletionArg(ioc, deferred)) + 1)();
    await Promise.resolve();
    await ioc.run();
    await expect(done).resolves.toBe(43);
    await expect(guard.run()).resolves.toBe(0);
  });

  test('with an error slot: null resolves the useFuture promise with the value; the callback gets null first', async () => {
    const ioc = new IoContext();
    const succeed = <T>(token: T): AsyncResult<T, [SystemError | null, number]> =>
      asyncCompose<[SystemError | null, number], T>((self) => self.complete(null, 5), token, ioc);
    const p = succeed(useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    const seen: Array<[unknown, number]> = [];
    succeed((err: SystemError | null, n: number) => seen.push([err, n]));
    await ioc.run();
    await expect(p).resolves.toBe(5);
    expect(seen).toEqual([[null, 5]]);
  });

  test('an error in the first slot rejects the useFuture promise; the callback gets it first', async () => {
    const ioc = new IoContext();
    const fail = <T>(token: T): AsyncResult<T, [SystemError | null, number]> =>
      asyncCompose<[SystemError | null, number], T>((self) => self.complete(makeError(errors.eof), 3), token, ioc);
    const p = fail(useFuture);
    const seen: Array<[unknown, number]> = [];
    fail((err: SystemError | null, n: number) => seen.push([err, n]));
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'EOF' });
    expect(seen).toHaveLength(1);
    expect(errorIs(seen[0]![0], errors.eof)).toBe(true);
    expect(seen[0]![1]).toBe(3);
  });
});

describe('asyncCompose: immediate completion', () => {
  test('complete() inside the initiation never runs the handler inside the initiating call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncCompose((self: ComposedOperation<[number]>) => self.complete(1), (n: number) => order.push(`handler ${n}`), ioc);
    order.push('after call');
    expect(order).toEqual(['after call']);
    await ioc.run();
    expect(order).toEqual(['after call', 'handler 1']);
  });

  test('…also when the initiating call is made from inside a handler of the I/O context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    post(ioc, () => {
      asyncCompose((self: ComposedOperation<[]>) => self.complete(), () => order.push('handler'), ioc);
      order.push('initiator done');
    });
    await ioc.run();
    expect(order).toEqual(['initiator done', 'handler']);
  });

  test('with no I/O object, an immediate completion still goes through a post (system executor)', async () => {
    const order: string[] = [];
    asyncCompose((self: ComposedOperation<[]>) => self.complete(), () => order.push('handler'));
    order.push('after call');
    expect(order).toEqual(['after call']);
    await nextMacrotask();
    expect(order).toEqual(['after call', 'handler']);
  });

  test('bindImmediateExecutor(inlineExecutor, h) opts into running h inside the call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncCompose((self: ComposedOperation<[]>) => self.complete(), bindImmediateExecutor(inlineExecutor, () => order.push('handler')), ioc);
    order.push('after call');
    expect(order).toEqual(['handler', 'after call']);
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('an immediate completion with useFuture and with deferred', async () => {
    const ioc = new IoContext();
    const now = <T>(token: T): AsyncResult<T, [string]> => asyncCompose<[string], T>((self) => self.complete('now'), token, ioc);
    const p = now(useFuture);
    const op = now(deferred);
    const results: string[] = [];
    op((s: string) => results.push(s));
    expect(results).toEqual([]);
    await ioc.run();
    await expect(p).resolves.toBe('now');
    expect(results).toEqual(['now']);
  });

  test('completing after inner steps that all ran later is delivered through the handler\'s executor, not via the immediate path', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    let step = 0;
    asyncCompose(
      (self: ComposedOperation<[number]>) => {
        step++;
        if (step < 3) post(ioc, self);
        else self.complete(step);
      },
      bindImmediateExecutor(inlineExecutor, (n: number) => order.push(`handler ${n}`)),
      ioc,
    );
    expect(order).toEqual([]);
    await ioc.run();
    expect(order).toEqual(['handler 3']);
  });
});

describe('asyncCompose: work and executors', () => {
  test('work is held on the I/O executor until the handler ran, even while the inner step runs off the context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    let step = 0;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        if (step++ === 0) {
          // An inner step the context knows nothing about (the host loop completes it).
          setImmediate(() => {
            order.push('inner step done');
            self();
          });
        } else {
          self.complete();
        }
      },
      () => order.push('handler'),
      ioc,
    );
    await ioc.run().then(() => order.push('run resolved'));
    expect(order).toEqual(['inner step done', 'handler', 'run resolved']);
  });

  test('work is held on every I/O object given', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    let finish!: () => void;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        finish = () => self.complete();
      },
      () => order.push('handler'),
      ioc1,
      ioc2,
    );
    const run2 = ioc2.run().then(() => order.push('ioc2.run resolved'));
    await nextMacrotask();
    expect(order).toEqual([]);
    finish();
    await Promise.all([ioc1.run().then(() => order.push('ioc1.run resolved')), run2]);
    expect(order).toContain('handler');
    expect(order.indexOf('handler')).toBeLessThan(order.indexOf('ioc1.run resolved'));
  });

  test('self carries the final handler\'s associated executor; the handler runs there, and that context waits for it', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    let selfExecutor: unknown;
    let selfIoExecutor: unknown;
    let step = 0;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        if (step++ === 0) {
          selfExecutor = getAssociatedExecutor(self);
          expect(self.getExecutor()).toBe(ioc2.getExecutor());
          selfIoExecutor = self.getIoExecutor();
          post(ioc1, () => self());
        } else {
          self.complete();
        }
      },
      bindExecutor(ioc2, () => order.push(`handler on ioc2: ${ioc2.getExecutor().runningInThisThread()}`)),
      ioc1,
    );
    expect(selfExecutor).toBe(ioc2.getExecutor());
    expect(selfIoExecutor).toBe(ioc1.getExecutor());
    const run2 = ioc2.run().then(() => order.push('ioc2.run resolved'));
    await nextMacrotask();
    expect(order).toEqual([]);
    await ioc1.run();
    await run2;
    expect(order).toEqual(['handler on ioc2: true', 'ioc2.run resolved']);
  });

  test('posting self to another executor resumes the operation through the handler\'s executor (a strand)', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const inStrand: boolean[] = [];
    let step = 0;
    const p = asyncCompose(
      (self: ComposedOperation<[]>) => {
        inStrand.push(s.runningInThisThread());
        if (step++ < 2) post(ioc, self);
        else self.complete();
      },
      bindExecutor(s, useFuture),
      ioc,
    );
    await ioc.run();
    await p;
    // The initiation ran on the caller's stack; each resumption went through the strand.
    expect(inStrand).toEqual([false, true, true]);
  });

  test('without I/O objects the handler\'s own executor is the I/O executor', async () => {
    const ioc = new IoContext();
    let io: unknown;
    const p = asyncCompose(
      (self: ComposedOperation<[]>) => {
        io = self.getIoExecutor();
        self.complete();
      },
      bindExecutor(ioc, useFuture),
    );
    expect(io).toBe(ioc.getExecutor());
    await ioc.run();
    await p;
    let io2: unknown;
    asyncCompose((self: ComposedOperation<[]>) => {
      io2 = self.getIoExecutor();
      self.complete();
    }, () => undefined);
    expect(io2).toBe(systemExecutor);
  });
});

describe('asyncCompose: misuse', () => {
  test('complete() twice throws, and the handler ran once', async () => {
    const ioc = new IoContext();
    let count = 0;
    let secondError: unknown;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        post(ioc, () => {
          self.complete();
          try {
            self.complete();
          } catch (e) {
            secondError = e;
          }
        });
      },
      () => count++,
      ioc,
    );
    await ioc.run();
    expect(secondError).toBeInstanceOf(Error);
    expect((secondError as Error).message).toMatch(/complete\(\) called twice/);
    expect(count).toBe(1);
  });

  test('resuming self after complete() throws', async () => {
    const ioc = new IoContext();
    let resumeError: unknown;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        self.complete();
        post(ioc, () => {
          try {
            self();
          } catch (e) {
            resumeError = e;
          }
        });
      },
      () => undefined,
      ioc,
    );
    await ioc.run();
    expect((resumeError as Error).message).toMatch(/resumed after it completed/);
  });

  test('an implementation that throws during initiation: the error reaches the caller, no work is left behind', async () => {
    const ioc = new IoContext();
    let ran = false;
    expect(() =>
      asyncCompose(
        (_self: ComposedOperation<[]>) => {
          throw new Error('init failed');
        },
        () => {
          ran = true;
        },
        ioc,
      ),
    ).toThrow('init failed');
    await expect(ioc.run()).resolves.toBe(0);
    expect(ran).toBe(false);
  });

  test('a final handler that throws rejects run(); the operation\'s work is released, so the next run() ends', async () => {
    const ioc = new IoContext();
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        post(ioc, () => self.complete());
      },
      () => {
        throw new Error('handler threw');
      },
      ioc,
    );
    await expect(ioc.run()).rejects.toThrow('handler threw');
    await expect(ioc.run()).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });
});

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

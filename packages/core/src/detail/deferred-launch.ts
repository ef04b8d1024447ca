// The run-time object behind a deferred operation (Asio's `deferred_async_operation`): the
// callable that launches it with a token, and the `then` that launches it when awaited. The
// public type and its documentation are in deferred.ts.
import { checkToken } from '../async-result.js';
import type { LazyPromise } from '../lazy-promise.js';
import { callInitiation, initiate, type AnyInitiation } from './initiate.js';
import { addWaiter, makeWaiter, react, reactAll, reactRejected, rejectAll, type Reaction, type Waiters } from './reactions.js';

type Then = (onFulfilled?: Reaction, onRejected?: Reaction) => LazyPromise<unknown>;

/**
 * A deferred operation (see `DeferredOperation` in deferred.ts): a function that launches
 * `initiation` with a token, once, with a `then` that launches it with a plain handler.
 */
export function deferredLaunch(initiation: AnyInitiation, args: readonly unknown[]): unknown {
  const launch = new DeferredLaunch(initiation, args);
  // A bound method and a shared `then` reading the launch off the operation: no closure per operation.
  const op = launch.deferredOperation.bind(launch) as ((token?: unknown) => unknown) & { then: Then; [launchKey]: DeferredLaunch };
  op.then = thenOfOperation;
  op[launchKey] = launch;
  return op;
}

const launchKey: unique symbol = Symbol('asio-ts.deferredLaunch');

/** `op.then`: `this` is the operation (`await op` calls it so). */
function thenOfOperation(this: { [launchKey]: DeferredLaunch }, onFulfilled?: Reaction, onRejected?: Reaction): LazyPromise<unknown> {
  const launch = this?.[launchKey];
  if (launch === undefined) throw new TypeError('then must be called on a deferred operation');
  return launch.then(onFulfilled, onRejected);
}

/** What one deferred operation holds: its initiation and arguments, and the outcome once awaited. */
class DeferredLaunch {
  // Declared and set in the constructor: one is made per operation.
  private declare readonly initiation: AnyInitiation;
  private declare readonly args: readonly unknown[];
  private declare launched: boolean;
  private declare launching: boolean;
  private declare result: unknown[] | undefined;
  /** What the initiation threw when `then` launched it: every caller's outcome from then on. */
  private declare failure: { readonly thrown: unknown } | undefined;
  private declare waiters: Waiters;

  constructor(initiation: AnyInitiation, args: readonly unknown[]) {
    this.initiation = initiation;
    this.args = args;
    this.launched = false;
    this.launching = false;
    this.result = undefined;
    this.failure = undefined;
    this.waiters = undefined;
  }

  /** Launch with `token` (calling the operation). */
  deferredOperation(token?: unknown): unknown {
    if (this.launched) throw new TypeError('token: this deferred operation was already launched (a deferred operation runs once)');
    // No token is the default token, deferred, which hands the launch on to a new operation.
    if (token === undefined) {
      this.launched = true;
      return deferredLaunch(this.initiation, this.args);
    }
    // A call with an unusable token is a programmer error that must not use up the operation.
    checkToken('token', token);
    this.launched = true;
    return initiate(this.initiation, token, this.args as unknown[]);
  }

  // `await op` launches it with a plain handler that settles the awaiting callbacks directly.
  then(onFulfilled?: Reaction, onRejected?: Reaction): LazyPromise<unknown> {
    const waiter = makeWaiter(onFulfilled, onRejected);
    const result = this.result;
    // Reactions always run asynchronously (Promises/A+ 2.2.4), also once the outcome is in.
    if (this.failure !== undefined) {
      const thrown = this.failure.thrown;
      queueMicrotask(() => reactRejected(waiter, thrown));
    } else if (this.launching) {
      // A `then` from inside the launch (the initiation's own code): settled with the first
      // caller once the launch returned or threw, even if the handler already ran.
      this.waiters = addWaiter(this.waiters, waiter);
    } else if (result !== undefined) {
      queueMicrotask(() => react(waiter, result));
    } else if (this.waiters === undefined) {
      // Launched already with a token: no waiter is left behind that could never settle.
      if (this.launched) throw new TypeError('token: this deferred operation was already launched (a deferred operation runs once)');
      this.waiters = waiter;
      this.launched = true;
      this.launching = true;
      try {
        // The handler is a plain function: straight to the initiation, as `op(handler)` would.
        callInitiation(this.initiation, (...results: unknown[]) => this.handle(results), this.args);
      } catch (e) {
        // The initiation's programmer error is the outcome, as `op(useFuture)` throws it to its
        // caller: also over a result the handler delivered inside the launch (its reaction,
        // queued, then finds no waiter).
        this.failure = { thrown: e };
        const all = this.waiters;
        this.waiters = undefined;
        queueMicrotask(() => rejectAll(all, e));
      } finally {
        this.launching = false;
      }
    } else this.waiters = addWaiter(this.waiters, waiter);
    return waiter;
  }

  private handle(results: unknown[]): void {
    if (this.result !== undefined) return; // the first outcome stands
    this.result = results;
    if (!this.launching) {
      const all = this.waiters;
      this.waiters = undefined;
      reactAll(all, results);
      return;
    }
    // A handler run during the launch (`dispatch` on the current executor) still reacts after
    // `then` returned, and before the reactions of later `then` calls. The closure is made only
    // here: most handlers run later.
    queueMicrotask(() => {
      const all = this.waiters;
      this.waiters = undefined;
      reactAll(all, results);
    });
  }
}

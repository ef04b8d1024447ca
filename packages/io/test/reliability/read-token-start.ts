/**
 * Starts one generated read (read-harness.ts) with its token: a callback, `deferred` (launched at
 * once), `useFuture`, `useAwaitable` inside `coSpawn`, or a `spawn` yield context. The
 * cancellation source is bound to the handler; for the coroutines it is bound to the coroutine's
 * own completion token, as an application cancels a coroutine, and the coroutine lets every type
 * through its frame (`resetCancellationState(enableTotalCancellation)`) so the read's own filter
 * is what the model checks.
 */
import {
  asTuple,
  asyncInitiate,
  asyncResult,
  coSpawn,
  enableTotalCancellation,
  spawn,
  tokenKind,
  useAwaitable,
  useFuture,
  type ErrorRef,
  type Handler,
  type Initiation,
  type Signature,
} from '@asio-ts/core';
import { counted, type CallCounter } from './counted-token.js';
import type { ReadToken } from './read-scenario.js';

export interface TokenRun {
  readonly token: ReadToken;
  readonly start: (...a: unknown[]) => unknown;
  readonly args: readonly unknown[];
  /** The arguments of the deferred form (which may need a trailing `undefined`). */
  readonly deferredArgs: readonly unknown[];
  readonly executor: Parameters<typeof coSpawn>[0];
  /** Bind the cancellation source (or nothing) to a token or handler. */
  readonly bind: (token: unknown) => unknown;
  readonly counter: CallCounter;
  /** The read's handler: `(err, n)`, `n` undefined where the token drops it. */
  readonly onResult: (err: unknown, n: number | undefined) => void;
  readonly onCoroutineDone: (e: Error | null) => void;
  /** Whether the stream was called before the deferred operation was launched (a failure). */
  readonly touched: () => boolean;
}

/** The state the harness reads: inside the initiating call, and whether the read was initiated. */
export interface StartState {
  initiating: boolean;
  initiated: boolean;
}

/**
 * A token adapter that marks its initiation (a coroutine initiates the read later, on the
 * context): `initiating` is true during it, `initiated` after it.
 */
function marked(inner: unknown, state: StartState): unknown {
  return {
    [tokenKind]: 'marked',
    [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): unknown {
      return asyncInitiate(
        (handler: Handler<Signature>, outer: Initiation<S, A>, outerArgs: A) => {
          state.initiating = true;
          try {
            outer(handler as unknown as Handler<S>, ...outerArgs);
          } finally {
            state.initiating = false;
            state.initiated = true;
          }
        },
        inner,
        initiation,
        args,
      );
    },
  };
}

export function startRead(run: TokenRun, state: StartState): void {
  const { start, args, bind, counter, onResult } = run;
  const initiating = (): boolean => state.initiating;
  switch (run.token) {
    case 'callback':
      state.initiating = true;
      start(...args, bind(onResult));
      state.initiating = false;
      state.initiated = true;
      return;
    case 'deferred': {
      const op = start(...run.deferredArgs) as (t: unknown) => void;
      if (run.touched()) throw new Error('a deferred read touched the stream before it was launched');
      state.initiating = true;
      op(bind(onResult));
      state.initiating = false;
      state.initiated = true;
      return;
    }
    case 'useFuture': {
      state.initiating = true;
      const p = start(...args, counted(bind(useFuture), counter, initiating)) as Promise<number>;
      state.initiating = false;
      state.initiated = true;
      p.then(
        (n) => onResult(null, n),
        (e: unknown) => onResult(e, undefined),
      );
      return;
    }
    case 'coSpawn':
      coSpawn(
        run.executor,
        async (ctx) => {
          ctx.resetCancellationState(enableTotalCancellation);
          const token = marked(counted(asTuple(useAwaitable), counter, initiating), state);
          const [e, n] = (await (start(...args, token) as PromiseLike<[unknown, number]>)) as [unknown, number];
          onResult(e, n);
        },
        bind(run.onCoroutineDone),
      );
      return;
    case 'spawn':
      spawn(
        run.executor,
        function* (y) {
          y.resetCancellationState(enableTotalCancellation);
          const ref: ErrorRef = { error: null };
          const token = marked(counted(y.withError(ref), counter, initiating), state);
          const n = (yield* start(...args, token) as Generator<never, number>) as number;
          onResult(ref.error, n);
        },
        bind(run.onCoroutineDone),
      );
      return;
  }
}

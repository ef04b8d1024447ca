/**
 * Launching the write of one generated `asyncWrite` scenario with its completion token: a
 * callback, `deferred` (launched, or awaited), `useFuture`, or inside a `coSpawn` or `spawn`
 * coroutine; flags the initiating call so a handler run inside it is caught.
 */
import { asTuple, coSpawn, deferred, enablePartialCancellation, spawn, useAwaitable, useFuture, type ErrorRef } from '@asio-ts/core';
import { asyncWrite } from '@asio-ts/io';
import { counted } from './counted-token.js';
import { assertThat, type Run } from './write-run.js';

const aw = asyncWrite as unknown as (...args: unknown[]) => unknown;

export function launchWrite(run: Run): void {
  const { sc, log, ex, stream, source, condition, condArgs, framePartial, state, bind, out, isInitiating, checkExecutor, onResult, onInner } = run;
  // Launch.
  switch (sc.token) {
    case 'callback':
      state.initiating = true;
      aw(stream, source.buffers, ...condArgs, bind(onResult));
      state.initiating = false;
      break;
    case 'deferred': {
      const op = aw(stream, source.buffers, ...(condition === undefined ? [] : [condition, deferred])) as (t: unknown) => void;
      assertThat(stream.calls === 0, 'a deferred asyncWrite touched the stream before it was launched', sc);
      state.initiating = true;
      op(bind(onResult));
      state.initiating = false;
      break;
    }
    case 'deferredAwait': {
      const op = aw(stream, source.buffers, ...condArgs, bind(deferred)) as PromiseLike<number>;
      assertThat(stream.calls === 0, 'a deferred asyncWrite touched the stream before it was awaited', sc);
      state.initiating = true;
      op.then(
        (n) => onResult(null, n),
        (e: unknown) => onResult(e, undefined),
      );
      state.initiating = false;
      break;
    }
    case 'useFuture': {
      state.initiating = true;
      const p = aw(stream, source.buffers, ...condArgs, counted(bind(useFuture), out.counter, isInitiating, checkExecutor)) as Promise<number>;
      state.initiating = false;
      p.then(
        (n) => onResult(null, n),
        (e: unknown) => onResult(e, undefined),
      );
      break;
    }
    case 'coSpawn':
    case 'coSpawnTuple': {
      const tuple = sc.token === 'coSpawnTuple';
      state.initiating = true;
      coSpawn(
        ex,
        async (ctx) => {
          log.push({ t: 'bodyStart' });
          if (framePartial) {
            ctx.resetCancellationState(enablePartialCancellation);
            log.push({ t: 'frameReset', mask: 3 });
          }
          // The write starts when `await` calls the Awaitable's then(), one microtask after the
          // await: logged there, so a cancellation delivered in between counts as before it.
          const launched = <V>(awaitable: PromiseLike<V>): PromiseLike<V> => ({
            then: (onValue, onError) => {
              log.push({ t: 'launch' });
              return awaitable.then(onValue, onError);
            },
          });
          try {
            if (tuple) {
              const [e, n] = (await launched(
                aw(stream, source.buffers, ...condArgs, counted(asTuple(useAwaitable), out.counter, isInitiating)) as PromiseLike<[unknown, number]>,
              )) as [unknown, number];
              onInner({ err: e, n });
            } else {
              const n = await launched(aw(stream, source.buffers, ...condArgs, counted(useAwaitable, out.counter, isInitiating)) as PromiseLike<number>);
              onInner({ err: null, n });
            }
          } catch (e) {
            onInner({ err: e, n: undefined });
          }
          return 'body done';
        },
        bind(onResult) as (err: Error | null, v: string) => void,
      );
      state.initiating = false;
      break;
    }
    case 'spawn':
    case 'spawnWithError': {
      const withError = sc.token === 'spawnWithError';
      state.initiating = true;
      spawn(
        ex,
        function* (y) {
          log.push({ t: 'bodyStart' });
          if (framePartial) {
            y.resetCancellationState(enablePartialCancellation);
            log.push({ t: 'frameReset', mask: 3 });
          }
          log.push({ t: 'launch' });
          try {
            if (withError) {
              const ref: ErrorRef = { error: null };
              const n = (yield* aw(stream, source.buffers, ...condArgs, counted(y.withError(ref), out.counter, isInitiating)) as Generator<
                never,
                number
              >) as number;
              onInner({ err: ref.error, n });
            } else {
              const n = (yield* aw(stream, source.buffers, ...condArgs, counted(y, out.counter, isInitiating)) as Generator<never, number>) as number;
              onInner({ err: null, n });
            }
          } catch (e) {
            onInner({ err: e, n: undefined });
          }
          return 'body done';
        },
        bind(onResult) as (err: Error | null, v: string) => void,
      );
      state.initiating = false;
      break;
    }
  }
}

// Compiled against the built package by dist-types.test.ts (and against the sources by the
// repository's tsc run): every CompletionTokenTypes entry a built-in token registers from its own
// module must reach users of the bundled index.d.ts, and a user's own token kind must merge in.
// Type-level only; nothing here runs.

import {
  append,
  asTuple,
  asyncInitiate,
  asyncResult,
  bindAbortSignal,
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  cancelAfter,
  CancellationSignal,
  consign,
  deferred,
  detached,
  dispatch,
  post,
  prepend,
  redirectError,
  spawn,
  systemExecutor,
  tokenKind,
  useAwaitable,
  useFuture,
  type Awaitable,
  type AsyncResult,
  type CompletionToken,
  type DeferredOperation,
  type ErrorRef,
  type Handler,
  type Initiation,
  type Signature,
  type SystemError,
  type TokenObject,
  type YieldOperation,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';

// Asio's lazy_handler: a user token kind, registered as the CompletionTokenTypes doc comment says.
declare module '@asio-ts/core' {
  interface CompletionTokenTypes<S, T> {
    lazy: 42;
  }
}

class LazyHandler implements TokenObject<'lazy'> {
  readonly [tokenKind] = 'lazy' as const;
  [asyncResult]<S extends Signature, A extends unknown[]>(initiation: Initiation<S, A>, args: A): 42 {
    initiation((() => {}) as Handler<S>, ...args);
    return 42;
  }
}

type S = [err: SystemError | null, n: number];

function asyncOp(): DeferredOperation<S>;
function asyncOp<T extends CompletionToken<S>>(token: T): AsyncResult<T, S>;
function asyncOp(token: unknown = deferred): unknown {
  return asyncInitiate((handler: Handler<S>, n: number) => systemExecutor.post(() => handler(null, n)), token, 1);
}

export function checks(): void {
  const ref: ErrorRef = { error: null };
  const slot = new CancellationSignal().slot();

  expectTypeOf(asyncOp(new LazyHandler())).toEqualTypeOf<42>();
  expectTypeOf(asyncOp(asTuple(new LazyHandler()))).toEqualTypeOf<42>();
  // @ts-expect-error the user token's result is 42, exactly
  const wrong: 43 = asyncOp(new LazyHandler());
  void wrong;

  expectTypeOf(asyncOp((_err, _n) => {})).toEqualTypeOf<void>();
  expectTypeOf(asyncOp(useFuture)).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(detached)).toEqualTypeOf<void>();
  expectTypeOf(asyncOp(deferred)).toEqualTypeOf<DeferredOperation<S>>();
  expectTypeOf(asyncOp()).toEqualTypeOf<DeferredOperation<S>>();
  expectTypeOf(asyncOp(deferred((_e: SystemError | null, n: number) => deferred.values(String(n))))).toEqualTypeOf<DeferredOperation<[string]>>();
  expectTypeOf(asyncOp(useAwaitable)).toEqualTypeOf<Awaitable<number>>();
  expectTypeOf(asyncOp(asTuple(useFuture))).toEqualTypeOf<Promise<[SystemError | null, number]>>();
  expectTypeOf(asyncOp(redirectError(useFuture, ref))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(append(useFuture, 'x'))).toEqualTypeOf<Promise<[number, string]>>();
  expectTypeOf(asyncOp(prepend(useFuture, 'x'))).toEqualTypeOf<Promise<[string, SystemError | null, number]>>();
  expectTypeOf(asyncOp(consign(useFuture, 1))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(bindExecutor(systemExecutor, useFuture))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(bindCancellationSlot(slot, useFuture))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(bindImmediateExecutor(systemExecutor, useFuture))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(bindAbortSignal(new AbortController().signal, useFuture))).toEqualTypeOf<Promise<number>>();
  expectTypeOf(asyncOp(cancelAfter(10, useFuture))).toEqualTypeOf<Promise<number>>();
  // Asio 1.31's partial forms wrap the default token, deferred.
  expectTypeOf(asyncOp(asTuple())).toEqualTypeOf<DeferredOperation<[S]>>();
  expectTypeOf(asyncOp(redirectError(ref))).toEqualTypeOf<DeferredOperation<[number]>>();
  expectTypeOf(asyncOp(bindExecutor(systemExecutor))).toEqualTypeOf<DeferredOperation<S>>();
  expectTypeOf(asyncOp(bindCancellationSlot(slot))).toEqualTypeOf<DeferredOperation<S>>();
  expectTypeOf(asyncOp(bindImmediateExecutor(systemExecutor))).toEqualTypeOf<DeferredOperation<S>>();
  expectTypeOf(asyncOp(bindAbortSignal(new AbortController().signal))).toEqualTypeOf<DeferredOperation<S>>();
  // Asio 1.37's post/dispatch(fn, executor, token): the token completes with fn's result.
  expectTypeOf(post(() => 1, systemExecutor, useFuture)).toEqualTypeOf<Promise<number>>();
  expectTypeOf(post(() => {}, systemExecutor, useFuture)).toEqualTypeOf<Promise<void>>();
  expectTypeOf(dispatch(() => 'x', systemExecutor)).toEqualTypeOf<DeferredOperation<[value: string]>>();
  spawn(systemExecutor, function* (y) {
    expectTypeOf(asyncOp(y)).toEqualTypeOf<YieldOperation<number>>();
  });
}

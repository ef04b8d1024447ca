import { asyncResult, tokenKind, type Handler, type ResultValue, type Signature, type Start, type TokenObject } from './async-result.js';
import { associatedCancellationSlot, associatedExecutor } from './associations.js';
import { CancellationType } from './cancellation-type.js';
import { frames, type CoroutineFrame } from './detail/coroutine-frame.js';
import { settle } from './detail/result.js';
import { errors, makeError } from './errors.js';

/**
 * A lazy awaitable operation (what `useAwaitable` makes an initiating function return): nothing
 * starts until it is first awaited (its `then` is first called), and it starts only once. Inside
 * a `coSpawn`ed coroutine it inherits the coroutine's executor and cancellation.
 */
export class Awaitable<V> implements PromiseLike<V> {
  readonly #start: Start<Signature>;
  readonly #frame: CoroutineFrame | undefined;
  #promise: Promise<V> | undefined;

  /** @internal */
  constructor(start: Start<Signature>, frame: CoroutineFrame | undefined) {
    this.#start = start;
    this.#frame = frame;
  }

  then<A = V, B = never>(
    onFulfilled?: ((value: V) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    this.#promise ??= this.#launch();
    return this.#promise.then(onFulfilled, onRejected);
  }

  #launch(): Promise<V> {
    const frame = this.#frame ?? frames.current();
    return new Promise<V>((resolve, reject) => {
      if (frame !== undefined && frame.throwIfCancelled && frame.cancelled() !== CancellationType.None) {
        reject(makeError(errors.operationAborted, 'the coroutine was cancelled'));
        return;
      }
      const signal = frame?.begin() ?? null;
      const handler = (...args: unknown[]): void => {
        frame?.end(signal);
        settle(resolve as (v: unknown) => void, reject, args);
      };
      if (frame !== undefined) {
        const carrier = handler as unknown as Record<symbol, unknown>;
        carrier[associatedExecutor] = frame.executor;
        if (signal !== null) carrier[associatedCancellationSlot] = signal.slot();
      }
      try {
        this.#start(handler as Handler<Signature>);
      } catch (e) {
        frame?.end(signal);
        reject(e);
      }
    });
  }
}

/** Makes an initiating function return a lazy `Awaitable` (Asio's `use_awaitable`). */
export interface UseAwaitable extends TokenObject<'useAwaitable'> {
  /** @internal The coroutine the explicit form (`ctx.useAwaitable`) is bound to. */
  readonly frame?: unknown;
}

class UseAwaitableToken implements UseAwaitable {
  readonly [tokenKind] = 'useAwaitable' as const;
  readonly frame?: CoroutineFrame;

  constructor(frame?: CoroutineFrame) {
    if (frame !== undefined) this.frame = frame;
  }

  [asyncResult]<S extends Signature>(start: Start<S>): Awaitable<ResultValue<S>> {
    return new Awaitable<ResultValue<S>>(start as unknown as Start<Signature>, this.frame);
  }
}

/** What an initiating function with signature `S` returns for `useAwaitable`. */
export type AwaitableResult<S extends Signature> = Awaitable<ResultValue<S>>;

// Registers the return type of `useAwaitable` (through an alias: the declaration bundler does
// not rename identifiers inside `declare module` blocks).
declare module './async-result.js' {
  interface CompletionTokenTypes<S extends Signature, T> {
    useAwaitable: AwaitableResult<S>;
  }
}

export const useAwaitable: UseAwaitable = Object.freeze(new UseAwaitableToken());

/** @internal A useAwaitable token bound to one coroutine (the explicit form). */
export function useAwaitableIn(frame: CoroutineFrame): UseAwaitable {
  return Object.freeze(new UseAwaitableToken(frame));
}

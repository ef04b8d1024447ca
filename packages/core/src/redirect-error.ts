import { tokenKind, type AsyncResult, type Handler, type InnerToken, type Signature, type Tail } from './async-result.js';
import { TokenAdapter } from './detail/token-adapter.js';

/** Where `redirectError` stores the error of the first slot (`null` on success). */
export interface ErrorRef {
  error: Error | null;
}

/** Asio's `redirect_error`: the error goes into a ref; the handler gets the remaining arguments. */
export class RedirectError<T> extends TokenAdapter<T, 'redirectError'> {
  readonly [tokenKind] = 'redirectError' as const;
  readonly ref: ErrorRef;

  constructor(token: T, ref: ErrorRef) {
    super(token);
    if (typeof ref !== 'object' || ref === null) throw new TypeError('ref must be an object with an `error` property');
    this.ref = ref;
  }

  protected adapt(handler: Handler<Signature>): Handler<Signature> {
    const ref = this.ref;
    return (...args: unknown[]) => {
      const err = args[0];
      ref.error = err instanceof Error ? err : null;
      handler(...args.slice(1));
    };
  }
}

/** What an initiating function with signature `S` returns for a `RedirectError<T>` token. */
export type RedirectErrorResult<S extends Signature, T> = AsyncResult<InnerToken<T>, Tail<S>>;

// Registers the return type of `redirectError` (the form is explained at CompletionTokenTypes).
declare module './async-result.js' {
  interface CompletionTokenTypes<S, T> {
    redirectError: RedirectErrorResult<S, T>;
  }
}

export function redirectError<T>(token: T, ref: ErrorRef): RedirectError<T> {
  if (typeof ref !== 'object' || ref === null) throw new TypeError('ref must be an object with an `error` property');
  return new RedirectError(token, ref);
}

import { currentAbortReason } from './detail/abort-reason.js';
import { isBranded } from './detail/brand.js';
import { safeString } from './detail/check.js';

/**
 * Error codes and the `SystemError` every operation reports failures with
 * (Asio's `error_code` / `system_error`, in Node's Error conventions).
 */

/** A family of error values (Asio's `error_category`). */
export interface ErrorCategory {
  /** The category's name: categories compare by it (`'system'`, `'misc'`). */
  readonly name: string;
}

/** The category of the POSIX errno values (Asio's `system_category()`). */
export const systemCategory: ErrorCategory = Object.freeze({ name: 'system' });
/** The category of Asio's miscellaneous errors, `eof` among them (Asio's `misc_category`). */
export const miscCategory: ErrorCategory = Object.freeze({ name: 'misc' });
/** The errors of `Channel` (Asio's `experimental::error::get_channel_category()`). */
export const channelCategory: ErrorCategory = Object.freeze({ name: 'channel' });

/** A comparable error constant: what `errorIs` tests against. */
export interface ErrorCode {
  /** Node-style code, e.g. `'ECANCELED'`. */
  readonly code: string;
  /** Numeric value within its category (POSIX errno for the system category). */
  readonly value: number;
  /** The category the value belongs to. */
  readonly category: ErrorCategory;
  /** Human-readable description. */
  readonly message: string;
}

function checkErrorCode(code: unknown): asserts code is ErrorCode {
  const c = code as Partial<ErrorCode> | null;
  if (typeof c !== 'object' || c === null || typeof c.code !== 'string' || typeof c.value !== 'number' || typeof c.category !== 'object') {
    throw new TypeError('code must be an error constant such as errors.eof (code, value, category, message)');
  }
}

// Shared by every copy of the library (see detail/brand.ts).
const systemErrorBrand: unique symbol = Symbol.for('asio-ts.SystemError');

/**
 * An operational failure delivered to a completion handler (Asio's `error_code`, carried as an
 * Error like Asio's `system_error`). `err instanceof SystemError` holds for the errors of any
 * copy of the library (ESM and CommonJS builds alike); `instanceof` a subclass tests the
 * prototype chain as usual. Compare errors with `errorIs`, never by identity.
 *
 * @example
 * ```ts
 * import { SystemError, errorIs, errors } from '@asio-ts/core';
 *
 * const err = new SystemError(errors.eof, 'peer closed the connection');
 * console.log(err instanceof SystemError, err.code, err.message); // true EOF End of file: peer closed the connection
 * console.log(errorIs(err, errors.eof)); // true
 * ```
 */
export class SystemError extends Error implements ErrorCode {
  /** Node-style code, e.g. `'ECANCELED'`. */
  readonly code: string;
  /** Numeric value within its category. */
  readonly value: number;
  /** The category the value belongs to. */
  readonly category: ErrorCategory;

  /** True for the SystemErrors of any copy of the library (ESM and CommonJS builds alike). */
  static override [Symbol.hasInstance](x: unknown): boolean {
    return isBranded(this, SystemError, systemErrorBrand, x);
  }

  /** @internal */
  get [systemErrorBrand](): true {
    return true;
  }

  /** An error for the constant `code`; `detail` is appended to its message, `options.cause` kept as `cause`. */
  constructor(code: ErrorCode, detail?: string, options?: { cause?: unknown }) {
    checkErrorCode(code);
    if (detail !== undefined && typeof detail !== 'string') throw new TypeError(`detail must be a string, got ${typeof detail}`);
    if (options !== undefined && (typeof options !== 'object' || options === null)) throw new TypeError('options must be an object ({ cause })');
    super(detail === undefined ? code.message : `${code.message}: ${detail}`, options);
    this.code = code.code;
    this.value = code.value;
    this.category = code.category;
  }

  /** Always `'SystemError'`. */
  override get name(): string {
    return 'SystemError';
  }
}

function define(category: ErrorCategory, code: string, value: number, message: string): ErrorCode {
  return Object.freeze({ code, value, category, message });
}

/**
 * Error constants (Asio's `asio::error` enumerators). Compare with `errorIs`.
 *
 * @example
 * ```ts
 * import { errorIs, errors, type SystemError } from '@asio-ts/core';
 *
 * export function describeFailure(err: SystemError): string {
 *   if (errorIs(err, errors.eof)) return 'the peer closed the connection';
 *   if (errorIs(err, errors.operationAborted)) return 'cancelled';
 *   return err.message;
 * }
 * ```
 */
export const errors = Object.freeze({
  operationAborted: define(systemCategory, 'ECANCELED', 125, 'Operation canceled'),
  alreadyStarted: define(systemCategory, 'EALREADY', 114, 'Operation already in progress'),
  brokenPipe: define(systemCategory, 'EPIPE', 32, 'Broken pipe'),
  connectionReset: define(systemCategory, 'ECONNRESET', 104, 'Connection reset by peer'),
  connectionRefused: define(systemCategory, 'ECONNREFUSED', 111, 'Connection refused'),
  connectionAborted: define(systemCategory, 'ECONNABORTED', 103, 'Software caused connection abort'),
  invalidArgument: define(systemCategory, 'EINVAL', 22, 'Invalid argument'),
  timedOut: define(systemCategory, 'ETIMEDOUT', 110, 'Connection timed out'),
  notConnected: define(systemCategory, 'ENOTCONN', 107, 'Transport endpoint is not connected'),
  badDescriptor: define(systemCategory, 'EBADF', 9, 'Bad file descriptor'),
  noBufferSpace: define(systemCategory, 'ENOBUFS', 105, 'No buffer space available'),
  noSpaceOnDevice: define(systemCategory, 'ENOSPC', 28, 'No space left on device'),
  accessDenied: define(systemCategory, 'EACCES', 13, 'Permission denied'),
  wouldBlock: define(systemCategory, 'EAGAIN', 11, 'Resource temporarily unavailable'),
  interrupted: define(systemCategory, 'EINTR', 4, 'Interrupted system call'),
  shutDown: define(systemCategory, 'ESHUTDOWN', 108, 'Cannot send after transport endpoint shutdown'),
  messageSize: define(systemCategory, 'EMSGSIZE', 90, 'Message too long'),
  operationNotSupported: define(systemCategory, 'EOPNOTSUPP', 95, 'Operation not supported'),
  fault: define(systemCategory, 'EFAULT', 14, 'Bad address'),
  nameTooLong: define(systemCategory, 'ENAMETOOLONG', 36, 'File name too long'),
  noDescriptors: define(systemCategory, 'EMFILE', 24, 'Too many open files'),
  noMemory: define(systemCategory, 'ENOMEM', 12, 'Cannot allocate memory'),
  noPermission: define(systemCategory, 'EPERM', 1, 'Operation not permitted'),
  noSuchDevice: define(systemCategory, 'ENODEV', 19, 'No such device'),
  alreadyOpen: define(miscCategory, 'EALREADYOPEN', 1, 'Already open'),
  eof: define(miscCategory, 'EOF', 2, 'End of file'),
  notFound: define(miscCategory, 'ENOTFOUND', 3, 'Element not found'),
  channelClosed: define(channelCategory, 'ECHANNELCLOSED', 1, 'Channel closed'),
  channelCancelled: define(channelCategory, 'ECHANNELCANCELLED', 2, 'Channel cancelled'),
});

/** The name of an error constant in `errors`, e.g. `'operationAborted'`. */
export type ErrorName = keyof typeof errors;

/**
 * Create a fresh `SystemError` for a constant (Asio's `make_error_code`, as an Error). An
 * `operationAborted` made with no `cause` while an AbortSignal's abort is being delivered (an
 * operation's cancellation handler running inside `controller.abort(reason)`) takes the signal's
 * `reason` as its `cause`, as Node's AbortError does.
 *
 * @example
 * ```ts
 * import { HandlerWork, errors, makeError, systemExecutor, type SystemError } from '@asio-ts/core';
 *
 * // An initiation that fails at once: the handler still runs after this call returns.
 * function refuse(handler: (err: SystemError | null) => void): void {
 *   new HandlerWork(handler, systemExecutor).complete(makeError(errors.notConnected, 'connect() first'));
 * }
 * refuse((err) => console.log(err?.message)); // Transport endpoint is not connected: connect() first
 * ```
 */
export function makeError(code: ErrorCode, detail?: string, cause?: unknown): SystemError {
  if (cause === undefined) {
    const reason = currentAbortReason();
    if (reason !== undefined && isOperationAborted(code)) cause = reason;
  }
  return cause === undefined ? new SystemError(code, detail) : new SystemError(code, detail, { cause });
}

function hasCategoryValue(x: unknown): x is { value: number; category: ErrorCategory } {
  if (typeof x !== 'object' || x === null) return false;
  const r = x as { value?: unknown; category?: unknown };
  return typeof r.value === 'number' && typeof r.category === 'object' && r.category !== null;
}

function isOperationAborted(code: { value: number; category: ErrorCategory }): boolean {
  return code.value === errors.operationAborted.value && code.category.name === errors.operationAborted.category.name;
}

/**
 * True when `err` is the error `code` names (Asio's `ec == error::eof`): same category and
 * value, or (for errors that did not come from asio-ts, such as Node's own) the same Node `code`
 * string. An AbortError (Node's, `code` `'ABORT_ERR'`, as `fs.promises`, `events.once` or
 * `timers/promises` reject with on abort; or the DOM's, `name` `'AbortError'`, as `fetch`
 * rejects with) is `errors.operationAborted`, as `fromNodeError` maps it. Identity is never
 * required.
 *
 * @example
 * ```ts
 * import { SteadyTimer, asTuple, errorIs, errors, systemExecutor, useFuture } from '@asio-ts/core';
 *
 * const timer = new SteadyTimer(systemExecutor, 60_000);
 * setTimeout(() => timer.cancel(), 10);
 * const [err] = await timer.asyncWait(asTuple(useFuture));
 * console.log(err !== null && errorIs(err, errors.operationAborted)); // true
 * ```
 */
export function errorIs(err: unknown, code: ErrorCode): boolean {
  checkErrorCode(code);
  if (typeof err !== 'object' || err === null) return false;
  if (hasCategoryValue(err)) {
    return err.value === code.value && err.category.name === code.category.name;
  }
  const r = err as { code?: unknown; name?: unknown };
  if (r.code === code.code) return true;
  return isOperationAborted(code) && (typeof r.code === 'string' ? r.code === 'ABORT_ERR' : r.name === 'AbortError');
}

const byNodeCode: ReadonlyMap<string, ErrorCode> = new Map<string, ErrorCode>([
  ...Object.values(errors).map((c): [string, ErrorCode] => [c.code, c]),
  ['ABORT_ERR', errors.operationAborted],
  ['ERR_STREAM_DESTROYED', errors.brokenPipe],
  ['ERR_STREAM_WRITE_AFTER_END', errors.brokenPipe],
  ['ERR_STREAM_PREMATURE_CLOSE', errors.connectionReset],
  ['EWOULDBLOCK', errors.wouldBlock],
]);

/**
 * Map an error raised by Node (a system error such as `EPIPE`, or a stream error such as
 * `ERR_STREAM_DESTROYED`) onto a `SystemError`. The original is kept as `cause`. Errors with no
 * known mapping keep their own code and message, in the system category with value -1. A
 * `SystemError` is returned as it is.
 *
 * @example
 * ```ts
 * import { once } from 'node:events';
 * import { connect } from 'node:net';
 * import { errorIs, errors, fromNodeError } from '@asio-ts/core';
 *
 * const socket = connect(1, '127.0.0.1'); // nothing listens on port 1
 * try {
 *   await once(socket, 'connect');
 * } catch (e) {
 *   const err = fromNodeError(e);
 *   console.log(errorIs(err, errors.connectionRefused), err.cause === e); // true true
 * }
 * ```
 */
export function fromNodeError(e: unknown): SystemError {
  if (e instanceof SystemError) return e;
  if (e !== null && typeof e === 'object') {
    const r = e as { code?: unknown; name?: unknown; message?: unknown };
    const nodeCode = typeof r.code === 'string' ? r.code : r.name === 'AbortError' ? 'ABORT_ERR' : undefined;
    const known = nodeCode === undefined ? undefined : byNodeCode.get(nodeCode);
    if (known !== undefined) return new SystemError(known, undefined, { cause: e });
    const message = typeof r.message === 'string' ? r.message : safeString(e);
    return new SystemError(define(systemCategory, nodeCode ?? 'EUNKNOWN', -1, message), undefined, { cause: e });
  }
  return new SystemError(define(systemCategory, 'EUNKNOWN', -1, safeString(e)));
}


import { SystemError, type ErrorCode } from '../errors.js';

// A SystemError made without the host capturing a stack. Node has V8 capture a stack for every
// native Error, whatever Error.stackTraceLimit says, at some 0.7 µs: more than a
// setTimeout + clearTimeout pair, so it was most of the cost of cancelling a timer wait
// (docs/performance.md, "Timers"). The object is an ordinary one on SystemError.prototype with
// its own code, value and category, as a constructed one has; defining its message and stack
// as own properties would cost what the stack did, so SystemError.prototype answers them for an
// error that has none of its own (every constructed one has both): from the code's message,
// until one is assigned (docs/porting.md, "Timers").

const messages = new Map<string, string>();
// The codes whose message is in `messages`: asked per error, without building its key.
const known = new WeakSet<ErrorCode>();
let lastCode: ErrorCode | null = null;
const keyOf = (err: { category?: { name?: unknown }; value?: unknown }): string => `${String(err.category?.name)}:${String(err.value)}`;

function ownValue(target: object, key: 'message' | 'stack', value: unknown): void {
  Object.defineProperty(target, key, { value, writable: true, configurable: true });
}

Object.defineProperties(SystemError.prototype, {
  message: {
    get(this: SystemError): string {
      return messages.get(keyOf(this)) ?? '';
    },
    set(this: SystemError, value: unknown): void {
      ownValue(this, 'message', value);
    },
    configurable: true,
  },
  stack: {
    get(this: SystemError): string {
      return `${this.name}: ${this.message}`;
    },
    set(this: SystemError, value: unknown): void {
      ownValue(this, 'stack', value);
    },
    configurable: true,
  },
});

// A plain constructor on SystemError.prototype: every frameless error has one shape.
function Frameless(this: { code: string; value: number; category: ErrorCode['category'] }, code: ErrorCode): void {
  this.code = code.code;
  this.value = code.value;
  this.category = code.category;
}
Frameless.prototype = SystemError.prototype;
const makeFrameless = Frameless as unknown as new (code: ErrorCode) => SystemError;

/** An error for the constant `code`, with `cause` when one is given, and no stack frames. */
export function framelessError(code: ErrorCode, cause?: unknown): SystemError {
  const err = new makeFrameless(code);
  // The same code as last time (a run of cancelled waits) needs no look-up.
  if (code !== lastCode) {
    if (!known.has(code)) {
      known.add(code);
      messages.set(keyOf(code), code.message);
    }
    lastCode = code;
  }
  if (cause !== undefined) Object.defineProperty(err, 'cause', { value: cause, writable: true, configurable: true });
  return err;
}

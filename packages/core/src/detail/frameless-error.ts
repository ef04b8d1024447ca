import { SystemError, type ErrorCode } from '../errors.js';

// A SystemError made without the host capturing a stack. Node has V8 capture a stack for every
// native Error, whatever Error.stackTraceLimit says, at some 0.7 µs: more than a
// setTimeout + clearTimeout pair, so it was most of the cost of cancelling a timer wait
// (docs/performance.md, "Timers"). The object is an ordinary one on SystemError's prototype:
// instanceof SystemError and Error, its own code, value and category as a constructed one has,
// message and a frameless stack from a prototype of its own code (docs/porting.md, "Timers").

type Maker = new () => SystemError;

const makers = new WeakMap<ErrorCode, Maker>();

function makerFor(code: ErrorCode): Maker {
  const proto: object = Object.create(SystemError.prototype, {
    message: { value: code.message, writable: true, configurable: true },
    stack: { value: `SystemError: ${code.message}`, writable: true, configurable: true },
  });
  // A plain constructor: every error of one code shares one shape.
  function Frameless(this: { code: string; value: number; category: ErrorCode['category'] }): void {
    this.code = code.code;
    this.value = code.value;
    this.category = code.category;
  }
  Frameless.prototype = proto;
  return Frameless as unknown as Maker;
}

/** An error for the constant `code`, with `cause` when one is given, and no stack frames. */
export function framelessError(code: ErrorCode, cause?: unknown): SystemError {
  let Maker = makers.get(code);
  if (Maker === undefined) makers.set(code, (Maker = makerFor(code)));
  const err = new Maker();
  if (cause !== undefined) Object.defineProperty(err, 'cause', { value: cause, writable: true, configurable: true });
  return err;
}

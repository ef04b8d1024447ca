/**
 * Fixtures shared by the write tests: Asio's `write_data`, its buffer layouts and completion
 * conditions (from `asio/src/tests/unit/write.cpp`), a driver that runs one `asyncWrite` with a
 * callback, `useFuture` or `deferred` and checks the completion rules, and small user streams.
 */
import {
  IoContext,
  useFuture,
  type Executor,
  type SystemError,
} from '@asio-ts/core';
import {
  asyncWrite,
  ByteVector,
  completionCondition,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  isCompletionCondition,
  Streambuf,
  transferAll,
  transferAtLeast,
  transferExactly,
  type AsyncWriteStream,
  type CompletionCondition,
  type ConstBufferSequence,
  type TestStream,
  type WriteHandler,
  type WriteSource,
} from '@asio-ts/io';

/** Asio's `write_data`, with the terminating NUL that `sizeof(write_data)` counts: 53 bytes. */
export const writeData: Uint8Array = Uint8Array.from(
  'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\0',
  (c) => c.charCodeAt(0),
);
export const writeDataSize = writeData.length;

/** One char per byte. */
export function binaryString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

export function fromBinaryString(s: string): Uint8Array {
  return Uint8Array.from(s, (c) => c.charCodeAt(0));
}

/** A source of data for one write: the argument, and for dynamic buffers a way to read what is left. */
export interface PreparedSource {
  readonly buffers: WriteSource;
  /** The bytes still in the dynamic buffer, or null for a buffer sequence (nothing is consumed). */
  rest(): Uint8Array | null;
}

export interface SourceKind {
  readonly name: string;
  make(data?: Uint8Array): PreparedSource;
}

const constBuffer: SourceKind = {
  name: 'const_buffer',
  make: (data = writeData) => ({ buffers: data, rest: () => null }),
};

/** JavaScript has no const views; a Node `Buffer` (a Uint8Array subclass) stands in for the mutable_buffer case. */
const mutableBuffer: SourceKind = {
  name: 'mutable_buffer (Node Buffer)',
  make: (data = writeData) => ({ buffers: Buffer.from(data), rest: () => null }),
};

/** `boost::array<const_buffer, 2>`: bytes 0..32 and 32..end. */
const boostArray: SourceKind = {
  name: 'boost::array of 2 buffers',
  make: (data = writeData) => ({ buffers: [data.subarray(0, 32), data.subarray(32)], rest: () => null }),
};

/** `std::array<const_buffer, 2>`: a frozen tuple. */
const stdArray: SourceKind = {
  name: 'std::array of 2 buffers (frozen tuple)',
  make: (data = writeData) => ({ buffers: Object.freeze([data.subarray(0, 32), data.subarray(32)] as const), rest: () => null }),
};

/** `std::vector<const_buffer>`: bytes 0..32, 32..39 and 39..end. */
const vectorBuffers: SourceKind = {
  name: 'std::vector of 3 buffers',
  make: (data = writeData) => ({
    buffers: [data.subarray(0, 32), data.subarray(32, 39), data.subarray(39)],
    rest: () => null,
  }),
};

/** `dynamic_buffer(std::string&, sizeof(write_data))`. */
const dynamicString: SourceKind = {
  name: 'dynamic_string_buffer',
  make: (data = writeData) => {
    const ref = { value: binaryString(data) };
    return { buffers: dynamicStringBuffer(ref, data.length), rest: () => fromBinaryString(ref.value) };
  },
};

/** `asio::streambuf` filled with `sputn`. */
const streambuf: SourceKind = {
  name: 'streambuf',
  make: (data = writeData) => {
    const sb = new Streambuf();
    sb.sputn(data);
    return { buffers: sb, rest: () => sb.data().slice() };
  },
};

/** The buffer forms of Asio's async_write tests. */
export const asyncSources: readonly SourceKind[] = [
  constBuffer,
  mutableBuffer,
  boostArray,
  stdArray,
  vectorBuffers,
  dynamicString,
  streambuf,
];

/** The buffer forms of Asio's sync write tests (const, mutable, vector, dynamic string), plus streambuf. */
export const syncSources: readonly SourceKind[] = [constBuffer, mutableBuffer, vectorBuffers, dynamicString, streambuf];

/** Every dynamic buffer flavour, for the JS-specific tests. */
export const dynamicSources: readonly SourceKind[] = [
  dynamicString,
  streambuf,
  {
    name: 'dynamicBuffer (v1 over ByteVector)',
    make: (data = writeData) => {
      const vec = new ByteVector(data);
      return { buffers: dynamicBuffer(vec), rest: () => vec.bytes().slice() };
    },
  },
  {
    name: 'dynamicBufferV2',
    make: (data = writeData) => {
      const vec = new ByteVector(data);
      return { buffers: dynamicBufferV2(vec), rest: () => vec.bytes().slice() };
    },
  },
  {
    name: 'dynamicStringBufferV2',
    make: (data = writeData) => {
      const ref = { value: binaryString(data) };
      return { buffers: dynamicStringBufferV2(ref), rest: () => fromBinaryString(ref.value) };
    },
  },
];

/** Asio's `old_style_transfer_all`: a boolean, `true` meaning done. Not tagged. */
export function oldStyleTransferAll(err: Error | null, bytesTransferred: number): boolean {
  void bytesTransferred;
  return !!err;
}

/** Asio's `short_transfer`: at most 3 bytes per underlying write until an error. Not tagged. */
export function shortTransfer(err: Error | null, bytesTransferred: number): number {
  void bytesTransferred;
  return err ? 0 : 3;
}

/** `next_write_length` values of Asio's tests: unlimited (its `s.reset()`), 1 and 10. */
export const writeLengths = [Infinity, 1, 10] as const;
export type WriteLength = (typeof writeLengths)[number];

export interface ConditionCase {
  readonly name: string;
  make(): CompletionCondition;
  /** Bytes Asio's test expects for 53 bytes of data, per `next_write_length`. */
  expected(len: WriteLength): number;
}

const all = (): number => 53;
function expect3(unlimited: number, one: number, ten: number): (len: WriteLength) => number {
  return (len) => (len === Infinity ? unlimited : len === 1 ? one : ten);
}

/** The completion conditions of Asio's 4-argument tests, with the byte counts it checks. */
export const conditionCases: readonly ConditionCase[] = [
  { name: 'transfer_all()', make: () => transferAll(), expected: all },
  { name: 'transfer_at_least(1)', make: () => transferAtLeast(1), expected: expect3(53, 1, 10) },
  { name: 'transfer_at_least(10)', make: () => transferAtLeast(10), expected: expect3(53, 10, 10) },
  { name: 'transfer_at_least(42)', make: () => transferAtLeast(42), expected: expect3(53, 42, 50) },
  { name: 'transfer_exactly(1)', make: () => transferExactly(1), expected: expect3(1, 1, 1) },
  { name: 'transfer_exactly(10)', make: () => transferExactly(10), expected: expect3(10, 10, 10) },
  { name: 'transfer_exactly(42)', make: () => transferExactly(42), expected: expect3(42, 42, 42) },
  { name: 'old_style_transfer_all', make: () => oldStyleTransferAll, expected: all },
  { name: 'short_transfer', make: () => shortTransfer, expected: all },
];

export type Mode = 'callback' | 'useFuture' | 'deferred';
export const modes: readonly Mode[] = ['callback', 'useFuture', 'deferred'];

export interface Outcome {
  readonly err: SystemError | null;
  readonly n: number;
}

/** Let every queued microtask run. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 5; i++) await Promise.resolve();
}

/**
 * Run one `asyncWrite` on `stream` with the token `mode` says, then `ioc.run()`, checking
 * Asio's completion rules on the way: nothing is delivered inside the initiating call (nor
 * before the context runs), and the handler runs exactly once by the time `run()` returns.
 *
 * `condition === undefined` is the 3-argument form (`asyncWrite(s, b, token)`), anything else the
 * 4-argument form. `deferred` launches the no-token form later with a callback; with an untagged
 * user condition it is marked with `completionCondition` first, as JavaScript cannot tell a
 * condition from a handler by its type at run time.
 */
export async function runAsyncWrite(
  mode: Mode,
  ioc: IoContext,
  stream: TestStream,
  buffers: WriteSource,
  condition: CompletionCondition | undefined,
): Promise<Outcome> {
  let calls = 0;
  let outcome: Outcome | undefined;
  const handler: WriteHandler = (err, n) => {
    calls++;
    outcome = { err, n };
  };

  if (mode === 'callback') {
    const r: void = condition === undefined ? asyncWrite(stream, buffers, handler) : asyncWrite(stream, buffers, condition, handler);
    expect(r).toBeUndefined();
    expect(calls).toBe(0);
    await flushMicrotasks();
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    return outcome!;
  }

  if (mode === 'useFuture') {
    const p = condition === undefined ? asyncWrite(stream, buffers, useFuture) : asyncWrite(stream, buffers, condition, useFuture);
    expect(p).toBeInstanceOf(Promise);
    let settled = 0;
    let value: Outcome | undefined;
    p.then(
      (n) => {
        settled++;
        value = { err: null, n };
      },
      (err: SystemError) => {
        settled++;
        value = { err, n: -1 };
      },
    );
    await flushMicrotasks();
    expect(settled).toBe(0);
    await ioc.run();
    await flushMicrotasks();
    expect(settled).toBe(1);
    return value!;
  }

  let op;
  if (condition === undefined) op = asyncWrite(stream, buffers);
  else if (isCompletionCondition(condition)) op = asyncWrite(stream, buffers, condition);
  else op = asyncWrite(stream, buffers, completionCondition((e: Error | null, n: number) => condition(e, n)));
  expect(typeof op).toBe('function');
  // Nothing happens until the deferred operation is launched.
  expect(stream.writeCalls).toBe(0);
  await flushMicrotasks();
  expect(stream.writeCalls).toBe(0);
  const r: void = op(handler);
  expect(r).toBeUndefined();
  expect(calls).toBe(0);
  await ioc.run();
  expect(calls).toBe(1);
  return outcome!;
}

/** Bytes `a` equal bytes `b` (a readable failure message, unlike comparing two Uint8Arrays of 1 MB). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Flatten a buffer sequence (consuming it, if it is single-pass). */
export function concat(buffers: ConstBufferSequence): Uint8Array {
  const list = buffers instanceof Uint8Array ? [buffers] : [...buffers];
  const out = new Uint8Array(list.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/**
 * A user-written AsyncWriteStream that completes *inside* `asyncWriteSome` (calling the handler
 * on the caller's stack), which the AsyncWriteStream concept discourages but real code does.
 * Takes at most `maxWriteSize` bytes per call; records nesting depth to detect recursion.
 */
export class InlineStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #maxWriteSize: number;
  readonly #sink: Uint8Array;
  length = 0;
  calls = 0;
  depth = 0;
  maxDepth = 0;

  constructor(executor: Executor, capacity: number, maxWriteSize = Infinity) {
    this.#executor = executor;
    this.#maxWriteSize = maxWriteSize;
    this.#sink = new Uint8Array(capacity);
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  received(): Uint8Array {
    return this.#sink.subarray(0, this.length);
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    this.calls++;
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
    try {
      let left = this.#maxWriteSize;
      let n = 0;
      for (const b of buffers instanceof Uint8Array ? [buffers] : buffers) {
        if (left === 0) break;
        const take = Math.min(left, b.length);
        this.#sink.set(b.subarray(0, take), this.length);
        this.length += take;
        n += take;
        left -= take;
      }
      handler(null, n);
    } finally {
      this.depth--;
    }
  }
}

/** A user stream whose writes complete later, from a host timer, calling the handler directly. */
export class TimerStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #chunk: number;
  readonly #delayMs: number;
  readonly received: number[] = [];

  constructor(executor: Executor, chunk: number, delayMs: number) {
    this.#executor = executor;
    this.#chunk = chunk;
    this.#delayMs = delayMs;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const bytes = concat(buffers).subarray(0, this.#chunk);
    setTimeout(() => {
      this.received.push(...bytes);
      handler(null, bytes.length);
    }, this.#delayMs);
  }
}

/**
 * A user stream that accepts `okBytes` in total and then fails with `error` (not a SystemError),
 * the way a stream wrapping some other library might. Completions are posted to its executor.
 */
export class ForeignErrorStream implements AsyncWriteStream {
  readonly #executor: Executor;
  readonly #okBytes: number;
  readonly #error: unknown;
  length = 0;

  constructor(executor: Executor, okBytes: number, error: unknown) {
    this.#executor = executor;
    this.#okBytes = okBytes;
    this.#error = error;
  }

  getExecutor(): Executor {
    return this.#executor;
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): void {
    const size = concat(buffers).length;
    const n = Math.min(size, this.#okBytes - this.length);
    this.length += n;
    const err = this.length >= this.#okBytes ? this.#error : null;
    this.#executor.onWorkStarted();
    this.#executor.post(() => {
      this.#executor.onWorkFinished();
      (handler as (err: unknown, n: number) => void)(err, n);
    });
  }
}

/** A stream that records each handler `asyncWriteSome` got, and forwards to `inner`. */
export class RecordingStream implements AsyncWriteStream {
  readonly inner: AsyncWriteStream;
  readonly handlers: WriteHandler[] = [];

  constructor(inner: AsyncWriteStream) {
    this.inner = inner;
  }

  getExecutor(): Executor {
    return this.inner.getExecutor();
  }

  asyncWriteSome(buffers: ConstBufferSequence, handler: WriteHandler): unknown {
    this.handlers.push(handler);
    return this.inner.asyncWriteSome(buffers, handler);
  }
}

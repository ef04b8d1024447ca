/**
 * A reference model of Asio's `write_op` (asio/impl/write.hpp, Asio 1.38), written from Asio's
 * code and documentation rather than from asio-ts, and replayed over the event log of one
 * `asyncWrite`: it says which chunk the operation must offer next, when it must stop, and what
 * the handler must get.
 *
 * Asio's rule, after each `async_write_some` completes with `(ec, n)`:
 *
 *     consume(n)
 *     if ((!ec && n == 0) || buffers empty)          complete(ec)
 *     max = completion_condition(ec, total)           // 0 means done
 *     if (max == 0)                                   complete(ec)
 *     if (cancelled() != none)                        complete(operation_aborted)
 *     async_write_some(prepare(max))                  // prepare: at most 16 buffers
 *
 * and the first `async_write_some` is issued with `prepare(completion_condition(success, 0))`,
 * even when that is 0 (an empty write). The cancellation state is Asio's: the op's filter is
 * `enable_partial_cancellation` (terminal | partial); each emit *replaces* the recorded type
 * (`cancelled_ = in_filter(type)`), and what passes the filter is forwarded to the slot of the
 * chunk in flight. A coroutine (coSpawn, spawn) adds its own state in front, terminal-only
 * unless the coroutine reset it.
 *
 * So after cancellation the handler gets operationAborted, except when the chunk in flight
 * finished the operation by itself: the stream's own result for that chunk (its error, which a
 * cancellable stream makes operationAborted, or success when the buffers are now empty, the
 * condition is satisfied, or the stream accepted 0 bytes without an error) is what completes it.
 */
import { SystemError, errorIs, errors } from '@asio-ts/core';
import type { StreamEvent } from './fault-stream.js';

export const defaultMaxTransferSize = 65536;
export const maxBuffersPerPrepare = 16;

export type CondSpec =
  | { readonly kind: 'default' }
  | { readonly kind: 'all' }
  | { readonly kind: 'atLeast'; readonly k: number }
  | { readonly kind: 'exactly'; readonly k: number }
  | {
      readonly kind: 'user';
      readonly limit: number;
      readonly step: number;
      readonly onError: 'stop' | 'continue';
      readonly asBool: boolean;
    };

/** The user condition of a spec, as a plain function (pure: it depends only on its arguments). */
export function userCondition(spec: Extract<CondSpec, { kind: 'user' }>): (err: Error | null, total: number) => number | boolean {
  return (err, total) => {
    if (err !== null && spec.onError === 'stop') return spec.asBool ? true : 0;
    if (total >= spec.limit) return spec.asBool ? true : 0;
    return spec.asBool ? false : spec.step;
  };
}

/** What Asio's conditions return, computed independently of asio-ts. */
export function referenceCondition(spec: CondSpec, err: Error | null, total: number): number {
  switch (spec.kind) {
    case 'default':
    case 'all':
      return err ? 0 : defaultMaxTransferSize;
    case 'atLeast':
      return err || total >= spec.k ? 0 : defaultMaxTransferSize;
    case 'exactly':
      return err || total >= spec.k ? 0 : Math.min(spec.k - total, defaultMaxTransferSize);
    case 'user': {
      const r = userCondition(spec)(err, total);
      return typeof r === 'boolean' ? (r ? 0 : defaultMaxTransferSize) : r;
    }
  }
}

/** The error the handler must get. */
export type ExpectedError =
  | null
  /** The stream's own error for the last chunk, converted to a SystemError. */
  | { readonly kind: 'stream'; readonly raw: unknown }
  /** operationAborted raised by the composed operation itself (between chunks). */
  | { readonly kind: 'aborted' };

export interface ModelResult {
  /** The write op was started (its first asyncWriteSome was issued). */
  readonly started: boolean;
  readonly finished: boolean;
  readonly err: ExpectedError;
  readonly bytes: number;
  /** Chunks whose pending write must have seen a cancellation, by index. */
  readonly expectedCancelSeen: readonly number[];
  /** A coroutine's check refused to start the write because it was cancelled. */
  readonly refusedByCoroutine: boolean;
  readonly violations: readonly string[];
  /** Between-chunk aborts the model predicted (operationAborted raised by write_op itself). */
  readonly abortedBetweenChunks: boolean;
}

export interface ModelInput {
  readonly log: readonly StreamEvent[];
  /** The source as the op sees it: the element sizes of its buffer sequence, and the bytes. */
  readonly layout: readonly number[];
  readonly bytes: Uint8Array;
  readonly cond: CondSpec;
  /** The coroutine's filter mask in front of the op (1 = terminal), or null for no coroutine. */
  readonly frameMask: number | null;
  /** coSpawn refuses to run a body whose coroutine was cancelled before it started; spawn does not. */
  readonly coroutine: 'none' | 'coSpawn' | 'spawn';
}

/** `fromNodeError`'s mapping of the faults the stream injects (Node codes and asio-ts codes). */
export function expectedCode(raw: unknown): string {
  if (raw instanceof SystemError) return raw.code;
  if (raw instanceof Error && (raw as { code?: unknown }).code === 'EPIPE') return 'EPIPE';
  return 'EUNKNOWN';
}

/** Does `actual` (what the handler got) match `expected`? Returns a reason when it does not. */
export function errorMismatch(actual: unknown, expected: ExpectedError): string | null {
  if (expected === null) return actual === null ? null : `expected success, got ${String(actual)}`;
  if (!(actual instanceof SystemError)) return `expected a SystemError, got ${String(actual)}`;
  if (expected.kind === 'aborted') {
    return errorIs(actual, errors.operationAborted) ? null : `expected operationAborted, got ${actual.code}`;
  }
  const raw = expected.raw;
  // A SystemError from the stream is passed on as it is; anything else is converted, keeping the
  // original as `cause` when it is an object.
  if (raw instanceof SystemError) return actual === raw ? null : `expected the stream's own SystemError ${raw.code}, got another (${actual.code})`;
  if (actual.code !== expectedCode(raw)) return `expected code ${expectedCode(raw)}, got ${actual.code}`;
  if (typeof raw === 'object' && raw !== null && actual.cause !== raw) return 'the converted error lost its cause';
  return null;
}

/** The exact size `prepare(max)` gives at `consumed` (Asio's consuming_buffers: at most 16 non-empty buffers). */
export function preparedSize(layout: readonly number[], consumed: number, max: number): number {
  if (layout.length === 1) return Math.min(max, layout[0]! - consumed);
  let skip = consumed;
  let left = max;
  let pieces = 0;
  let size = 0;
  for (const len of layout) {
    if (left <= 0 || pieces >= maxBuffersPerPrepare) break;
    const avail = len - Math.min(skip, len);
    skip -= Math.min(skip, len);
    if (avail <= 0) continue;
    const take = Math.min(avail, left);
    size += take;
    left -= take;
    pieces++;
  }
  return size;
}

function toModelError(raw: unknown): Error | null {
  if (raw === null || raw === undefined) return null;
  // The op hands the condition a SystemError; the reference conditions only look at truthiness.
  return raw instanceof Error ? raw : new Error(String(raw));
}

export function replay(input: ModelInput): ModelResult {
  const { log, layout, bytes, cond, frameMask, coroutine } = input;
  const total = bytes.length;
  const violations: string[] = [];
  const expectedCancelSeen: number[] = [];
  const done = new Map<number, { err: unknown; n: number }>();
  let started = false;
  let live = false;
  let finished = false;
  let refused = false;
  let abortedBetween = false;
  let expectCall = false;
  let nextMax = 0;
  let consumed = 0;
  let result: ExpectedError = null;
  let frameCancelled = 0;
  let mask = frameMask ?? 0;
  let opCancelled = 0;
  // The chunk in flight whose stream installed a cancellation handler and has not completed yet.
  let cancellablePending: number | null = null;
  let bodyStarted = false;

  const finish = (err: ExpectedError): void => {
    finished = true;
    live = false;
    result = err;
  };

  for (const ev of log) {
    switch (ev.t) {
      case 'emit': {
        let type = ev.type >>> 0;
        if (frameMask !== null) {
          // The coroutine's own state (Asio: cancelled_ = in_filter(type); forward if not none).
          frameCancelled = (type & mask) >>> 0;
          if (frameCancelled === 0) break;
          type = frameCancelled;
        }
        if (!live) break;
        opCancelled = (type & 3) >>> 0;
        if (opCancelled !== 0 && cancellablePending !== null) {
          expectedCancelSeen.push(cancellablePending);
          // The stream completes the chunk from its cancellation handler; only the first emit reaches it.
          cancellablePending = null;
        }
        break;
      }
      case 'bodyStart':
        bodyStarted = true;
        if (coroutine === 'coSpawn' && frameCancelled !== 0) violations.push('coSpawn ran a body whose coroutine was already cancelled');
        break;
      case 'frameReset':
        mask = ev.mask;
        frameCancelled = 0;
        break;
      case 'launch':
        if (frameMask !== null && frameCancelled !== 0) refused = true;
        break;
      case 'call': {
        if (refused) {
          violations.push(`chunk ${ev.i} was issued although the coroutine refused to start the write`);
          break;
        }
        if (finished) {
          violations.push(`chunk ${ev.i} was issued after the operation completed`);
          break;
        }
        if (!started) {
          started = true;
          live = true;
          nextMax = referenceCondition(cond, null, 0);
        } else if (!expectCall) {
          violations.push(`chunk ${ev.i} was issued while chunk ${ev.i - 1} was still in flight`);
        }
        expectCall = false;
        const want = preparedSize(layout, consumed, nextMax);
        if (ev.size !== want) violations.push(`chunk ${ev.i}: offered ${ev.size} bytes, expected ${want} (max ${nextMax}, consumed ${consumed})`);
        const slice = bytes.subarray(consumed, consumed + ev.size);
        if (slice.length !== ev.offered.length || slice.some((b, k) => b !== ev.offered[k])) {
          violations.push(`chunk ${ev.i}: offered bytes are not the source's bytes at offset ${consumed}`);
        }
        if (ev.cancellable) cancellablePending = ev.i;
        break;
      }
      case 'done':
        done.set(ev.i, { err: ev.err, n: ev.n });
        if (cancellablePending === ev.i) cancellablePending = null;
        break;
      case 'cancelSeen':
        break;
      case 'deliver': {
        if (finished) {
          violations.push(`chunk ${ev.i} was delivered after the operation completed`);
          break;
        }
        const d = done.get(ev.i);
        if (d === undefined) {
          violations.push(`chunk ${ev.i} delivered before it completed`);
          break;
        }
        consumed += d.n;
        const err = toModelError(d.err);
        const streamErr: ExpectedError = err === null ? null : { kind: 'stream', raw: d.err };
        if ((err === null && d.n === 0) || consumed === total) {
          finish(streamErr);
          break;
        }
        const max = referenceCondition(cond, err, consumed);
        if (max === 0) {
          finish(streamErr);
          break;
        }
        if (opCancelled !== 0) {
          abortedBetween = true;
          finish({ kind: 'aborted' });
          break;
        }
        expectCall = true;
        nextMax = max;
        break;
      }
    }
  }
  if (coroutine === 'coSpawn' && !bodyStarted && started) violations.push('the write started without the coroutine body');
  return {
    started,
    finished,
    err: result,
    bytes: consumed,
    expectedCancelSeen,
    refusedByCoroutine: refused || (coroutine === 'coSpawn' && !bodyStarted),
    violations,
    abortedBetweenChunks: abortedBetween,
  };
}

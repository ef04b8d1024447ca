/**
 * A reference model of Asio's composed reads (asio/impl/read.hpp `read_op`, `read_dynbuf_v1_op`,
 * `read_dynbuf_v2_op`; asio/impl/read_until.hpp), written from Asio's code rather than from
 * asio-ts, and replayed over the event log of one operation: it says how much the operation may
 * ask for next, when it must stop, and what the handler must get.
 *
 * After each `async_read_some` completes with `(ec, n)`:
 *
 *   read_op (a buffer sequence):                 read_dynbuf_op (a dynamic buffer):
 *     consume(n)                                   commit(n); total += n
 *     if ((!ec && n == 0) || full) done(ec)        max = condition(ec, total)
 *     max = condition(ec, total)                   avail = min(max(512, capacity - size),
 *     if (max == 0) done(ec)                                   min(max, maxSize - size))
 *     if (cancelled) done(operation_aborted)       if ((!ec && n == 0) || avail == 0) done(ec)
 *     async_read_some(prepare(max))                if (cancelled) done(operation_aborted)
 *                                                  async_read_some(prepare(avail))
 *
 *   read_until:
 *     commit(n); if (ec) done(ec, 0)
 *     if (n == 0) done(eof, 0)        -- asio-ts: Asio would report (success, search position)
 *     if (cancelled) done(operation_aborted, 0)
 *     search: a match ending at k → done(success, k); size == maxSize → done(not_found, 0)
 *     async_read_some(prepare(min(max(512, capacity - size), min(65536, maxSize - size))))
 *
 * and the first read is issued with the condition's first answer (read_op, read_dynbuf_op: even
 * when that gives 0), or, for read_until, after a first search (asio-ts: no read at all when
 * that search completes the operation). The capacity is the buffer's own business, so for a
 * dynamic buffer the model checks the asked size lies in [min(512, L), L], L = min(limit,
 * maxSize - size). Cancellation is Asio's: the op's filter passes terminal and partial, each
 * emit replaces the recorded type, and what passes is forwarded to the read in flight.
 */
import { preparedSize, referenceCondition, type CondSpec, type ExpectedError } from './write-model.js';
import type { ReadEvent } from './read-fault-stream.js';

export { errorMismatch } from './write-model.js';

/** How a read-until search is modelled: the first match end in `data` at or after 0, or -1. */
export type ReferenceSearch = (data: Uint8Array) => number;

export type ReadOpSpec =
  | { readonly op: 'read'; readonly dynamic: false; readonly layout: readonly number[]; readonly cond: CondSpec }
  | { readonly op: 'read'; readonly dynamic: true; readonly pre: Uint8Array; readonly maxSize: number; readonly cond: CondSpec }
  | { readonly op: 'until'; readonly pre: Uint8Array; readonly maxSize: number; readonly search: ReferenceSearch };

export interface ReadModelInput {
  readonly log: readonly ReadEvent[];
  readonly spec: ReadOpSpec;
  readonly source: Uint8Array;
}

/** Extra error kinds of reads. */
export type ReadExpectedError = ExpectedError | { readonly kind: 'code'; readonly code: string };

export interface ReadModelResult {
  readonly finished: boolean;
  readonly err: ReadExpectedError;
  /** What the handler must report as the byte count. */
  readonly n: number;
  /** Bytes the stream delivered to the operation (all committed / consumed). */
  readonly delivered: number;
  readonly expectedCancelSeen: readonly number[];
  readonly abortedBetweenReads: boolean;
  readonly violations: readonly string[];
}

const readUntilLimit = 65536;

function toModelError(raw: unknown): Error | null {
  if (raw === null || raw === undefined) return null;
  return raw instanceof Error ? raw : new Error(String(raw));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}

export function replayRead(input: ReadModelInput): ReadModelResult {
  const { log, spec, source } = input;
  const violations: string[] = [];
  const expectedCancelSeen: number[] = [];
  const done = new Map<number, { err: unknown; n: number }>();
  let live = true;
  let finished = false;
  let expectCall = true;
  let result: ReadExpectedError = null;
  let resultN = 0;
  let delivered = 0;
  let cancelled = 0;
  let cancellablePending: number | null = null;
  let abortedBetween = false;
  // The next read's size: exact (a buffer sequence), or a range (a dynamic buffer).
  let nextMin = 0;
  let nextMax = 0;

  const capacityTotal = spec.op === 'read' && !spec.dynamic ? spec.layout.reduce((a, b) => a + b, 0) : 0;
  const size0 = spec.op === 'read' && !spec.dynamic ? 0 : spec.pre.length;

  const finish = (err: ReadExpectedError, n: number): void => {
    finished = true;
    live = false;
    expectCall = false;
    result = err;
    resultN = n;
  };
  const dynamicRange = (limit: number, size: number, maxSize: number): [number, number] => {
    const l = Math.max(0, Math.min(limit, maxSize - size));
    return [Math.min(512, l), l];
  };
  /** The read-until search (and its completion) before a read; false when it completed the op. */
  const untilSearch = (): boolean => {
    if (spec.op !== 'until') return true;
    const data = concat(spec.pre, source.subarray(0, delivered));
    const end = spec.search(data);
    if (end >= 0) {
      finish(null, end);
      return false;
    }
    if (data.length >= spec.maxSize) {
      finish({ kind: 'code', code: 'ENOTFOUND' }, 0);
      return false;
    }
    [nextMin, nextMax] = dynamicRange(readUntilLimit, data.length, spec.maxSize);
    return true;
  };

  // The start.
  if (spec.op === 'read' && !spec.dynamic) {
    nextMin = nextMax = referenceCondition(spec.cond, null, 0);
  } else if (spec.op === 'read') {
    [nextMin, nextMax] = dynamicRange(referenceCondition(spec.cond, null, 0), size0, spec.maxSize);
  } else {
    untilSearch();
  }

  for (const ev of log) {
    switch (ev.t) {
      case 'emit': {
        if (!live) break;
        cancelled = (ev.type & 3) >>> 0;
        if (cancelled !== 0 && cancellablePending !== null) {
          expectedCancelSeen.push(cancellablePending);
          cancellablePending = null;
        }
        break;
      }
      case 'call': {
        if (finished) {
          violations.push(`read ${ev.i} was issued after the operation completed`);
          break;
        }
        if (!expectCall) {
          violations.push(`read ${ev.i} was issued while read ${ev.i - 1} was still in flight`);
          break;
        }
        expectCall = false;
        let lo = nextMin;
        let hi = nextMax;
        if (spec.op === 'read' && !spec.dynamic) lo = hi = preparedSize(spec.layout, delivered, nextMax);
        if (ev.size < lo || ev.size > hi) violations.push(`read ${ev.i}: asked for ${ev.size} bytes, expected ${lo === hi ? lo : `${lo} to ${hi}`}`);
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
          violations.push(`read ${ev.i} was delivered after the operation completed`);
          break;
        }
        const d = done.get(ev.i);
        if (d === undefined) {
          violations.push(`read ${ev.i} delivered before it completed`);
          break;
        }
        delivered += d.n;
        const err = toModelError(d.err);
        const streamErr: ReadExpectedError = err === null ? null : { kind: 'stream', raw: d.err };
        if (spec.op === 'read' && !spec.dynamic) {
          if ((err === null && d.n === 0) || delivered === capacityTotal) {
            finish(streamErr, delivered);
            break;
          }
          const max = referenceCondition(spec.cond, err, delivered);
          if (max === 0) {
            finish(streamErr, delivered);
            break;
          }
          if (cancelled !== 0) {
            abortedBetween = true;
            finish({ kind: 'aborted' }, delivered);
            break;
          }
          nextMin = nextMax = max;
        } else if (spec.op === 'read') {
          const [lo, hi] = dynamicRange(referenceCondition(spec.cond, err, delivered), size0 + delivered, spec.maxSize);
          if ((err === null && d.n === 0) || hi === 0) {
            finish(streamErr, delivered);
            break;
          }
          if (cancelled !== 0) {
            abortedBetween = true;
            finish({ kind: 'aborted' }, delivered);
            break;
          }
          [nextMin, nextMax] = [lo, hi];
        } else {
          if (err !== null) {
            finish(streamErr, 0);
            break;
          }
          if (d.n === 0) {
            finish({ kind: 'code', code: 'EOF' }, 0);
            break;
          }
          if (cancelled !== 0) {
            abortedBetween = true;
            finish({ kind: 'aborted' }, 0);
            break;
          }
          if (!untilSearch()) break;
        }
        expectCall = true;
        break;
      }
    }
  }
  return { finished, err: result, n: resultN, delivered, expectedCancelSeen, abortedBetweenReads: abortedBetween, violations };
}

/** `errorMismatch` for the read-specific kinds too. */
export function readErrorMismatch(actual: unknown, expected: ReadExpectedError, base: (a: unknown, e: ExpectedError) => string | null): string | null {
  if (expected !== null && expected.kind === 'code') {
    const code = (actual as { code?: unknown } | null)?.code;
    return code === expected.code ? null : `expected ${expected.code}, got ${String(code ?? actual)}`;
  }
  return base(actual, expected);
}

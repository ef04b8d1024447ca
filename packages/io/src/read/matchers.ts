/**
 * The searches behind `asyncReadUntil` / `readUntil`, one per kind of `match`, each resuming
 * where the previous search of the same operation asked (Asio's `search_position`), so that a
 * long line read in many pieces is searched in linear time.
 */
import { bytesToBinaryString } from '../buffers/binary-string-store.js';
import { sizeOfList, type BufferList } from '../buffers/buffer-list.js';
import { describe, isUint8Array } from '../detail/check.js';
import { indexOfByte, indexOfSequence } from '../detail/index-of.js';
import type { MatchCondition } from './match-condition.js';

/**
 * One kind of search. `search(data, from)` looks at `data` (the buffer's readable bytes, which
 * only grow at the end between calls of one operation) from `from` and returns the end of the
 * match (>= 0), or `notFound(resume)` (< 0) when there is none yet: the next search starts at
 * `resume`. The delimiter searches hold no state, so one serves every operation with the same
 * delimiter.
 */
export interface Matcher {
  search(data: Uint8Array, from: number): number;
}

/** A search's result for "no match yet, resume at `resume`". */
export function notFound(resume: number): number {
  return -1 - resume;
}

/** Where the next search resumes, from a result that is `notFound(resume)`. */
export function resumeAt(result: number): number {
  return -1 - result;
}

/**
 * Bytes the delimiter searches were given to look at (the data from their resume position to
 * the end), summed over every search: a test seam that shows the search is linear.
 */
export const searchCounters = { delimiterBytes: 0 };

/** A one-byte delimiter (a `'\\n'`): one native search, nothing else. */
class ByteMatcher implements Matcher {
  readonly #byte: number;

  constructor(byte: number) {
    this.#byte = byte;
  }

  search(data: Uint8Array, from: number): number {
    const end = data.length;
    searchCounters.delimiterBytes += end - from;
    const i = from < end ? indexOfByte(data, this.#byte, from) : -1;
    return i < 0 ? notFound(end) : i + 1;
  }
}

/**
 * Asio's `partial_search` for a delimiter of several bytes: the leftmost full match, else the
 * leftmost partial match running into the end of the data (the next search resumes at its
 * start), else none (the next search resumes at the end).
 */
class DelimiterMatcher implements Matcher {
  readonly #delim: Uint8Array;

  constructor(delim: Uint8Array) {
    this.#delim = delim;
  }

  search(data: Uint8Array, from: number): number {
    const delim = this.#delim;
    const m = delim.length;
    const end = data.length;
    searchCounters.delimiterBytes += end - from;
    // As Asio: an empty delimiter matches at the resume position once a byte is there.
    if (m === 0) return from < end ? from : notFound(end);
    const i = from < end ? indexOfSequence(data, delim, from) : -1;
    if (i >= 0) return i + m;
    // No full match: the leftmost tail of the data that begins the delimiter.
    for (let j = Math.max(from, end - m + 1); j < end; j++) {
      let k = 0;
      while (j + k < end && data[j + k] === delim[k]) k++;
      if (j + k === end) return notFound(j);
    }
    return notFound(end);
  }
}

/**
 * A RegExp over the data read as latin1. JavaScript regular expressions have no partial
 * matching (Asio uses `match_partial`), so no resume position is safe but the start: each search
 * runs over all the data (decoded once, as it arrives). Correct for every expression; the cost of
 * a long unmatched line is quadratic in its length, bounded by the buffer's `maxSize`.
 */
class RegExpMatcher implements Matcher {
  readonly #re: RegExp;
  #text = '';

  constructor(re: RegExp) {
    // A copy without g and y, as Asio's regex_search has neither: the caller's lastIndex is
    // neither read nor changed, and a sticky flag does not pin the match to the data's start.
    this.#re = new RegExp(re.source, re.flags.replace(/[gy]/g, ''));
  }

  search(data: Uint8Array): number {
    const decoded = this.#text.length;
    if (data.length > decoded) this.#text += bytesToBinaryString(data.subarray(decoded));
    else if (data.length < decoded) this.#text = bytesToBinaryString(data);
    const found = this.#re.exec(this.#text);
    return found === null ? notFound(0) : found.index + found[0].length;
  }
}

/** True for the searches that look only at `data` from `from` on (the delimiters'). */
export function searchesFrom(matcher: Matcher): boolean {
  return matcher instanceof ByteMatcher || matcher instanceof DelimiterMatcher;
}

/** A user's MatchCondition, given the data from its resume position. */
class ConditionMatcher implements Matcher {
  readonly #condition: MatchCondition;

  constructor(condition: MatchCondition) {
    this.#condition = condition;
  }

  search(data: Uint8Array, from: number): number {
    const view = data.subarray(from);
    const r: unknown = this.#condition(view);
    const [end, found] = checkMatchResult(r, view.length);
    return found ? from + end : notFound(from + end);
  }
}

function checkMatchResult(r: unknown, length: number): readonly [number, boolean] {
  const pair = r as { readonly [k: number]: unknown } | null;
  if (typeof r !== 'object' || pair === null || typeof pair[1] !== 'boolean' || typeof pair[0] !== 'number') {
    throw new TypeError(`match (a MatchCondition) must return [end: number, found: boolean], got ${describe(r)}`);
  }
  const end = pair[0];
  if (!Number.isSafeInteger(end) || end < 0 || end > length) {
    throw new RangeError(`match (a MatchCondition) must return an end from 0 to ${length} (the length of the data it was given), got ${end}`);
  }
  return [end, pair[1]];
}

const utf8 = new TextEncoder();
const toStringTag = Object.prototype.toString;

// The last string delimiter and its search: a program reads with the same delimiter again and
// again, and encoding it each time cost more than the search.
let lastDelimiter = '\n';
let lastDelimiterMatcher: Matcher = new ByteMatcher(0x0a);

function delimiterMatcher(bytes: Uint8Array): Matcher {
  return bytes.length === 1 ? new ByteMatcher(bytes[0]!) : new DelimiterMatcher(bytes);
}

function stringMatcher(match: string): Matcher {
  if (match !== lastDelimiter) {
    lastDelimiterMatcher = delimiterMatcher(utf8.encode(match));
    lastDelimiter = match;
  }
  return lastDelimiterMatcher;
}

/**
 * The search for `match`, checked: a string (its UTF-8 bytes), a Uint8Array (copied: a lazy
 * token may start the operation later), a RegExp (copied, without its g and y flags) or a
 * function (a MatchCondition).
 */
export function makeMatcher(match: unknown): Matcher {
  if (typeof match === 'string') return stringMatcher(match);
  if (isUint8Array(match)) return delimiterMatcher(match.length === 1 ? match : match.slice());
  if (typeof match === 'function') return new ConditionMatcher(match as MatchCondition);
  if (typeof match === 'object' && match !== null && toStringTag.call(match) === '[object RegExp]') return new RegExpMatcher(match as RegExp);
  throw new TypeError(`match must be a string, a Uint8Array, a RegExp or a MatchCondition function, got ${describe(match)}`);
}

/**
 * The buffer's readable bytes as one view: the view itself for the built-in dynamic buffers, a
 * copy for a user's buffer that hands out several pieces.
 */
export function contiguous(list: BufferList): Uint8Array {
  if (isUint8Array(list)) return list;
  if (list.length === 1) return list[0]!;
  const out = new Uint8Array(sizeOfList(list));
  let at = 0;
  for (const b of list) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

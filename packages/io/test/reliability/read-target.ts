// How a generated read scenario's (read-scenario.ts) target and match are built: the buffer or
// dynamic buffer it reads into, and the asyncReadUntil match with its reference search.
import {
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  type DynamicBufferV1,
  type DynamicBufferV2,
  type MatchCondition,
  type ReadUntilMatch,
} from '@asio-ts/io';
import { binaryString, concat } from '../helpers/bytes.js';
import type { ReferenceSearch } from './read-model.js';
import type { MatchKind, ReadScenario } from './read-scenario.js';

/** A read's target, and what it holds afterwards. */
export interface BuiltTarget {
  readonly buffers: unknown;
  /** Everything a dynamic buffer holds, or the first `n` bytes of a buffer sequence. */
  contents(n: number): Uint8Array;
  /** The buffer's size (a dynamic buffer's `size()`). */
  size(): number;
}

export function buildTarget(sc: ReadScenario): BuiltTarget {
  if (sc.fixed !== null) {
    const total = sc.layout.reduce((a, b) => a + b, 0);
    const flat = sc.fixed === 'nodeBuffer' ? Buffer.alloc(total) : new Uint8Array(total);
    const pieces: Uint8Array[] = [];
    let at = 0;
    for (const len of sc.layout) {
      pieces.push(flat.subarray(at, at + len));
      at += len;
    }
    const contents = (n: number): Uint8Array => Uint8Array.from(flat.subarray(0, n));
    switch (sc.fixed) {
      case 'single':
      case 'nodeBuffer':
        return { buffers: flat, contents, size: () => total };
      case 'array':
        return { buffers: pieces, contents, size: () => total };
      case 'generator':
        return {
          buffers: (function* () {
            yield* pieces;
          })(),
          contents,
          size: () => total,
        };
    }
  }
  // Junk written and consumed first, so the content does not start at offset 0 of the storage;
  // the buffer with the scenario's maxSize is made over the storage afterwards.
  const withJunk = concat([new Uint8Array(sc.junk).fill(0xee), sc.pre]);
  const max = sc.maxSize ?? undefined;
  switch (sc.dynamic!) {
    case 'streambuf': {
      const sb = new Streambuf(max);
      if (max === undefined) {
        sb.sputn(withJunk);
        sb.consume(sc.junk);
      } else {
        sb.sputn(sc.pre);
      }
      return dynamicTarget(sb, () => sb.data().slice());
    }
    case 'vector': {
      const vec = new ByteVector(withJunk);
      dynamicBuffer(vec).consume(sc.junk);
      return dynamicTarget(dynamicBuffer(vec, max), () => vec.bytes().slice());
    }
    case 'string': {
      const ref = { value: binaryString(withJunk) };
      dynamicStringBuffer(ref).consume(sc.junk);
      return dynamicTarget(dynamicStringBuffer(ref, max), () => Uint8Array.from(ref.value, (ch) => ch.charCodeAt(0)));
    }
    case 'vectorV2': {
      const vec = new ByteVector(withJunk);
      dynamicBufferV2(vec).consume(sc.junk);
      return dynamicTarget(dynamicBufferV2(vec, max), () => vec.bytes().slice());
    }
    case 'stringV2': {
      const ref = { value: binaryString(withJunk) };
      dynamicStringBufferV2(ref).consume(sc.junk);
      const db = dynamicStringBufferV2(ref, max);
      // Bytes written through a v2 view reach ref.value at the next call on the buffer.
      return dynamicTarget(db, () => {
        const data = concat([db.data(0, db.size()) as Uint8Array]);
        return binaryString(data) === ref.value ? data : Uint8Array.from([0xde, 0xad]);
      });
    }
  }
}

function dynamicTarget(buffer: DynamicBufferV1 | DynamicBufferV2, read: () => Uint8Array): BuiltTarget {
  return { buffers: buffer, contents: () => read(), size: () => buffer.size() };
}

/** The match of a read-until scenario, and an independent reference search for it. */
export function buildMatch(kind: MatchKind, delim: Uint8Array): { match: ReadUntilMatch; search: ReferenceSearch } {
  const search: ReferenceSearch = (data) => {
    outer: for (let i = 0; i + delim.length <= data.length; i++) {
      for (let k = 0; k < delim.length; k++) if (data[i + k] !== delim[k]) continue outer;
      return i + delim.length;
    }
    return -1;
  };
  switch (kind) {
    case 'string':
      // The scenario made the delimiter ASCII, so the string's UTF-8 bytes are the delimiter.
      return { match: String.fromCharCode(...delim), search };
    case 'bytes':
      return { match: delim.slice(), search };
    case 'regexp': {
      const source = [...delim].map((b) => `\\x${b.toString(16).padStart(2, '0')}`).join('');
      return { match: new RegExp(source), search };
    }
    case 'condition':
      return { match: delimiterCondition(delim), search };
  }
}

/** A MatchCondition for a delimiter written without asio-ts: a full match, else the start of a partial one at the end. */
export function delimiterCondition(delim: Uint8Array): MatchCondition {
  return (data) => {
    for (let i = 0; i < data.length; i++) {
      let k = 0;
      while (k < delim.length && i + k < data.length && data[i + k] === delim[k]) k++;
      if (k === delim.length) return [i + k, true];
      if (i + k === data.length) return [i, false];
    }
    return [data.length, false];
  };
}

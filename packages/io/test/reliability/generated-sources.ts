/**
 * The data and condition of a generated write scenario, built from its spec: each buffer and
 * dynamic-buffer kind (a dynamic buffer with bytes consumed before, so its content does not
 * start at offset 0), with a way to read what a dynamic buffer still holds.
 */
import {
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  transferAll,
  transferAtLeast,
  transferExactly,
  type CompletionCondition,
  type DynamicBufferV1,
  type DynamicBufferV2,
} from '@asio-ts/io';
import { binaryString, concat, sameBytes } from '../helpers/bytes.js';
import { userCondition, type CondSpec } from './write-model.js';
import type { SourceKind } from './write-scenario.js';

export interface Source {
  readonly buffers: unknown;
  readonly bytes: Uint8Array;
  readonly layout: readonly number[];
  /** What a dynamic buffer holds now, or null for a buffer sequence. */
  rest(): Uint8Array | null;
}

/**
 * What a dynamic buffer holds, read through it and checked against the storage underneath
 * (`agrees`); a disagreement reads as the bytes 0xde 0xad, which no expected rest matches.
 */
function checkedRest(read: () => Uint8Array, agrees: (data: Uint8Array) => boolean): () => Uint8Array {
  return () => {
    const data = read().slice();
    return agrees(data) ? data : new Uint8Array([0xde, 0xad]);
  };
}

export function makeSource(kind: SourceKind, parts: readonly Uint8Array[], preConsumed: number): Source {
  const bytes = concat(parts);
  const junk = new Uint8Array(preConsumed).fill(0xee);
  switch (kind) {
    case 'single':
      return { buffers: bytes, bytes, layout: [bytes.length], rest: () => null };
    case 'nodeBuffer':
      return { buffers: Buffer.from(bytes), bytes, layout: [bytes.length], rest: () => null };
    case 'array': {
      const copies = parts.map((p) => p.slice());
      return { buffers: copies, bytes, layout: copies.map((p) => p.length), rest: () => null };
    }
    case 'generator': {
      const copies = parts.map((p) => p.slice());
      function* gen(): Generator<Uint8Array> {
        yield* copies;
      }
      return { buffers: gen(), bytes, layout: copies.map((p) => p.length), rest: () => null };
    }
    case 'streambuf': {
      const sb = new Streambuf();
      sb.sputn(junk);
      sb.sputn(bytes);
      sb.consume(preConsumed);
      return { buffers: sb, bytes, layout: [bytes.length], rest: () => sb.data().slice() };
    }
    case 'vector': {
      const vec = new ByteVector(concat([junk, bytes]));
      const db = dynamicBuffer(vec);
      db.consume(preConsumed);
      return { buffers: db, bytes, layout: [bytes.length], rest: checkedRest(() => db.data(), (data) => sameBytes(data, vec.bytes())) };
    }
    case 'string': {
      const ref = { value: binaryString(junk) + binaryString(bytes) };
      const db: DynamicBufferV1 = dynamicStringBuffer(ref);
      db.consume(preConsumed);
      return { buffers: db, bytes, layout: [bytes.length], rest: checkedRest(() => db.data() as Uint8Array, (data) => ref.value === binaryString(data)) };
    }
    case 'vectorV2': {
      const vec = new ByteVector(concat([junk, bytes]));
      const db: DynamicBufferV2 = dynamicBufferV2(vec);
      db.consume(preConsumed);
      return { buffers: db, bytes, layout: [bytes.length], rest: () => (db.data(0, db.size()) as Uint8Array).slice() };
    }
    case 'stringV2': {
      const ref = { value: binaryString(junk) + binaryString(bytes) };
      const db: DynamicBufferV2 = dynamicStringBufferV2(ref);
      db.consume(preConsumed);
      return {
        buffers: db,
        bytes,
        layout: [bytes.length],
        rest: checkedRest(() => db.data(0, db.size()) as Uint8Array, (data) => ref.value === binaryString(data)),
      };
    }
  }
}

export function makeCondition(spec: CondSpec): CompletionCondition | undefined {
  switch (spec.kind) {
    case 'default':
      return undefined;
    case 'all':
      return transferAll();
    case 'atLeast':
      return transferAtLeast(spec.k);
    case 'exactly':
      return transferExactly(spec.k);
    case 'user':
      return userCondition(spec);
  }
}

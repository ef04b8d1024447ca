/**
 * `asyncWrite` property test over random chunk limits, data, conditions and buffer forms,
 * checked against a model of how many bytes each condition lets through.
 */
import { asTuple, bindImmediateExecutor, inlineExecutor, IoContext, post, SystemError, useFuture } from '@asio-ts/core';
import {
  asyncWrite,
  ByteVector,
  dynamicBuffer,
  dynamicBufferV2,
  dynamicStringBuffer,
  dynamicStringBufferV2,
  Streambuf,
  TestStream,
  transferAll,
  transferAtLeast,
  transferExactly,
  type CompletionCondition,
  type WriteHandler,
  type WriteSource,
} from '@asio-ts/io';
import fc from 'fast-check';
import { binaryString, fromBinaryString, sameBytes } from '../helpers/bytes.js';
import { oldStyleTransferAll } from '../helpers/conditions.js';
import { flushMicrotasks } from '../helpers/microtasks.js';

type CondSpec =
  | { kind: 'all' }
  | { kind: 'atLeast'; k: number }
  | { kind: 'exactly'; k: number }
  | { kind: 'short'; k: number }
  | { kind: 'oldStyle' };

type Layout = 'single' | 'sequence' | 'generator' | 'v1 vector' | 'v1 string' | 'streambuf' | 'v2 vector' | 'v2 string';

function makeCondition(c: CondSpec): CompletionCondition {
  switch (c.kind) {
    case 'all':
      return transferAll();
    case 'atLeast':
      return transferAtLeast(c.k);
    case 'exactly':
      return transferExactly(c.k);
    case 'short':
      return (err) => (err ? 0 : c.k);
    case 'oldStyle':
      return oldStyleTransferAll;
  }
}

/** Bytes the write takes with no failure: an independent model of the conditions. */
function modelBytes(c: CondSpec, size: number, limit: number): number {
  switch (c.kind) {
    case 'all':
    case 'short':
    case 'oldStyle':
      return size;
    case 'atLeast':
      if (c.k === 0) return 0;
      return limit === Infinity ? size : Math.min(size, Math.ceil(c.k / limit) * limit);
    case 'exactly':
      return Math.min(c.k, size);
  }
}

function makeSource(layout: Layout, data: Uint8Array, cuts: number[]): { buffers: WriteSource; rest(): Uint8Array | null } {
  const points = [...new Set(cuts.map((c) => Math.min(c, data.length)))].sort((a, b) => a - b);
  const pieces: Uint8Array[] = [];
  let at = 0;
  for (const p of [...points, data.length]) {
    pieces.push(data.subarray(at, p));
    at = p;
  }
  switch (layout) {
    case 'single':
      return { buffers: data, rest: () => null };
    case 'sequence':
      return { buffers: pieces, rest: () => null };
    case 'generator':
      return { buffers: (function* () { yield* pieces; })(), rest: () => null };
    case 'v1 vector': {
      const v = new ByteVector(data);
      return { buffers: dynamicBuffer(v), rest: () => v.bytes().slice() };
    }
    case 'v2 vector': {
      const v = new ByteVector(data);
      return { buffers: dynamicBufferV2(v), rest: () => v.bytes().slice() };
    }
    case 'v1 string': {
      const ref = { value: binaryString(data) };
      return { buffers: dynamicStringBuffer(ref), rest: () => fromBinaryString(ref.value) };
    }
    case 'v2 string': {
      const ref = { value: binaryString(data) };
      return { buffers: dynamicStringBufferV2(ref), rest: () => fromBinaryString(ref.value) };
    }
    case 'streambuf': {
      const sb = new Streambuf();
      sb.sputn(data);
      return { buffers: sb, rest: () => sb.data().slice() };
    }
  }
}

describe('property: random chunk limits, data, conditions and buffer forms', () => {
  const condSpec: fc.Arbitrary<CondSpec> = fc.oneof(
    fc.constant({ kind: 'all' as const }),
    fc.record({ kind: fc.constant('atLeast' as const), k: fc.integer({ min: 0, max: 320 }) }),
    fc.record({ kind: fc.constant('exactly' as const), k: fc.integer({ min: 0, max: 320 }) }),
    fc.record({ kind: fc.constant('short' as const), k: fc.integer({ min: 1, max: 40 }) }),
    fc.constant({ kind: 'oldStyle' as const }),
  );
  const layouts: Layout[] = ['single', 'sequence', 'generator', 'v1 vector', 'v1 string', 'streambuf', 'v2 vector', 'v2 string'];

  test('the byte count is what the stream got, a prefix of the source, and a dynamic buffer keeps exactly the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 300 }),
        fc.oneof(fc.constant(Infinity), fc.integer({ min: 1, max: 64 })),
        condSpec,
        fc.constantFrom(...layouts),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 6 }),
        fc.option(fc.integer({ min: 0, max: 320 }), { nil: undefined }),
        fc.constantFrom('callback', 'asTuple(useFuture)', 'deferred'),
        fc.boolean(),
        async (data, limit, cond, layout, cuts, failAt, mode, inline) => {
          const ioc = new IoContext();
          const stream = new TestStream(ioc, failAt === undefined ? { maxWriteSize: limit } : { maxWriteSize: limit, failAt });
          const src = makeSource(layout, data, cuts);
          const condition = makeCondition(cond);
          let calls = 0;
          let result: [SystemError | null, number] | undefined;
          const handler: WriteHandler = (err, n) => {
            calls++;
            result = [err, n];
          };
          const launch = (): void => {
            const h = inline ? bindImmediateExecutor(inlineExecutor, handler) : handler;
            if (mode === 'callback') asyncWrite(stream, src.buffers, condition, h);
            else if (mode === 'deferred') asyncWrite(stream, src.buffers, condition, undefined)(h);
            else {
              const token = inline ? bindImmediateExecutor(inlineExecutor, asTuple(useFuture)) : asTuple(useFuture);
              void asyncWrite(stream, src.buffers, condition, token).then(([err, n]) => handler(err, n));
            }
          };
          // `inline`: started from a handler of the context, with an inline immediate executor, so
          // every chunk and the completion happen inside the call; otherwise all are posted.
          if (inline) post(ioc, launch);
          else {
            launch();
            expect(calls).toBe(0);
          }
          await ioc.run();
          await flushMicrotasks();
          expect(calls).toBe(1);
          const [err, n] = result!;

          const received = stream.received();
          expect(n).toBe(received.length);
          expect(sameBytes(received, data.subarray(0, n))).toBe(true);
          const rest = src.rest();
          if (rest !== null) expect(sameBytes(rest, data.subarray(n))).toBe(true);

          const clean = modelBytes(cond, data.length, limit);
          if (failAt !== undefined && clean > 0 && clean >= failAt) {
            expect(err?.code).toBe('EPIPE');
            expect(n).toBe(failAt);
          } else {
            expect(err).toBeNull();
            expect(n).toBe(clean);
          }
        },
      ),
      { seed: 42, numRuns: 300 },
    );
  });
});

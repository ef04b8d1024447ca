import {
  bufferCopy,
  defaultMaxTransferSize,
  transferAll,
  transferAtLeast,
  transferExactly,
  type CompletionCondition,
  type ConstBufferSequence,
} from '@asio-ts/io';
import { checkForCompletion } from '../../src/transfer/base-from-completion-cond.js';
import { ConsumingBuffers } from '../../src/buffers/consuming-buffers.js';

const err = new Error('boom');

describe('built-in completion conditions return exactly what Asio returns', () => {
  test('defaultMaxTransferSize is 65536', () => {
    expect(defaultMaxTransferSize).toBe(65536);
  });

  test('transferAll', () => {
    const c = transferAll();
    expect(c(null, 0)).toBe(65536);
    expect(c(null, 1e9)).toBe(65536);
    expect(c(err, 0)).toBe(0);
    expect(c(err, 10)).toBe(0);
  });

  test.each([1, 10, 42])('transferAtLeast(%i)', (n) => {
    const c = transferAtLeast(n);
    expect(c(null, 0)).toBe(65536);
    expect(c(null, n - 1)).toBe(65536);
    expect(c(null, n)).toBe(0);
    expect(c(null, n + 5)).toBe(0);
    expect(c(err, 0)).toBe(0);
  });

  test.each([1, 10, 42])('transferExactly(%i)', (n) => {
    const c = transferExactly(n);
    expect(c(null, 0)).toBe(n);
    expect(c(null, n - 1)).toBe(1);
    expect(c(null, n)).toBe(0);
    expect(c(null, n + 5)).toBe(0);
    expect(c(err, 0)).toBe(0);
  });

  test('transferExactly caps each step at 65536 and transferAtLeast(0) is done at once', () => {
    expect(transferExactly(100000)(null, 0)).toBe(65536);
    expect(transferExactly(100000)(null, 40000)).toBe(60000);
    expect(transferAtLeast(0)(null, 0)).toBe(0);
    expect(transferExactly(0)(null, 0)).toBe(0);
    expect(transferAtLeast(Infinity)(null, 1e12)).toBe(65536);
    expect(transferExactly(Infinity)(null, 1e12)).toBe(65536);
  });

  test('n is validated', () => {
    for (const f of [transferAtLeast, transferExactly]) {
      expect(() => f(-1)).toThrow(RangeError);
      expect(() => f(-1)).toThrow(/^n must be a non-negative integer/);
      expect(() => f(1.5)).toThrow(/^n /);
      expect(() => f(NaN)).toThrow(/^n /);
      expect(() => f('3' as never)).toThrow(TypeError);
      expect(() => f(undefined as never)).toThrow(/^n must be a number/);
    }
  });
});

// Asio's src/tests/unit/write.cpp, on a synchronous test stream: the same write loop Asio's
// write() runs, driven by the same completion conditions and the same expected byte counts.
const writeData = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz\0', 'latin1');

class TestStream {
  private readonly data = new Uint8Array(8192);
  private position = 0;
  private nextWriteLength = 8192;
  private length = 8192;

  reset(length = 8192): void {
    this.data.fill(0);
    this.length = length;
    this.position = 0;
    this.nextWriteLength = length;
  }

  setNextWriteLength(n: number): void {
    this.nextWriteLength = n;
  }

  writeSome(buffers: ConstBufferSequence): number {
    const n = bufferCopy(this.data.subarray(this.position, this.length), buffers, this.nextWriteLength);
    this.position += n;
    return n;
  }

  check(length: number): boolean {
    return this.position === length && Buffer.from(this.data.subarray(0, length)).equals(writeData.subarray(0, length));
  }
}

function write(s: TestStream, buffers: ConstBufferSequence, condition: CompletionCondition): number {
  const tmp = new ConsumingBuffers(buffers);
  while (!tmp.empty()) {
    const max = checkForCompletion(condition, null, tmp.totalConsumed());
    if (max === 0) break;
    tmp.consume(s.writeSome(tmp.prepare(max)));
  }
  return tmp.totalConsumed();
}

const oldStyleTransferAll: CompletionCondition = (e) => e !== null;
const shortTransfer: CompletionCondition = (e) => (e ? 0 : 3);

const all = writeData.length;
const shapes: Array<[string, () => ConstBufferSequence]> = [
  ['a single buffer', () => new Uint8Array(writeData)],
  ['two buffers', () => [writeData.subarray(0, 32), writeData.subarray(32)]],
  ['buffers with empty ones among them', () => [new Uint8Array(0), writeData.subarray(0, 7), new Uint8Array(0), writeData.subarray(7, 40), writeData.subarray(40)]],
];
// [name, condition, expected bytes for next_write_length = default, 1, 10]
const table: Array<[string, () => CompletionCondition, [number, number, number]]> = [
  ['transfer_all', () => transferAll(), [all, all, all]],
  ['transfer_at_least(1)', () => transferAtLeast(1), [all, 1, 10]],
  ['transfer_at_least(10)', () => transferAtLeast(10), [all, 10, 10]],
  ['transfer_at_least(42)', () => transferAtLeast(42), [all, 42, 50]],
  ['transfer_exactly(1)', () => transferExactly(1), [1, 1, 1]],
  ['transfer_exactly(10)', () => transferExactly(10), [10, 10, 10]],
  ['transfer_exactly(42)', () => transferExactly(42), [42, 42, 42]],
  ['old_style_transfer_all', () => oldStyleTransferAll, [all, all, all]],
  ['short_transfer', () => shortTransfer, [all, all, all]],
];

describe.each(shapes)('write.cpp cases over %s', (_shape, makeBuffers) => {
  test.each(table)('%s', (_name, makeCondition, expected) => {
    const s = new TestStream();
    const lengths: Array<number | null> = [null, 1, 10];
    lengths.forEach((next, i) => {
      s.reset();
      if (next !== null) s.setNextWriteLength(next);
      const n = write(s, makeBuffers(), makeCondition());
      expect(n).toBe(expected[i]);
      expect(s.check(n)).toBe(true);
    });
  });
});

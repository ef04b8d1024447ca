import fc from 'fast-check';

type IndexOf = typeof import('../../src/detail/index-of.js');

/** The module as loaded with Node's Buffer (the native searches) and without it (a browser). */
function load(withBuffer: boolean): IndexOf {
  const saved = globalThis.Buffer;
  let mod: IndexOf | undefined;
  jest.isolateModules(() => {
    if (!withBuffer) (globalThis as { Buffer?: unknown }).Buffer = undefined;
    try {
      mod = jest.requireActual<IndexOf>('../../src/detail/index-of.js');
    } finally {
      globalThis.Buffer = saved;
    }
  });
  return mod!;
}

function naive(data: Uint8Array, seq: Uint8Array, from: number): number {
  for (let i = Math.max(0, from); i + seq.length <= data.length; i++) {
    let k = 0;
    while (k < seq.length && data[i + k] === seq[k]) k++;
    if (k === seq.length) return i;
  }
  return -1;
}

// Small alphabets, so that matches and near-matches are frequent.
const bytes = fc.uint8Array({ minLength: 0, maxLength: 64, min: 0, max: 2 });

describe.each([
  ['with Buffer (Node)', true],
  ['without Buffer', false],
])('indexOfByte and indexOfSequence %s', (_name, withBuffer) => {
  const { indexOfByte, indexOfSequence } = load(withBuffer);

  test('indexOfByte finds the first byte at or after from, as a naive search', () => {
    fc.assert(
      fc.property(bytes, fc.integer({ min: 0, max: 2 }), fc.nat(70), (data, byte, from) => {
        expect(indexOfByte(data, byte, from)).toBe(naive(data, Uint8Array.of(byte), from));
      }),
    );
  });

  test('indexOfSequence finds the first full occurrence at or after from, as a naive search', () => {
    fc.assert(
      fc.property(bytes, fc.uint8Array({ minLength: 2, maxLength: 4, min: 0, max: 2 }), fc.nat(70), (data, seq, from) => {
        expect(indexOfSequence(data, seq, from)).toBe(naive(data, seq, from));
      }),
    );
  });

  test('works on a view into a larger buffer (offsets are the view\'s own)', () => {
    const store = Uint8Array.of(10, 1, 2, 10, 3, 10);
    const view = store.subarray(1, 5);
    expect(indexOfByte(view, 10, 0)).toBe(2);
    expect(indexOfSequence(view, Uint8Array.of(10, 3), 0)).toBe(2);
    expect(indexOfSequence(view, Uint8Array.of(3, 10), 0)).toBe(-1);
  });
});

import { binaryStringToBytes, bytesToBinaryString, checkStringRef } from '../../src/buffers/binary-string-store.js';

test('bytesToBinaryString / binaryStringToBytes round-trip, across the chunk size', () => {
  for (const len of [0, 1, 255, 8192, 8193, 30000]) {
    const bytes = Uint8Array.from({ length: len }, (_, i) => (i * 31 + 7) & 255);
    const s = bytesToBinaryString(bytes);
    expect(s.length).toBe(len);
    expect(s).toBe(Buffer.from(bytes).toString('latin1'));
    const back = new Uint8Array(len);
    binaryStringToBytes('x', s, back);
    expect(back).toEqual(bytes);
  }
});

test('binaryStringToBytes names the argument and the char', () => {
  expect(() => binaryStringToBytes('ref.value', 'ab\u{1F600}', new Uint8Array(4))).toThrow(/^ref\.value must be a binary string .*char 2 is U\+D83D/);
});

test('checkStringRef', () => {
  const ref = { value: '' };
  expect(checkStringRef(ref)).toBe(ref);
  expect(() => checkStringRef(1)).toThrow(/^ref must be an object/);
  expect(() => checkStringRef({})).toThrow(/^ref\.value must be a string, got undefined/);
});

import { sizeOfList } from '../../src/buffers/buffer-list.js';

describe('sizeOfList', () => {
  test('one buffer, a list, empty elements and an empty list', () => {
    expect(sizeOfList(new Uint8Array(7))).toBe(7);
    expect(sizeOfList([new Uint8Array(2), new Uint8Array(0), new Uint8Array(3)])).toBe(5);
    expect(sizeOfList([])).toBe(0);
    expect(sizeOfList(new Uint8Array(0))).toBe(0);
  });
});

import { transferAll, type CompletionCondition } from '@asio-ts/io';
import { checkCompletionCondition, checkForCompletion } from '../../src/transfer/base-from-completion-cond.js';

describe('checkForCompletion', () => {
  test('passes the error and total through and returns a number result unchanged', () => {
    const seen: Array<[Error | null, number]> = [];
    const c: CompletionCondition = (e, n) => {
      seen.push([e, n]);
      return 100000;
    };
    const e = new Error('x');
    // Asio does not clamp a condition's result to the default maximum.
    expect(checkForCompletion(c, e, 7)).toBe(100000);
    expect(seen).toEqual([[e, 7]]);
    expect(checkForCompletion(() => 0, null, 0)).toBe(0);
    expect(checkForCompletion(() => Infinity, null, 0)).toBe(Infinity);
    expect(checkForCompletion(transferAll(), null, 0)).toBe(65536);
  });

  test('adapts old-style boolean results as Asio does', () => {
    expect(checkForCompletion(() => true, null, 0)).toBe(0);
    expect(checkForCompletion(() => false, null, 0)).toBe(65536);
  });

  test.each([
    [-1, RangeError],
    [1.5, RangeError],
    [NaN, RangeError],
    [-Infinity, RangeError],
    ['5', TypeError],
    [undefined, TypeError],
    [null, TypeError],
  ])('a result of %p is a %p naming completionCondition', (result, type) => {
    const c = (() => result) as unknown as CompletionCondition;
    expect(() => checkForCompletion(c, null, 0)).toThrow(type);
    expect(() => checkForCompletion(c, null, 0)).toThrow(/^completionCondition must return/);
  });

  test('checkCompletionCondition', () => {
    const c = transferAll();
    expect(checkCompletionCondition(c)).toBe(c);
    expect(() => checkCompletionCondition(42)).toThrow(/^completionCondition must be a function/);
  });
});

// The argument checks every package uses (core/src/detail/check.ts, exported for authors of
// their own initiating functions): one description of a value, one function check.

import { checkFunction, describeValue } from '@asio-ts/core';

test('describeValue: small values as they are, the rest by kind', () => {
  expect(describeValue(null)).toBe('null');
  expect(describeValue(undefined)).toBe('undefined');
  expect(describeValue(42)).toBe('42');
  expect(describeValue(true)).toBe('true');
  expect(describeValue(10n)).toBe('10n');
  expect(describeValue('abc')).toBe('"abc"');
  expect(describeValue('x'.repeat(50))).toBe('a string');
  expect(describeValue(Symbol('s'))).toBe('a symbol');
  expect(describeValue(() => 1)).toBe('a function');
  expect(describeValue([1])).toBe('an array');
  expect(describeValue(new Map())).toBe('an instance of Map');
  expect(describeValue({})).toBe('an object');
  expect(describeValue(Object.create(null))).toBe('an object');
});

test('checkFunction throws a TypeError naming the argument', () => {
  const f = (): void => undefined;
  expect(() => checkFunction('handler', f)).not.toThrow();
  expect(() => checkFunction('handler', 1)).toThrow(new TypeError('handler must be a function, got 1'));
});

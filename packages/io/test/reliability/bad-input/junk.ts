/**
 * The generated wrong values the bad-input table calls each argument with: fast-check's anything,
 * hand-picked edge values, and functions.
 */
import fc from 'fast-check';

const anythingArb = fc.anything({
  maxDepth: 2,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withNullPrototype: true,
  withObjectString: true,
  withTypedArray: true,
  withSparseArray: true,
  withDate: true,
});

const specialFactories: Array<() => unknown> = [
  () => NaN,
  () => -1,
  () => 1.5,
  () => Infinity,
  () => -Infinity,
  () => 2 ** 53,
  () => -0,
  () => '',
  () => 'text',
  () => 'ĀĀ',
  () => Symbol('s'),
  () => [],
  () => [1, 2],
  () => [new Uint8Array(1), 'x'],
  () => new Uint8Array(2),
  () => new ArrayBuffer(2),
  () => () => {},
  () => function* () {},
  () => async () => {},
  () => Object.create(null) as unknown,
  () => new Date(NaN),
  () => new Date(0),
  () => new Error('an error'),
  () => ({ then: 1 }),
  () => ({ value: 42 }),
  () => ({ error: 1 }),
  () => ({ getExecutor: 1 }),
  () => true,
  () => null,
  () => undefined,
  () => 10n,
];
const specialArb = fc.nat(specialFactories.length - 1).map((i) => specialFactories[i]!());
export const junkArb: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: anythingArb },
  { weight: 2, arbitrary: specialArb },
  { weight: 1, arbitrary: fc.func(anythingArb) },
);

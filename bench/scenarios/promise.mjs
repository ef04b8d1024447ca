// promise token: the trivial operation with `useFuture`, awaited, against what a Node developer
// writes by hand: `await new Promise(r => queueMicrotask(() => r(v)))`.
import { useFuture } from '@asio-ts/core';
import { freshWorkers, microPromise, trivialOp } from '../lib/fixtures.mjs';

export default {
  id: 'promise',
  title: 'promise token',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.85,
  setup({ width, depth }) {
    const ours = freshWorkers();
    const base = freshWorkers();
    return {
      variants: [
        {
          name: 'await op(useFuture)',
          baselineLabel: 'await new Promise(r => queueMicrotask(() => r(v)))',
          ops: width * depth,
          ours: () => ours(width, depth, () => trivialOp(1, useFuture)),
          baseline: () => base(width, depth, () => microPromise(1)),
        },
      ],
    };
  },
};

// promise token: the trivial op with `useFuture`, awaited, against `new Promise` resolved through
// the same primitive (the hand-written setImmediate-batched queue).
import { useFuture } from '@asio-ts/core';
import { freshWorkers, hand, trivialOp } from '../lib/fixtures.mjs';

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
          baselineLabel: 'await new Promise(r => queue.post(() => r(v)))',
          ops: width * depth,
          ours: () => ours(width, depth, () => trivialOp(1, useFuture)),
          baseline: () => base(width, depth, () => new Promise((resolve) => hand.post(() => resolve(1)))),
        },
      ],
    };
  },
};

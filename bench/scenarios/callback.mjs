// callback token: `post(ex, handler)` and a trivial asyncInitiate op completing through the
// system executor, against the same scheduling done by hand on the same primitive.
import { post, systemExecutor } from '@asio-ts/core';
import { freshChains, hand, handOp, trivialOp } from '../lib/fixtures.mjs';

export default {
  id: 'callback',
  title: 'callback token',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.85,
  setup({ width, depth }) {
    const ops = width * depth;
    const c = () => freshChains();
    const [postOurs, postBase, opOurs, opBase] = [c(), c(), c(), c()];
    return {
      variants: [
        {
          name: 'post(systemExecutor, fn)',
          baselineLabel: 'hand queue.post(fn)',
          ops,
          ours: () => postOurs(width, depth, (next) => post(systemExecutor, next)),
          baseline: () => postBase(width, depth, (next) => hand.post(next)),
        },
        {
          name: 'asyncInitiate op, callback',
          baselineLabel: 'hand queue.post(() => cb(null, v))',
          ops,
          ours: () => opOurs(width, depth, (next) => trivialOp(1, next)),
          baseline: () => opBase(width, depth, (next) => handOp(1, next)),
        },
      ],
    };
  },
};

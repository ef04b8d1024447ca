// callback token: `post(systemExecutor, fn)` and a trivial operation (an initiating function
// completing at once, callback token), against what a Node developer writes by hand for the
// same job: `queueMicrotask(fn)` and `queueMicrotask(() => cb(null, v))`.
import { post, systemExecutor } from '@asio-ts/core';
import { freshChains, microOp, trivialOp } from '../lib/fixtures.mjs';

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
          baselineLabel: 'queueMicrotask(fn)',
          ops,
          ours: () => postOurs(width, depth, (next) => post(systemExecutor, next)),
          baseline: () => postBase(width, depth, (next) => queueMicrotask(next)),
        },
        {
          name: 'trivial op (asyncInitiate, completes at once), callback',
          baselineLabel: 'queueMicrotask(() => cb(null, v))',
          ops,
          ours: () => opOurs(width, depth, (next) => trivialOp(1, next)),
          baseline: () => opBase(width, depth, (next) => microOp(1, next)),
        },
      ],
    };
  },
};

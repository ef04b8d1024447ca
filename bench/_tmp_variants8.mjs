import { coSpawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { freshWorkers, sink, trivialOp } from './lib/fixtures.mjs';
function spawned(width, depth, body) {
  return new Promise((resolve, reject) => {
    let live = width;
    const done = (err) => { if (err) reject(err); else if (--live === 0) resolve(); };
    for (let i = 0; i < width; i++) body(depth, done);
  });
}
const w = freshWorkers();
export const variants = {
  future: () => w(100, 20, () => trivialOp(1, useFuture)),
  co: () => spawned(100, 20, (n, done) => coSpawn(systemExecutor, async () => { for (let k = 0; k < n; k++) sink.value += await trivialOp(1, useAwaitable); }, done)),
};

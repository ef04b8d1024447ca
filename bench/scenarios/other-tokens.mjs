// other tokens: `deferred` awaited, `useAwaitable` inside `coSpawn`, `asTuple(useFuture)` and a
// generator `spawn`, each against the `useFuture` figure of the same run (the same trivial op
// with useFuture, awaited, measured as the other side of the same interleaved pair). Target: at
// least 0.75 of it.
//
// Two rows are shown, not judged, both hand-written on both sides: a promise resolved with the
// tuple `[null, v]` against one resolved with `v` (the engine's cost of a tuple result, the
// ceiling of the asTuple row), and a lazy thenable against a promise doing the same job (what
// the engine charges any lazy thenable: `await` calls `then` from a job of its own; the ceiling
// of the deferred and coSpawn rows).
//
// The coSpawn variant comes last: on Node 20 AsyncLocalStorage.run() (which coSpawn uses to carry
// the coroutine frame) turns on promise hooks, which make every await dearer, until the library
// switches the storage off a macrotask after the last coroutine ended; the baseline's rounds run
// without them, as a program's code outside coroutines does.
import { asTuple, coSpawn, deferred, spawn, systemExecutor, useAwaitable, useFuture } from '@asio-ts/core';
import { freshWorkers, MicroThenable, microPromise, microTuplePromise, sink, trivialOp } from '../lib/fixtures.mjs';

const tupleFuture = asTuple(useFuture);

function spawned(width, depth, body) {
  return new Promise((resolve, reject) => {
    let live = width;
    const done = (err) => {
      if (err) reject(err);
      else if (--live === 0) resolve();
    };
    for (let i = 0; i < width; i++) body(depth, done);
  });
}

export default {
  id: 'other-tokens',
  title: 'other tokens',
  kind: 'micro',
  unit: 'ops/s',
  target: 0.75,
  baselineLabel: 'await op(useFuture)',
  setup({ width, depth }) {
    const ops = width * depth;
    const futureBaseline = () => {
      const w = freshWorkers();
      return () => w(width, depth, () => trivialOp(1, useFuture));
    };
    const deferredOurs = freshWorkers();
    const tupleOurs = freshWorkers();
    const tupleEngineOurs = freshWorkers();
    const tupleEngineBaseline = freshWorkers();
    const thenableOurs = freshWorkers();
    const promiseBaseline = freshWorkers();
    return {
      variants: [
        {
          name: 'await op(deferred)',
          ops,
          ours: () => deferredOurs(width, depth, () => trivialOp(1, deferred)),
          baseline: futureBaseline(),
        },
        {
          name: 'await op(asTuple(useFuture))',
          ops,
          // The worker awaits the [err, v] tuple (and ignores it: only numbers are summed).
          ours: () => tupleOurs(width, depth, () => trivialOp(1, tupleFuture)),
          baseline: futureBaseline(),
        },
        {
          // Shown, not judged: what resolving a promise with a fresh [null, v] array costs the
          // engine against resolving it with v (both hand-written), the ceiling of the asTuple row.
          name: 'engine: await a promise resolved with [null, v]',
          baselineLabel: 'await new Promise(r => queueMicrotask(() => r(v)))',
          informational: true,
          ops,
          ours: () => tupleEngineOurs(width, depth, () => microTuplePromise(1)),
          baseline: () => tupleEngineBaseline(width, depth, () => microPromise(1)),
        },
        {
          name: 'spawn: yield* op(y)',
          ops,
          ours: () =>
            spawned(width, depth, (n, done) =>
              spawn(
                systemExecutor,
                function* (y) {
                  for (let k = 0; k < n; k++) sink.value += yield* trivialOp(1, y);
                },
                done,
              ),
            ),
          baseline: futureBaseline(),
        },
        {
          // Shown, not judged: the ratio any lazy thenable reaches against a promise doing the
          // same job (both hand-written, no library code), the ceiling for deferred and coSpawn.
          name: 'engine: await a hand-written lazy thenable',
          baselineLabel: 'await new Promise(r => queueMicrotask(() => r(v)))',
          informational: true,
          ops,
          ours: () => thenableOurs(width, depth, () => new MicroThenable(1)),
          baseline: () => promiseBaseline(width, depth, () => microPromise(1)),
        },
        {
          name: 'coSpawn: await op(useAwaitable)',
          ops,
          ours: () =>
            spawned(width, depth, (n, done) =>
              coSpawn(
                systemExecutor,
                async () => {
                  for (let k = 0; k < n; k++) sink.value += await trivialOp(1, useAwaitable);
                },
                done,
              ),
            ),
          baseline: futureBaseline(),
        },
      ],
    };
  },
};

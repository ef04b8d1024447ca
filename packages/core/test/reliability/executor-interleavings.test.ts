/**
 * Executor reliability under generated interleavings: post/dispatch/defer (as executor methods,
 * as the free functions, and through bindExecutor) across two IoContexts, four strands (two over
 * the first context, one over the second, one over the system executor) and the system executor
 * itself, with handlers that spawn more handlers, suspend (return promises that settle after
 * microtasks or after a hop through another executor, or reject), stop their context, and a
 * driver that polls, runs, stops and restarts the contexts at random moments.
 *
 * Checked, for every generated program:
 * - every handler submitted runs exactly once, eventually (stop/restart lose nothing);
 * - a strand never runs two of its handlers at once, counting the time an async handler is
 *   suspended (a handler dispatched from inside the strand runs as part of the current one);
 * - FIFO per strand, as Asio specifies it: of the submissions made outside the strand
 *   (any method) and the posts/defers made anywhere, an earlier one starts first;
 * - no work is left outstanding: both contexts' run() resolve at the end.
 */
import fc from 'fast-check';
import { fcParams, reportFigures } from './fc-config.js';
import { programArb } from './interleaving-program';
import { figures, runProgram } from './interleaving-runner';

afterAll(() => reportFigures('executor-interleavings', figures));

describe('executors under generated interleavings', () => {
  test('post/dispatch/defer across two IoContexts, strands and the system executor: exactly once, FIFO per strand, one at a time, nothing lost to stop/restart', async () => {
    await fc.assert(fc.asyncProperty(programArb, runProgram), fcParams());
  }, 300_000);
});

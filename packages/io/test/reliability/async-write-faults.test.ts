/**
 * Reliability of the composed `asyncWrite` under generated faults: random chunk sizes (0
 * included, with and without an error), streams completing inline, posted, later or from
 * arbitrary code, failures with SystemErrors and with foreign errors, and cancellation (terminal,
 * partial, total, from a CancellationSignal or an AbortSignal, before or during the write) — over
 * const buffers, buffer sequences and every dynamic buffer, under every completion condition and
 * every token kind. Each run is replayed against a reference model of Asio's write_op
 * (write-model.ts). See docs/reliability.md.
 */
import fc from 'fast-check';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';
import { newFigures } from './write-figures.js';
import { runScenario } from './write-harness.js';
import { constSourceKinds, dynamicSourceKinds, scenarioArb } from './write-scenario.js';

const figures = newFigures();
const propertyTimeout = 300_000;

afterAll(() => reportFigures('async-write-faults', figures));

describe('asyncWrite under generated faults and cancellation', () => {
  test(
    'callbacks over const buffers and buffer sequences: exactly once, every byte, Asio\'s cancellation rule',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ sourceKinds: constSourceKinds, tokens: ['callback'] }), (sc) => runScenario(sc, figures)),
        fcParams(),
      );
    },
    propertyTimeout,
  );

  test(
    'dynamic buffers v1 and v2 hold exactly the unwritten rest, under every token kind',
    async () => {
      await fc.assert(fc.asyncProperty(scenarioArb({ sourceKinds: dynamicSourceKinds }), (sc) => runScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );

  test(
    'useFuture, deferred (launched and awaited): one settlement, the model\'s result',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ tokens: ['useFuture', 'deferred', 'deferredAwait'] }), (sc) => runScenario(sc, figures)),
        fcParams(),
      );
    },
    propertyTimeout,
  );

  test(
    'coroutines: useAwaitable inside coSpawn and spawn yield contexts, cancelled through the coroutine',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ tokens: ['coSpawn', 'coSpawnTuple', 'spawn', 'spawnWithError'] }), (sc) => runScenario(sc, figures)),
        fcParams(),
      );
    },
    propertyTimeout,
  );

  test(
    'AbortSignal through bindAbortSignal (aborted before or during the write): no listener left',
    async () => {
      await fc.assert(fc.asyncProperty(scenarioArb({ cancelSources: ['abort'] }), (sc) => runScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );

  test(
    'a final handler that throws: the exception leaves ioc.poll once, and nothing is left behind',
    async () => {
      await fc.assert(
        fc.asyncProperty(scenarioArb({ tokens: ['callback', 'deferred'], handlerThrows: true }), (sc) => runScenario(sc, figures)),
        fcParams(),
      );
    },
    propertyTimeout,
  );

  test(
    'over the system executor: the same rules, work counted through a wrapping executor',
    async () => {
      await fc.assert(fc.asyncProperty(scenarioArb({ executors: ['system'] }), (sc) => runScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );
});

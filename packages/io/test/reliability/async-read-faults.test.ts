/**
 * Reliability of the composed reads under generated faults: random read sizes (0 included, with
 * and without an error), errors at random offsets, streams completing inline, posted, later or
 * from arbitrary code, cancellation (terminal, partial, total, from a CancellationSignal or an
 * AbortSignal) at random moments — over buffers, buffer sequences and every dynamic buffer (with
 * and without a maxSize), under every completion condition and several token kinds. Each run is
 * replayed against a reference model of Asio's read ops (read-model.ts); coroutine tokens are
 * cancelled through their own completion token. (`asyncReadUntil` splitting random lines is
 * async-read-until-lines.test.ts.)
 */
import fc from 'fast-check';
import { fcParams, reportFigures } from '../../../core/test/reliability/fc-config.js';
import { newReadFigures, runReadScenario } from './read-harness.js';
import { readScenarioArb } from './read-scenario.js';

const figures = newReadFigures();
const propertyTimeout = 300_000;

afterAll(() => {
  reportFigures('async-read-faults', figures);
});

describe('asyncRead under generated faults and cancellation', () => {
  test(
    'into buffers and buffer sequences: once, never inline, the model\'s result, the bytes read are the source prefix',
    async () => {
      await fc.assert(fc.asyncProperty(readScenarioArb({ op: 'read', fixed: true }), (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );

  test(
    'into dynamic buffers v1 and v2: exactly the bytes read committed (also on errors and cancellation), maxSize respected to the byte',
    async () => {
      await fc.assert(fc.asyncProperty(readScenarioArb({ op: 'read' }), (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );
});

describe('asyncReadUntil under generated faults and cancellation', () => {
  test(
    'every match kind and dynamic buffer: once, never inline, the first match or notFound at maxSize or the error, the data kept',
    async () => {
      await fc.assert(fc.asyncProperty(readScenarioArb({ op: 'until' }), (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );
});

describe('coroutine tokens cancelled through their own completion token', () => {
  test(
    'coSpawn and spawn, asyncRead and asyncReadUntil, a CancellationSignal or an AbortSignal bound to the coroutine: the model\'s result, nothing left behind',
    async () => {
      const arb = fc.constantFrom('read' as const, 'until' as const).chain((op) => readScenarioArb({ op, tokens: ['coSpawn', 'spawn'], cancelSources: ['signal', 'abort'] }));
      await fc.assert(fc.asyncProperty(arb, (sc) => runReadScenario(sc, figures)), fcParams());
    },
    propertyTimeout,
  );
});

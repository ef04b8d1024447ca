// Regressions the executor interleaving property (executor-interleavings.test.ts) found, kept as
// plain tests.
import { IoContext, makeStrand } from '@asio-ts/core';

describe('regressions found by the interleaving property', () => {
  // Found with FC_SEED=20251125 (the default seed), first failure after 170 programs: an async
  // handler dispatched from inside a strand runs inline, but its promise is dropped, so the strand
  // is released when the outer handler returns and the next handler starts while the dispatched
  // one is still suspended. The strand's contract: "a handler that returns a promise holds the
  // strand until the promise settles, so handlers that suspend never interleave".
  test('an async handler dispatched from inside a strand holds the strand until it settles', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const events: string[] = [];
    strand.post(() => {
      strand.dispatch(async () => {
        events.push('nested start');
        await Promise.resolve();
        events.push('nested end');
      });
    });
    strand.post(() => {
      events.push('next');
    });
    await ioc.run();
    expect(events).toEqual(['nested start', 'nested end', 'next']);
  });
});

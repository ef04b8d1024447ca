// Several coroutines share a channel, every consumer receiving with a timeout,
// `awaitAny(ch.asyncReceive(), timer.asyncWait())`, the pattern that loses messages with Asio's
// `||` when the timer wins just after a message was handed to the receive. On random programs
// (producers, consumers, capacity, delays and timeouts on a fake clock) every message must be
// received exactly once, each producer's messages in the order it sent them, and every
// coroutine must finish.

import fc from 'fast-check';
import { awaitAny, Channel, coSpawn, IoContext, SteadyTimer, useAwaitable, useFuture } from '@asio-ts/core';
import { useFakeTimerHost } from '../helpers/fake-timer-host';
import { fcParams, numRuns, reportFigures, turn } from './fc-config';

const programArb = fc.record({
  capacity: fc.integer({ min: 0, max: 2 }),
  producers: fc.array(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 3 }),
  consumers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 3 }),
});

const figures = { programs: 0, messages: 0, timeouts: 0 };
afterAll(() => reportFigures('channel-timeouts', figures));

describe('Channel with awaitAny timeouts, from several coroutines', () => {
  const fake = useFakeTimerHost();

  test('no message is lost or received twice when timeouts race receives', async () => {
    await fc.assert(
      fc.asyncProperty(programArb, async ({ capacity, producers, consumers }) => {
        figures.programs++;
        const ioc = new IoContext();
        const ch = new Channel<[Error | null, string]>(ioc, capacity);
        const received: string[] = [];
        const sleep = (ms: number) => new SteadyTimer(ioc, ms).asyncWait(useAwaitable);

        const producing = producers.map((delays, p) =>
          coSpawn(
            ioc,
            async () => {
              for (const [i, delay] of delays.entries()) {
                if (delay > 0) await sleep(delay);
                await ch.asyncSend([null, `${p}:${i}`], useAwaitable);
              }
            },
            useFuture,
          ),
        );
        const consuming = consumers.map((timeout) =>
          coSpawn(
            ioc,
            async () => {
              for (;;) {
                const r = await awaitAny(ch.asyncReceive(), new SteadyTimer(ioc, timeout).asyncWait());
                if (r[0] === 0) received.push(r[1]);
                else {
                  figures.timeouts++;
                  // Done once the channel is closed: what is left in it (a message this receive
                  // gave back when its timer won) is taken without waiting. A message set aside
                  // for another consumer's receive is that consumer's to take or give back.
                  if (!ch.isOpen()) {
                    while (ch.tryReceive((_err, m) => received.push(m)));
                    return;
                  }
                }
              }
            },
            useFuture,
          ),
        );
        const closing = coSpawn(
          ioc,
          async () => {
            await Promise.all(producing);
            ch.close();
          },
          useFuture,
        );
        const all = Promise.all([...producing, ...consuming, closing]);
        let finished = false;
        void all.then(() => (finished = true));
        const running = ioc.run();
        for (let i = 0; i < 2000 && !finished; i++) {
          await turn();
          fake.host.advance(1);
        }
        expect(finished).toBe(true);
        await all;
        await running;

        const sent = producers.flatMap((delays, p) => delays.map((_d, i) => `${p}:${i}`));
        figures.messages += sent.length;
        expect([...received].sort()).toEqual([...sent].sort());
        for (let p = 0; p < producers.length; p++) {
          const mine = received.filter((m) => m.startsWith(`${p}:`)).map((m) => Number(m.split(':')[1]));
          expect(mine).toEqual([...mine].sort((a, b) => a - b));
        }
      }),
      fcParams({ numRuns: Math.max(1, Math.floor(numRuns / 10)) }),
    );
    // A hundred whole programs, each driven turn by turn on the fake clock: bounded, but not by
    // Jest's default per-test budget on a loaded machine.
  }, 120_000);
});

// awaitAll / awaitAny (Asio's awaitable operators && and ||). This file: deferred operations and timers, with
// the channel-receive-with-a-timeout case Asio gets wrong.

import {
  awaitAll,
  awaitAny,
  Channel,
  deferred,
  IoContext,
  SteadyTimer,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { useFakeTimerHost } from './helpers/fake-timer-host';
import { asyncValue, ManualClock, until } from './helpers/coro-ops';

describe('deferred operations and timers', () => {
  const fake = useFakeTimerHost();

  test('awaitAny of two timers: the first to expire wins, the other is cancelled and waited for', async () => {
    const ioc = new IoContext();
    const long = new SteadyTimer(ioc, 1000);
    const short = new SteadyTimer(ioc, 10);
    const got: unknown[][] = [];
    const log: string[] = [];
    // The loser's completion is logged: it must come before the result.
    const longWait = long.asyncWait(
      deferred((err: SystemError | null) => {
        log.push(`long ${err?.code ?? 'expired'}`);
        return deferred.values(err);
      }),
    );
    awaitAny(longWait, short.asyncWait())((...args) => {
      log.push('result');
      got.push(args);
    });
    const running = ioc.run();
    fake.host.advance(10);
    await running;
    expect(got).toEqual([[null, [1, undefined]]]);
    expect(log).toEqual(['long ECANCELED', 'result']);
    // Cancelled, not left pending: nothing keeps the context running, no host timer is armed.
    expect(fake.host.active).toBe(0);
  });

  test('a request with a timeout: awaitAny(op, timer.asyncWait()), either way', async () => {
    const ioc = new IoContext();
    const clock = new ManualClock(ioc);
    // A request: a wait on the manual clock, then a reply.
    const request = (ticks: number) => clock.wait(ticks, deferred((err: SystemError | null) => deferred.values(err, 'reply')));
    const fast = awaitAny(request(5), new SteadyTimer(ioc, 50).asyncWait())(useFuture);
    const slow = awaitAny(request(500), new SteadyTimer(ioc, 50).asyncWait())(useFuture);
    const running = ioc.run();
    clock.advance(5);
    await until(() => clock.pending === 1, ioc);
    expect(await fast).toEqual([0, 'reply']);
    fake.host.advance(50);
    expect(await slow).toEqual([1, undefined]);
    // The slow request was cancelled by the timeout.
    expect(clock.pending).toBe(0);
    await running;
  });

  test('a channel receive with a timeout loses no message when the timer wins the race (Asio’s || does)', async () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 1);
    // Both complete at once: the timer is already expired and a message is waiting. The timer's
    // handler runs first (launched first), so the receive is cancelled after the channel had set
    // the message aside for it, before its handler ran.
    ch.trySend(null, 'precious');
    const expired = new SteadyTimer(ioc);
    const first = awaitAny(expired.asyncWait(), ch.asyncReceive())(useFuture);
    await ioc.run();
    expect(await first).toEqual([0, undefined]);
    expect(ch.ready()).toBe(true);
    ioc.restart();
    const second = awaitAny(ch.asyncReceive(), new SteadyTimer(ioc, 1000).asyncWait())(useFuture);
    await ioc.run();
    expect(await second).toEqual([0, 'precious']);
  });

  test('awaitAll of timers resolves once the last one expired', async () => {
    const ioc = new IoContext();
    const result = awaitAll(new SteadyTimer(ioc, 30).asyncWait(), new SteadyTimer(ioc, 10).asyncWait(), asyncValue(ioc, 'v'))(useFuture);
    const running = ioc.run();
    fake.host.advance(10);
    fake.host.advance(20);
    await running;
    expect(await result).toEqual([undefined, undefined, 'v']);
  });
});

// A request with a timeout, Asio's `co_await (request() || timer.async_wait())`:
// `awaitAny(op, timer.asyncWait(deferred))` resolves with [index, value] of whichever finished
// first and cancels the other, waiting for it. The same with a channel receive: a timeout never
// loses the message the receive was about to get.
import { awaitAny, Channel, coSpawn, deferred, IoContext, SteadyTimer, useFuture, type SystemError } from '@asio-ts/core';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const ioc = new IoContext();

  // A stand-in for a request to a server that answers after `ms` milliseconds: a timer, then the
  // reply (a deferred operation, launched by awaitAny).
  const request = (name: string, ms: number) =>
    new SteadyTimer(ioc, ms).asyncWait(deferred((err: SystemError | null) => deferred.values(err, `reply to ${name}`)));

  const session = coSpawn(
    ioc,
    async () => {
      for (const [name, ms] of [
        ['a fast request', 5],
        ['a slow request', 2000],
      ] as const) {
        const started = performance.now();
        const r = await awaitAny(request(name, ms), new SteadyTimer(ioc, 50).asyncWait(deferred));
        const took = Math.round(performance.now() - started);
        if (r[0] === 0) log(`${name}: ${r[1]}`);
        else log(`${name}: timed out after 50 ms (the request was cancelled: done in ${took < 1000 ? 'under a second' : `${took} ms`})`);
      }

      // A receive with a timeout. The message arrives just as the timer fires: whichever wins,
      // the message is received exactly once.
      const ch = new Channel<[Error | null, string]>(ioc, 1);
      const timer = new SteadyTimer(ioc, 20);
      setTimeout(() => ch.trySend(null, 'the message'), 20);
      const received: string[] = [];
      while (received.length === 0) {
        const r = await awaitAny(ch.asyncReceive(), timer.asyncWait(deferred));
        if (r[0] === 0) received.push(r[1]);
        else timer.expiresAfter(20); // timed out: wait again
      }
      log(`received ${JSON.stringify(received)}, nothing left behind: ${!ch.ready()}`);
    },
    useFuture,
  );
  await ioc.run();
  await session;
}

if (require.main === module) void main();

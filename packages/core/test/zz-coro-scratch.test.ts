import { IoContext, coSpawn, useAwaitable, useFuture, systemExecutor } from '@asio-ts/core';
import { asyncProbe, probes } from './helpers/coro-ops';
test('awaitable coSpawn', async () => {
  const ioc = new IoContext();
  const p = coSpawn(ioc, asyncProbe(systemExecutor, useAwaitable), useFuture);
  await ioc.run();
  const i = await p;
  console.log(probes[i]!.executor === ioc.getExecutor());
});

import { IoContext, useFuture, useAwaitable, coSpawn, spawn, coComposed, makeParallelGroup, waitForOne, post, thisCoro, CancellationSignal, bindCancellationSlot, cancelAfter, errors, errorIs, deferred, type CoComposedState } from '@asio-ts/core';
import { asyncWrite, TestStream } from '@asio-ts/io';
test('co smoke', async () => {
  const ioc = new IoContext();
  const s = new TestStream(ioc, { maxWriteSize: 10 });
  const data = new Uint8Array(100);
  const p = coSpawn(ioc, async () => {
    const n: number = await asyncWrite(s, data, useAwaitable);
    expect(thisCoro.executor).toBe(ioc.getExecutor());
    return n * 2;
  }, useFuture);
  await ioc.run(); console.log('A');
  expect(await p).toBe(200);
  ioc.restart();
  const p2 = spawn(ioc, function* (y) {
    const n = yield* asyncWrite(s, data, y);
    const ref = { error: null as Error | null };
    const m = yield* asyncWrite(s, data, y.withError(ref));
    return n + m;
  }, useFuture);
  await ioc.run();
  expect(await p2).toBe(200); console.log('B');
  ioc.restart();
  const p3 = coComposed(async function* (state: CoComposedState<[Error | null, number]>) {
    const [e, n] = yield* state.wait(asyncWrite(s, data));
    return [e, (n as number) + 1] as [Error | null, number];
  }, useFuture, ioc);
  await ioc.run();
  expect(await p3).toBe(101); console.log('C');
  // cancellation of a coroutine
  ioc.restart();
  const ms = new TestStream(ioc, { maxWriteSize: 10, mode: 'manual' });
  const sig = new CancellationSignal();
  const p4 = coSpawn(ioc, async () => {
    let total = 0;
    for (let i = 0; i < 10000; i++) total += await asyncWrite(ms, data, useAwaitable);
    return total;
  }, bindCancellationSlot(sig.slot(), useFuture));
  const r = ioc.run();
  for (let i = 0; i < 25; i++) { await new Promise((r) => setImmediate(r)); ms.completePending(); }
  sig.emit();
  console.log('D'); await r; console.log('E');

  const e = await p4.then(() => null, (e) => e);
  expect(errorIs(e, errors.operationAborted)).toBe(true);
  // parallel group
  const { systemExecutor } = await import('@asio-ts/core');
  const ms2 = new TestStream(systemExecutor, { mode: 'manual' });
  const g = await makeParallelGroup(post(systemExecutor), asyncWrite(ms2, data)).asyncWait(waitForOne(), useFuture);
  expect(g[0]).toEqual([0, 1]);
  expect(errorIs(g[1], errors.operationAborted)).toBe(true);
  expect(g[2]).toBe(0);
});

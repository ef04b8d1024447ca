import { type ComposedOperation, IoContext, post, useFuture, deferred, asTuple, asyncCompose, errors, makeError, CancellationSignal, bindCancellationSlot, asyncImmediate, systemExecutor } from '@asio-ts/core';
test('smoke', async () => {
  const ioc = new IoContext();
  const order: number[] = [];
  post(ioc, () => order.push(1));
  const p = post(ioc, useFuture);
  post(ioc, () => order.push(2));
  const n = await ioc.run();
  await p;
  expect(order).toEqual([1, 2]);
  expect(n).toBe(3);
  const op = post(systemExecutor);
  await op;
  const r = await asyncImmediate(systemExecutor, asTuple(useFuture));
  expect(r).toEqual([]);
  const c = await asyncCompose((self: ComposedOperation<[Error | null, number]>) => { self.complete(null, 5); }, useFuture);
  expect(c).toBe(5);
  await expect(asyncCompose((self: ComposedOperation<[Error | null, number]>) => { self.complete(makeError(errors.eof), 5); }, useFuture)).rejects.toMatchObject({ code: 'EOF' });
});

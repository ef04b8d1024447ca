import {
  append,
  Append,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  deferred,
  errorIs,
  errors,
  IoContext,
  useFuture,
  type SystemError,
} from '@asio-ts/core';
import { expectTypeOf } from 'expect-type';
import { asyncAdd, asyncAddOn, asyncComplete, asyncWaitForever, flush } from './helpers/ops';

describe('append', () => {
  // Asio's append_test: the values come after the completion arguments, and the adapted handler
  // still runs on the executor bound to the inner handler.
  test('appends values and keeps the bound executor', async () => {
    const io1 = new IoContext();
    const io2 = new IoContext();
    const calls: unknown[][] = [];
    asyncAddOn(
      io1,
      1,
      2,
      append(
        bindExecutor(io2, (err: SystemError | null, n: number, a: number, b: number) => {
          calls.push([err, n, a, b]);
        }),
        123,
        321,
      ),
    );
    expect(calls).toEqual([]);
    await io1.run();
    expect(calls).toEqual([]);
    await io2.run();
    expect(calls).toEqual([[null, 3, 123, 321]]);
  });

  test('with useFuture the appended values join the result', async () => {
    const p = asyncAdd(1, 2, append(useFuture, 'x'));
    expectTypeOf(p).toEqualTypeOf<Promise<[number, string]>>();
    await expect(p).resolves.toEqual([3, 'x']);
  });

  test('with useFuture an error still rejects', async () => {
    await expect(asyncAdd(Number.MAX_SAFE_INTEGER, 1, append(useFuture, 'x'))).rejects.toMatchObject({ code: 'EINVAL' });
  });

  test('on a signature with no arguments the handler gets just the values', async () => {
    const io = new IoContext();
    const p = asyncComplete(io, [], append(useFuture, 7));
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    await io.run();
    await expect(p).resolves.toBe(7);
  });

  test('appending nothing changes nothing', async () => {
    await expect(asyncAdd(4, 4, append(useFuture))).resolves.toBe(8);
  });

  test('the same values are appended every time the token is used', async () => {
    const token = append(useFuture, 'again');
    await expect(asyncAdd(1, 0, token)).resolves.toEqual([1, 'again']);
    await expect(asyncAdd(2, 0, token)).resolves.toEqual([2, 'again']);
  });

  test('with deferred', async () => {
    const op = asyncAdd(1, 2, append(deferred, true));
    await expect(op).resolves.toEqual([3, true]);
  });

  test('keeps the inner handler cancellable', async () => {
    const sig = new CancellationSignal();
    const calls: unknown[][] = [];
    asyncWaitForever(append(bindCancellationSlot(sig.slot(), (err: SystemError | null, tag: string) => calls.push([err, tag])), 'tag'));
    sig.emit();
    await flush();
    expect(calls).toHaveLength(1);
    expect(errorIs(calls[0]![0], errors.operationAborted)).toBe(true);
    expect(calls[0]![1]).toBe('tag');
  });

  test('the handler runs once, never inside the initiating call', async () => {
    let count = 0;
    asyncAdd(1, 2, append(() => count++, 0));
    expect(count).toBe(0);
    await flush(3);
    expect(count).toBe(1);
  });

  test('the token exposes the inner token and the values', () => {
    const t = append(useFuture, 1, 'two');
    expect(t).toBeInstanceOf(Append);
    expect(t.token).toBe(useFuture);
    expect(t.values).toEqual([1, 'two']);
  });
});

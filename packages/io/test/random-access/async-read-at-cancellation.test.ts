// asyncReadAt: cancellation between reads and inside a device read, keeping every byte read.
import {
  asTuple,
  bindAbortSignal,
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  useFuture,
} from '@asio-ts/core';
import { asyncReadAt } from '@asio-ts/io';
import { writeData as readData } from '../helpers/bytes.js';
import { TestReadDevice } from '../helpers/random-access-devices.js';
import { device } from '../helpers/read-at-device.js';

describe('cancellation', () => {
  test.each([
    ['terminal', CancellationType.Terminal],
    ['partial', CancellationType.Partial],
  ] as const)('%s, between reads: stops with operationAborted and the bytes read so far', async (_name, type) => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const signal = new CancellationSignal();
    const buf = new Uint8Array(53);
    const p = asyncReadAt(d, 0, buf, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    // The first read ran inside the call (the device copies, then posts): cancel before it is delivered.
    signal.emit(type);
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
    expect(d.calls).toBe(1);
    expect(signal.slot().hasHandler()).toBe(false);
  });

  test('total cancellation is not supported: filtered out, the read completes', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const signal = new CancellationSignal();
    const p = asyncReadAt(d, 0, new Uint8Array(53), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    signal.emit(CancellationType.Total);
    await ioc.run();
    expect(await p).toEqual([null, 53]);
  });

  test('a read in flight is cancelled through the device: its answer, then the operation stops', async () => {
    const ioc = new IoContext();
    const d = new TestReadDevice(ioc, { mode: 'manual' });
    d.reset(readData);
    d.nextReadLength(10);
    const signal = new CancellationSignal();
    const p = asyncReadAt(d, 1234, new Uint8Array(53), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    expect(d.hasPending()).toBe(true);
    d.completePending();
    await ioc.poll();
    expect(d.hasPending()).toBe(true);
    expect(signal.slot().hasHandler()).toBe(true);
    signal.emit(CancellationType.Terminal);
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
    expect(d.offsets).toEqual([1234, 1244]);
    expect(signal.slot().hasHandler()).toBe(false);
  });

  test('an AbortSignal aborts between reads; its reason is the cause', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const controller = new AbortController();
    const p = asyncReadAt(d, 0, new Uint8Array(53), bindAbortSignal(controller.signal, asTuple(useFuture)));
    controller.abort('enough');
    await ioc.run();
    const [err, n] = await p;
    expect(errorIs(err, errors.operationAborted)).toBe(true);
    expect(n).toBe(10);
  });
});

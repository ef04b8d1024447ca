// asyncReadAt: misbehaving devices, and executors and buffers.
import {
  asTuple,
  bindExecutor,
  errorIs,
  errors,
  getAssociatedExecutor,
  IoContext,
  makeStrand,
  post,
  SystemError,
  useFuture,
  type Executor,
} from '@asio-ts/core';
import {
  asyncReadAt,
  ByteVector,
  dynamicBufferV2,
  transferAll,
  type AsyncRandomAccessReadDevice,
  type MutableBufferSequence,
  type ReadHandler,
} from '@asio-ts/io';
import { device } from '../helpers/read-at-device.js';

describe('misbehaving devices', () => {
  test('a device completing inside asyncReadSomeAt: 1 MB in 1-byte reads, no recursion, delivered once and never inside the call', async () => {
    const ioc = new IoContext();
    const size = 1 << 20;
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(offset: number, buffers: MutableBufferSequence, handler: ReadHandler) {
        const b = buffers instanceof Uint8Array ? buffers : [...buffers][0]!;
        b[0] = offset & 0xff;
        handler(null, 1);
      },
    };
    const buf = new Uint8Array(size);
    let calls = 0;
    let result: [SystemError | null, number] | undefined;
    asyncReadAt(d, 0, buf, (err, n) => {
      calls++;
      result = [err, n];
    });
    expect(calls).toBe(0);
    await ioc.run();
    expect(calls).toBe(1);
    expect(result).toEqual([null, size]);
    expect(buf[size - 1]).toBe((size - 1) & 0xff);
  });

  test('a device reporting more bytes than it was given is a RangeError; the work is given back', async () => {
    const ioc = new IoContext();
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(_offset: number, buffers: MutableBufferSequence, handler: ReadHandler) {
        const n = buffers instanceof Uint8Array ? buffers.length : [...buffers].reduce((s, b) => s + b.length, 0);
        post(ioc, () => handler(null, n + 1));
      },
    };
    asyncReadAt(d, 0, new Uint8Array(8), () => {});
    await expect(ioc.run()).rejects.toThrow(/^bytesTransferred reported by asyncReadSomeAt must be an integer from 0 to 8/);
    ioc.restart();
    await expect(ioc.run()).resolves.toBe(0);
  });

  test('a device error that is not a SystemError is mapped with fromNodeError', async () => {
    const ioc = new IoContext();
    const d: AsyncRandomAccessReadDevice = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSomeAt(_offset: number, _buffers: MutableBufferSequence, handler: ReadHandler) {
        post(ioc, () => (handler as (e: unknown, n: number) => void)(Object.assign(new Error('gone'), { code: 'EBADF' }), 0));
      },
    };
    const p = asyncReadAt(d, 0, new Uint8Array(8), asTuple(useFuture));
    await ioc.run();
    const [err, n] = await p;
    expect(err).toBeInstanceOf(SystemError);
    expect(errorIs(err, errors.badDescriptor)).toBe(true);
    expect(n).toBe(0);
  });
});

describe('executors and buffers', () => {
  test("the handler runs on its associated executor; the device's reads carry it", async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const seen: Executor[] = [];
    const d = device(ioc, 10);
    const orig = d.asyncReadSomeAt.bind(d);
    d.asyncReadSomeAt = (offset, buffers, handler) => {
      seen.push(getAssociatedExecutor(handler, ioc.getExecutor()));
      return orig(offset, buffers, handler);
    };
    let inStrand = false;
    asyncReadAt(d, 0, new Uint8Array(53), bindExecutor(strand, () => {
      inStrand = strand.runningInThisThread();
    }));
    await ioc.run();
    expect(inStrand).toBe(true);
    expect(d.calls).toBe(6);
    expect(seen).toHaveLength(6);
    for (const ex of seen) expect(ex).toBe(strand);
  });

  test('the caller may reuse its array of buffers once asyncReadAt returned (the array is copied, not the bytes)', async () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const a = new Uint8Array(20);
    const b = new Uint8Array(33);
    const list = [a, b];
    const p = asyncReadAt(d, 0, list, useFuture);
    list.length = 0;
    list.push(new Uint8Array(1));
    await ioc.run();
    expect(await p).toBe(53);
    expect(d.checkBuffers(0, [a, b], 53)).toBe(true);
  });

  test('a DynamicBuffer v2 is refused (Asio has no such overload)', () => {
    const d = device(new IoContext(), 10);
    expect(() => asyncReadAt(d, 0, dynamicBufferV2(new ByteVector()) as never, () => {})).toThrow(/^buffers must be a Uint8Array, an iterable of Uint8Array or a DynamicBuffer v1/);
  });

  test('bad arguments throw naming the argument, before anything starts', () => {
    const ioc = new IoContext();
    const d = device(ioc, 10);
    const call = asyncReadAt as unknown as (...a: unknown[]) => unknown;
    expect(() => call({}, 0, new Uint8Array(1), () => {})).toThrow(/^device must be an AsyncRandomAccessReadDevice/);
    expect(() => call(d, -1, new Uint8Array(1), () => {})).toThrow(RangeError);
    expect(() => call(d, 1.5, new Uint8Array(1), () => {})).toThrow(/^offset must be a non-negative integer/);
    expect(() => call(d, '0', new Uint8Array(1), () => {})).toThrow(/^offset must be a number/);
    // Positions past Number.MAX_SAFE_INTEGER would round: the last byte must be at most there.
    const last = Number.MAX_SAFE_INTEGER;
    expect(() => call(d, last - 2, new Uint8Array(4), () => {})).toThrow(new RangeError(`offset ${last - 2} with 4 bytes passes Number.MAX_SAFE_INTEGER: the positions would not be exact`));
    expect(() => call(device(new IoContext(), 10), last - 3, [new Uint8Array(2), new Uint8Array(2)], () => {})).not.toThrow();
    expect(() => call(d, 0, 'x', () => {})).toThrow(/^buffers must be/);
    expect(() => call(d, 0, new Uint8Array(1), 5, () => {})).toThrow(/^completionCondition must be a function/);
    expect(() => call(d, 0, new Uint8Array(1), 5)).toThrow(/^token/);
    expect(() => call(d, 0, new Uint8Array(1), transferAll(), 5)).toThrow(/^token/);
    expect(d.calls).toBe(0);
    expect(ioc.poll()).toBe(0);
  });
});

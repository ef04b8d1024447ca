import { Writable } from 'node:stream';
import { IoContext, SystemError, useFuture, type DeferredOperation } from '@asio-ts/core';
import {
  asyncWrite,
  fromWritable,
  type AdapterOptions,
  type AdapterWriteStream,
  type FileHandleWriteStream,
  type FromFileHandleOptions,
  type FromReadableOptions,
  type FromWebWritableOptions,
  type FromWritableOptions,
  type WebWritableWriteStream,
  type WritableWriteStream,
  type WriteSignature,
} from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';

describe('fromWritable: arguments', () => {
  test('bad arguments throw TypeErrors naming them', () => {
    expect(() => fromWritable(null as never)).toThrow(/^writable must be/);
    expect(() => fromWritable({ write() {} } as never)).toThrow(TypeError);
    const w = new Writable({ write: (_c, _e, cb) => cb() });
    expect(() => fromWritable(w, 5 as never)).toThrow(/^options must be an object/);
    expect(() => fromWritable(w, { executor: 5 as never })).toThrow(/^options\.executor/);
    expect(() => fromWritable(w, { destroyOnCancel: 'yes' as never })).toThrow(/^options\.destroyOnCancel must be a boolean/);
    const s = fromWritable(w);
    expect(() => s.asyncWriteSome('text' as never, () => {})).toThrow(/^buffers must be/);
    expect(() => s.asyncWriteSome(new Uint8Array(1), 42 as never)).toThrow(/^token must be/);
  });

  test('asyncWriteSome types an arrow handler as a write handler and returns what the token says', async () => {
    const s = fromWritable(new Writable({ write: (_c, _e, cb) => cb() }));
    const got = await new Promise<[SystemError | null, number]>((resolve) => {
      const r = s.asyncWriteSome(new Uint8Array(3), (err, n) => {
        expectTypeOf(err).toEqualTypeOf<SystemError | null>();
        expectTypeOf(n).toEqualTypeOf<number>();
        resolve([err, n]);
      });
      expectTypeOf(r).toEqualTypeOf<void>();
    });
    expect(got).toEqual([null, 3]);
    const p = s.asyncWriteSome(new Uint8Array(4), useFuture);
    expectTypeOf(p).toEqualTypeOf<Promise<number>>();
    expect(await p).toBe(4);
    const deferredWrite = s.asyncWriteSome(new Uint8Array(5));
    expectTypeOf(deferredWrite).toEqualTypeOf<DeferredOperation<WriteSignature>>();
    expect(await deferredWrite).toBe(5);
  });

  test('the adapters\' shared bases are public types', () => {
    expectTypeOf<WritableWriteStream>().toExtend<AdapterWriteStream>();
    expectTypeOf<FileHandleWriteStream>().toExtend<AdapterWriteStream>();
    expectTypeOf<WebWritableWriteStream>().toExtend<AdapterWriteStream>();
    expectTypeOf<FromWritableOptions>().toExtend<AdapterOptions>();
    expectTypeOf<FromFileHandleOptions>().toExtend<AdapterOptions>();
    expectTypeOf<FromWebWritableOptions>().toExtend<AdapterOptions>();
    expectTypeOf<FromReadableOptions>().toExtend<AdapterOptions>();
    const s: AdapterWriteStream = fromWritable(new Writable({ write: (_c, _e, cb) => cb() }));
    expect(typeof s.asyncWriteSome).toBe('function');
  });
});

describe('fromWritable: a cancelled write completes queued, never inside emit()', () => {
  /** A Writable that takes a write and never confirms it. */
  const stalled = (): Writable => new Writable({ write() {} });

  test('asyncWriteSome on the system executor, emit() from outside any executor', async () => {
    const w = stalled();
    const stream = fromWritable(w);
    const r = await cancelInFlight((h) => stream.asyncWriteSome(new Uint8Array(10), h));
    expectQueuedAbort(r, 0);
    expect(w.destroyed).toBe(true);
  });

  test('asyncWrite (the final handler) on the system executor, emit() from outside any executor', async () => {
    const stream = fromWritable(stalled());
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, [new Uint8Array(10), new Uint8Array(5)], h)));
  });

  test('asyncWrite on an IoContext, emit() from inside one of its handlers', async () => {
    const ioc = new IoContext();
    const stream = fromWritable(stalled(), { executor: ioc });
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, new Uint8Array(10), h), { ioc }));
  });
});

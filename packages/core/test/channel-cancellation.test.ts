// Channel: per-operation cancellation through the handler's slot, work and delivery, every
// token, bad input.
//
// Asio runs `ctx.run()` where these tests `drain(ioc)`: `restart()` then `poll()`, which runs
// every ready handler (and those they post) without waiting.

import { expectTypeOf } from 'expect-type';
import {
  asTuple,
  bindCancellationSlot,
  bindExecutor,
  CancellationSignal,
  CancellationType,
  Channel,
  coSpawn,
  deferred,
  errors,
  IoContext,
  makeError,
  makeWorkGuard,
  spawn,
  useAwaitable,
  useFuture,
  type ChannelReceiveSignature,
  type ChannelSendSignature,
  type DeferredOperation,
  type SystemError,
} from '@asio-ts/core';
import { CountingExecutor } from './reliability/counting-executor';
import { drain, is, tag } from './helpers/channel-log';

describe('per-operation cancellation (through the handler’s slot)', () => {
  test.each([CancellationType.Terminal, CancellationType.Partial, CancellationType.Total])(
    'type %i: a waiting send completes with channelCancelled and its message is never received',
    (type) => {
      const ioc = new IoContext();
      const ch = new Channel<[Error | null, number]>(ioc);
      const signal = new CancellationSignal();
      const log: string[] = [];
      ch.asyncSend([null, 1], bindCancellationSlot(signal.slot(), (err: SystemError | null) => log.push(`send ${tag(err)}`)));
      ch.asyncSend([null, 2], (err) => log.push(`send2 ${err}`));
      signal.emit(type);
      // Never inside the emit.
      expect(log).toEqual([]);
      ch.asyncReceive((_err, v) => log.push(`got ${v}`));
      drain(ioc);
      expect(log).toEqual(['send ECHANNELCANCELLED', 'send2 null', 'got 2']);
      expect(signal.slot().hasHandler()).toBe(false);
    },
  );

  test('a waiting receive completes with channelCancelled; the next message goes to the next receive', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    const signal = new CancellationSignal();
    const log: string[] = [];
    ch.asyncReceive(bindCancellationSlot(signal.slot(), (err: Error | null, v: number) => log.push(`a ${tag(err, v)}`)));
    ch.asyncReceive((err, v) => log.push(`b ${tag(err, v)}`));
    signal.emit(CancellationType.Terminal);
    ch.trySend(null, 5);
    drain(ioc);
    expect(log).toEqual(['a ECHANNELCANCELLED', 'b 5']);
  });

  test('a receive cancelled after a message was set aside for it, before its handler ran, gives the message back (in order)', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 4);
    const signal = new CancellationSignal();
    const log: string[] = [];
    ch.trySend(null, 1);
    ch.trySend(null, 2);
    ch.asyncReceive(bindCancellationSlot(signal.slot(), (err: Error | null, v: number) => log.push(`a ${tag(err, v)}`)));
    ch.asyncReceive((err, v) => log.push(`b ${tag(err, v)}`));
    expect(ch.ready()).toBe(false);
    signal.emit(CancellationType.Terminal);
    expect(ch.ready()).toBe(true);
    ch.asyncReceive((err, v) => log.push(`c ${tag(err, v)}`));
    drain(ioc);
    // b's handler runs first of the two that got a message, so it takes the oldest: 1.
    expect(log).toEqual(['a ECHANNELCANCELLED', 'b 1', 'c 2']);
  });

  test('cancellation after the handler ran does nothing, and the slot is released', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 1);
    const signal = new CancellationSignal();
    const log: string[] = [];
    ch.trySend(null, 1);
    ch.asyncReceive(bindCancellationSlot(signal.slot(), (err: Error | null, v: number) => log.push(`a ${tag(err, v)}`)));
    drain(ioc);
    expect(signal.slot().hasHandler()).toBe(false);
    signal.emit(CancellationType.Terminal);
    drain(ioc);
    expect(log).toEqual(['a 1']);
  });

  test('a send that the channel already took is not withdrawn by a later cancellation', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    const signal = new CancellationSignal();
    const log: string[] = [];
    ch.asyncSend([null, 1], bindCancellationSlot(signal.slot(), (err: SystemError | null) => log.push(`send ${err}`)));
    ch.asyncReceive((_err, v) => log.push(`got ${v}`));
    signal.emit(CancellationType.Terminal);
    drain(ioc);
    expect(log.sort()).toEqual(['got 1', 'send null']);
  });

  test('CancellationType.None is not a request', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    const signal = new CancellationSignal();
    const log: string[] = [];
    ch.asyncReceive(bindCancellationSlot(signal.slot(), (err: Error | null, v: number) => log.push(`a ${tag(err, v)}`)));
    signal.emit(CancellationType.None);
    ch.trySend(null, 3);
    drain(ioc);
    expect(log).toEqual(['a 3']);
  });
});

describe('work and delivery', () => {
  test('pending operations hold work: ioc.run() lasts until they complete', async () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    const got: number[] = [];
    ch.asyncReceive((_e, v) => got.push(v));
    let finished = false;
    const running = ioc.run().then(() => (finished = true));
    await new Promise((r) => setImmediate(r));
    expect(finished).toBe(false);
    ch.trySend(null, 42);
    await running;
    expect(got).toEqual([42]);
  });

  test('every operation gives its work back, on the I/O executor and the handler’s executor', () => {
    const ioc = new IoContext();
    const io = new CountingExecutor(ioc.getExecutor());
    const other = new CountingExecutor(ioc.getExecutor());
    const ch = new Channel<[Error | null, number]>(io, 1);
    const signal = new CancellationSignal();
    ch.asyncReceive(bindExecutor(other, () => {}));
    ch.asyncReceive(bindCancellationSlot(signal.slot(), () => {}));
    ch.trySend(null, 1);
    signal.emit();
    ch.asyncSend([null, 2], () => {});
    ch.asyncSend([null, 3], () => {});
    ch.asyncSend([null, 4], bindExecutor(other, () => {}));
    ch.close();
    ch.asyncReceive(() => {});
    ch.asyncReceive(() => {});
    expect(io.outstanding).toBeGreaterThan(0);
    drain(ioc);
    expect(io.outstanding).toBe(0);
    expect(other.outstanding).toBe(0);
    expect(io.underflows + other.underflows).toBe(0);
  });

  test('a handler never runs inside trySend, tryReceive, close or cancel', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    let ran = 0;
    ch.asyncReceive(() => ran++);
    ch.trySend(null, 1);
    ch.asyncSend([null, 2], () => ran++);
    ch.tryReceive(() => {});
    ch.asyncSend([null, 3], () => ran++);
    ch.close();
    ch.asyncReceive(() => ran++);
    ch.cancel();
    expect(ran).toBe(0);
    drain(ioc);
    expect(ran).toBe(4);
  });

  test('a handler that throws leaves the channel consistent', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 2);
    ch.trySend(null, 1);
    ch.trySend(null, 2);
    ch.asyncReceive(() => {
      throw new Error('boom');
    });
    expect(() => drain(ioc)).toThrow('boom');
    const got: number[] = [];
    ch.tryReceive((_e, v) => got.push(v));
    expect(got).toEqual([2]);
  });
});

describe('every token', () => {
  test('useFuture, asTuple, deferred, useAwaitable in coSpawn, spawn', async () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 8);
    const guard = makeWorkGuard(ioc.getExecutor());
    const running = ioc.run();
    await ch.asyncSend([null, 'a'], useFuture);
    await ch.asyncSend([null, 'b']);
    ch.asyncSend([makeError(errors.eof), 'c'])(() => {});
    ch.trySend(null, 'd');
    expect(await ch.asyncReceive(useFuture)).toBe('a');
    expect(await ch.asyncReceive()).toBe('b');
    const [err, s] = await ch.asyncReceive(asTuple(useFuture));
    expect(is(err, errors.eof)).toBe(true);
    expect(s).toBe('c');
    const fromCoroutine = await coSpawn(ioc, async () => ch.asyncReceive(useAwaitable), useFuture);
    expect(fromCoroutine).toBe('d');
    const fromGenerator = spawn(
      ioc,
      function* (y) {
        yield* ch.asyncSend([null, 'e'], y);
        return yield* ch.asyncReceive(y);
      },
      useFuture,
    );
    expect(await fromGenerator).toBe('e');
    ch.close();
    await expect(ch.asyncReceive(useFuture)).rejects.toMatchObject({ code: 'ECHANNELCLOSED' });
    await expect(ch.asyncSend([null, 'x'], useFuture)).rejects.toMatchObject({ code: 'ECHANNELCLOSED' });
    guard.reset();
    await running;
  });

  test('cancelling a coroutine cancels the receive it awaits', async () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc);
    const signal = new CancellationSignal();
    const done = coSpawn(ioc, async () => ch.asyncReceive(useAwaitable), bindCancellationSlot(signal.slot(), asTuple(useFuture)));
    const running = ioc.run();
    await new Promise((r) => setImmediate(r));
    signal.emit();
    const [err] = await done;
    expect(is(err, errors.channelCancelled)).toBe(true);
    await running;
    // The cancelled receive left the channel: a message sent now finds no receiver.
    expect(ch.trySend(null, 'late')).toBe(false);
  });

  test('types: receive is the message signature, send is (err)', () => {
    const ch = new Channel<[Error | null, number]>(new IoContext());
    expectTypeOf(ch.asyncReceive()).toEqualTypeOf<DeferredOperation<[Error | null, number]>>();
    expectTypeOf(ch.asyncReceive(useFuture)).toEqualTypeOf<Promise<number>>();
    expectTypeOf(ch.asyncSend([null, 1], useFuture)).toEqualTypeOf<Promise<void>>();
    expectTypeOf(ch.asyncSend([null, 1])).toEqualTypeOf<DeferredOperation<ChannelSendSignature>>();
    expectTypeOf<ChannelReceiveSignature<[]>>().toEqualTypeOf<[err: SystemError | null]>();
    expectTypeOf(new Channel(new IoContext()).asyncReceive(useFuture)).toEqualTypeOf<Promise<void>>();
    // @ts-expect-error the message is an array matching the signature
    ch.asyncSend([null, 'x']);
    // @ts-expect-error trySend takes the values themselves
    ch.trySend(null);
    void deferred;
  });
});

describe('bad input', () => {
  test('programmer errors throw at once, naming the argument', () => {
    const ioc = new IoContext();
    expect(() => new Channel(42 as never)).toThrow(/^executorOrContext must be/);
    expect(() => new Channel(ioc, -1)).toThrow(RangeError);
    expect(() => new Channel(ioc, 1.5)).toThrow(/^capacity/);
    expect(() => new Channel(ioc, '1' as never)).toThrow(TypeError);
    const ch = new Channel<[Error | null, number]>(ioc);
    expect(() => ch.asyncSend(42 as never)).toThrow(/^values must be an array/);
    expect(() => ch.asyncSend(['x', 1] as never)).toThrow(/^values\[0\]/);
    expect(() => ch.asyncSend([null, 1], 42 as never)).toThrow(/^token/);
    expect(() => ch.asyncReceive(42 as never)).toThrow(/^token/);
    expect(() => ch.tryReceive(42 as never)).toThrow(/^handler must be a function/);
    expect(() => ch.trySendN(-1, null, 1)).toThrow(/^count/);
    expect(() => ch.trySend(1 as never, 1)).toThrow(/^values\[0\]/);
  });
});

// Channel: what the port changes from Asio (close() completes waiting sends, cancel() and reset(),
// a receive cancelled before its handler ran gives its message back). Asio's own scenarios are
// in channel-asio*.test.ts.
//
// Asio runs `ctx.run()` where these tests `drain(ioc)`: `restart()` then `poll()`, which runs
// every ready handler (and those they post) without waiting.

import {
  bindCancellationSlot,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  CancellationType,
  Channel,
  channelCategory,
  errorIs,
  errors,
  inlineExecutor,
  IoContext,
  makeError,
  makeStrand,
  useFuture,
} from '@asio-ts/core';
import { drain, is, tag } from './helpers/channel-log';

describe('a channel of signals (an empty message, Asio channel<void()>)', () => {
  test('trySend() and asyncReceive: the receive completes with (null), then channelClosed', async () => {
    const ioc = new IoContext();
    const ch = new Channel(ioc, 2);
    expect(ch.trySend()).toBe(true);
    expect(ch.trySend()).toBe(true);
    expect(ch.trySend()).toBe(false);
    const got: unknown[][] = [];
    ch.asyncReceive((...args) => got.push(args));
    let tried = 0;
    expect(ch.tryReceive((...args: unknown[]) => (tried += args.length + 1))).toBe(true);
    expect(tried).toBe(1);
    ch.close();
    ch.asyncReceive((...args) => got.push(args));
    const closed = ch.asyncReceive(useFuture);
    drain(ioc);
    expect(got[0]).toEqual([null]);
    expect(is(got[1]![0], errors.channelClosed)).toBe(true);
    await expect(closed).rejects.toMatchObject({ code: 'ECHANNELCLOSED' });
  });
});

describe('errors', () => {
  test("channelClosed and channelCancelled are Asio's channel category (channel_closed = 1, channel_cancelled = 2)", () => {
    expect(errors.channelClosed).toMatchObject({ category: channelCategory, value: 1, code: 'ECHANNELCLOSED', message: 'Channel closed' });
    expect(errors.channelCancelled).toMatchObject({ category: channelCategory, value: 2, code: 'ECHANNELCANCELLED', message: 'Channel cancelled' });
    expect(errorIs(makeError(errors.channelClosed), errors.channelCancelled)).toBe(false);
  });
});

describe('rendezvous and FIFO', () => {
  test('capacity 0: a send completes only once a receiver took its message; senders and receivers are served in order', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    const log: string[] = [];
    for (let i = 0; i < 3; i++) ch.asyncSend([null, i], (err) => log.push(`sent ${i} ${tag(err)}`));
    drain(ioc);
    expect(log).toEqual([]);
    expect(ch.ready()).toBe(true);
    for (let i = 0; i < 2; i++) ch.asyncReceive((_err, v) => log.push(`r${i} got ${v}`));
    drain(ioc);
    // Each receive accepts the oldest waiting send, whose handler is posted first.
    expect(log).toEqual(['sent 0 undefined', 'r0 got 0', 'sent 1 undefined', 'r1 got 1']);
    log.length = 0;
    ch.asyncReceive((_err, v) => log.push(`r2 got ${v}`));
    ch.asyncReceive((_err, v) => log.push(`r3 got ${v}`));
    drain(ioc);
    expect(log).toEqual(['sent 2 undefined', 'r2 got 2']);
    log.length = 0;
    expect(ch.trySend(null, 9)).toBe(true);
    drain(ioc);
    expect(log).toEqual(['r3 got 9']);
  });

  test('a buffered channel takes sends up to its capacity, then a receive makes room for the oldest waiting sender', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 2);
    const log: string[] = [];
    for (let i = 0; i < 4; i++) ch.asyncSend([null, i], () => log.push(`sent ${i}`));
    drain(ioc);
    expect(log).toEqual(['sent 0', 'sent 1']);
    const got: number[] = [];
    expect(ch.tryReceive((_e, v) => got.push(v))).toBe(true);
    drain(ioc);
    expect(log).toEqual(['sent 0', 'sent 1', 'sent 2']);
    while (ch.tryReceive((_e, v) => got.push(v)));
    drain(ioc);
    expect(got).toEqual([0, 1, 2, 3]);
    expect(log).toEqual(['sent 0', 'sent 1', 'sent 2', 'sent 3']);
  });

  // Asio moves a sent value into the first waiting receive at once, so receivers are served in
  // the order they asked whatever executors their handlers run on (channel_service.hpp).
  test('receivers get messages in the order they asked, also when their handlers run out of order', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 2);
    const log: string[] = [];
    const strand = makeStrand(ioc.getExecutor());
    strand.post(() => log.push('strand busy')); // r1's handler runs after r2's
    ch.asyncReceive(bindExecutor(strand, (_e, v) => log.push(`r1 got ${v}`)));
    ch.asyncReceive((_e, v) => log.push(`r2 got ${v}`));
    ch.trySend(null, 'm1');
    ch.trySend(null, 'm2');
    drain(ioc);
    // r1's handler ran after r2's (behind the strand's), yet r1, which asked first, got the first message.
    expect(log).toEqual(['strand busy', 'r2 got m2', 'r1 got m1']);
    log.length = 0;
    ch.trySend(null, 'm3');
    ch.trySend(null, 'm4');
    ch.asyncReceive((_e, v) => log.push(`r3 got ${v}`));
    ch.asyncReceive(bindImmediateExecutor(inlineExecutor, (_e, v) => log.push(`r4 got ${v}`)));
    drain(ioc);
    // r4 completes first (inline immediate executor) but takes the message behind r3's.
    expect(log).toEqual(['r4 got m4', 'r3 got m3']);
  });

  test('tryReceive takes the oldest message no waiting receive was served with', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 2);
    const log: string[] = [];
    ch.asyncReceive((_e, v) => log.push(`r1 got ${v}`));
    ch.trySend(null, 'm1'); // r1 is waiting: m1 is its
    ch.trySend(null, 'm2');
    expect(ch.tryReceive((_e, v) => log.push(`tryReceive got ${v}`))).toBe(true);
    drain(ioc);
    expect(log).toEqual(['tryReceive got m2', 'r1 got m1']);
  });

  test('a receive cancelled before its handler ran leaves the line: the receives behind it move up', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, string]>(ioc, 4);
    const log: string[] = [];
    const signal = new CancellationSignal();
    ch.asyncReceive(bindCancellationSlot(signal.slot(), (e, v) => log.push(`r1 ${tag(e, v)}`)));
    ch.asyncReceive((_e, v) => log.push(`r2 got ${v}`));
    ch.trySend(null, 'm1');
    ch.trySend(null, 'm2');
    signal.emit(CancellationType.Terminal);
    ch.asyncReceive((_e, v) => log.push(`r3 got ${v}`));
    drain(ioc);
    expect(log).toEqual(['r1 ECHANNELCANCELLED', 'r2 got m1', 'r3 got m2']);
  });

  test('capacity Infinity never blocks a sender', () => {
    const ch = new Channel<[Error | null, number]>(new IoContext(), Infinity);
    for (let i = 0; i < 10_000; i++) expect(ch.trySend(null, i)).toBe(true);
    expect(ch.capacity()).toBe(Infinity);
  });

  test('asyncSend copies the message array; a function-valued message is data, not a token', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, () => string]>(ioc, 1);
    const message: [null, () => string] = [null, () => 'first'];
    ch.asyncSend(message, () => {});
    message[1] = () => 'changed';
    let got = '';
    ch.tryReceive((_e, f) => (got = f()));
    expect(got).toBe('first');
  });
});

describe('close()', () => {
  test('completes every waiting send with channelClosed (Asio leaves them waiting); later sends fail at once', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc);
    const log: string[] = [];
    ch.asyncSend([null, 1], (err) => log.push(`a ${tag(err)}`));
    ch.asyncSend([null, 2], (err) => log.push(`b ${tag(err)}`));
    ch.close();
    // Never inside close().
    expect(log).toEqual([]);
    ch.asyncSend([null, 3], (err) => log.push(`c ${tag(err)}`));
    expect(ch.trySend(null, 4)).toBe(false);
    drain(ioc);
    expect(log).toEqual(['a ECHANNELCLOSED', 'b ECHANNELCLOSED', 'c ECHANNELCLOSED']);
    // Closed and drained: a receive completes at once (with channelClosed), so it is ready, as Asio's.
    expect(ch.ready()).toBe(true);
  });

  test('ready(): a closed channel is ready once its buffered messages are taken', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 2);
    expect(ch.ready()).toBe(false);
    ch.trySend(null, 1);
    ch.close();
    expect(ch.ready()).toBe(true);
    // Set aside for a receive whose handler has not run: no receive would complete at once.
    const log: string[] = [];
    ch.asyncReceive((err, v) => log.push(`a ${tag(err, v)}`));
    expect(ch.ready()).toBe(false);
    drain(ioc);
    expect(ch.ready()).toBe(true);
    ch.asyncReceive((err, v) => log.push(`b ${tag(err, v)}`));
    drain(ioc);
    expect(log).toEqual(['a 1', 'b ECHANNELCLOSED']);
  });

  test("a receive with no message passes undefined in each of the messages' value slots", () => {
    const ioc = new IoContext();
    const counts: string[] = [];
    const count = (name: string) => (...args: unknown[]) => counts.push(`${name} ${args.length}`);
    const ch = new Channel<[Error | null, number, string]>(ioc, 1);
    ch.trySend(null, 1, 'one');
    ch.asyncReceive(count('message'));
    ch.close();
    ch.asyncReceive(count('closed'));
    const cancelled = new Channel<[Error | null, number]>(ioc, 0);
    cancelled.asyncSend([null, 5], () => {});
    cancelled.cancel();
    cancelled.asyncReceive(count('cancelled'));
    cancelled.cancel();
    // A channel that has carried no message yet knows no value slots: the error alone.
    const fresh = new Channel<[Error | null, number]>(ioc, 0);
    fresh.close();
    fresh.asyncReceive(count('fresh'));
    const signals = new Channel(ioc, 1);
    signals.trySend();
    signals.close();
    signals.asyncReceive(count('signal'));
    signals.asyncReceive(count('signalClosed'));
    drain(ioc);
    expect(counts.sort()).toEqual(['cancelled 2', 'closed 3', 'fresh 1', 'message 3', 'signal 1', 'signalClosed 1']);
  });

  test('waiting receives complete with channelClosed; buffered messages are received first', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 4);
    const log: string[] = [];
    ch.asyncReceive((err, v) => log.push(`r0 ${tag(err, v)}`));
    ch.close();
    drain(ioc);
    expect(log).toEqual(['r0 ECHANNELCLOSED']);
    ch.reset();
    ch.trySend(null, 1);
    ch.trySend(null, 2);
    ch.close();
    for (let i = 1; i <= 3; i++) ch.asyncReceive((err, v) => log.push(`r${i} ${tag(err, v)}`));
    drain(ioc);
    expect(log).toEqual(['r0 ECHANNELCLOSED', 'r1 1', 'r2 2', 'r3 ECHANNELCLOSED']);
  });

  test('a receive waiting after close() while a message is set aside for another gets it if that receive is cancelled', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 1);
    const log: string[] = [];
    const signal = new CancellationSignal();
    ch.trySend(null, 7);
    ch.asyncReceive(bindCancellationSlot(signal.slot(), (err: Error | null, v: number) => log.push(`first ${tag(err, v)}`)));
    ch.close();
    ch.asyncReceive((err, v) => log.push(`second ${tag(err, v)}`));
    signal.emit(CancellationType.Terminal);
    drain(ioc);
    expect(log).toEqual(['first ECHANNELCANCELLED', 'second 7']);
  });
});

describe('cancel() and reset()', () => {
  test('cancel() completes waiting sends and receives with channelCancelled; buffered messages stay', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 1);
    const log: string[] = [];
    ch.trySend(null, 1);
    ch.asyncSend([null, 2], (err) => log.push(`send ${tag(err)}`));
    ch.cancel();
    drain(ioc);
    expect(log).toEqual(['send ECHANNELCANCELLED']);
    expect(ch.isOpen()).toBe(true);
    ch.tryReceive((_e, v) => log.push(`kept ${v}`));
    ch.asyncReceive((err) => log.push(`recv ${tag(err)}`));
    ch.cancel();
    drain(ioc);
    expect(log).toEqual(['send ECHANNELCANCELLED', 'kept 1', 'recv ECHANNELCANCELLED']);
  });

  test('cancel() also reaches a receive whose handler has not run yet: the message stays for the next receive', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 1);
    const log: string[] = [];
    ch.trySend(null, 1);
    ch.asyncReceive((err, v) => log.push(`a ${tag(err, v)}`));
    ch.cancel();
    ch.asyncReceive((err, v) => log.push(`b ${tag(err, v)}`));
    drain(ioc);
    expect(log).toEqual(['a ECHANNELCANCELLED', 'b 1']);
  });

  test('reset() cancels, drops the buffer and reopens', () => {
    const ioc = new IoContext();
    const ch = new Channel<[Error | null, number]>(ioc, 2);
    const log: string[] = [];
    ch.trySend(null, 1);
    ch.asyncReceive((err, v) => log.push(`a ${tag(err, v)}`));
    ch.trySend(null, 2);
    ch.close();
    ch.reset();
    expect(ch.isOpen()).toBe(true);
    expect(ch.ready()).toBe(false);
    expect(ch.tryReceive(() => log.push('nothing'))).toBe(false);
    expect(ch.trySend(null, 3)).toBe(true);
    ch.asyncReceive((err, v) => log.push(`b ${tag(err, v)}`));
    drain(ioc);
    expect(log).toEqual(['a ECHANNELCANCELLED', 'b 3']);
  });
});

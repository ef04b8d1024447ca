// Channel, ported from Asio's experimental/channel.cpp (and concurrent_channel.cpp, the same
// scenarios): the unbuffered channel, the buffered one, and how receives complete.
//
// Asio runs `ctx.run()` where these tests `drain(ioc)`: `restart()` then `poll()`, which runs
// every ready handler (and those they post) without waiting.

import {
  bindExecutor,
  bindImmediateExecutor,
  Channel,
  ConcurrentChannel,
  errors,
  inlineExecutor,
  IoContext,
} from '@asio-ts/core';
import { drain, eof, is, wouldBlock, type StringMessage } from './helpers/channel-log';

describe.each([
  ['Channel', Channel],
  ['ConcurrentChannel', ConcurrentChannel],
] as const)("Asio's experimental/%s tests", (_name, Ch) => {
  test('unbuffered_channel_test', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    expect(ch1.isOpen()).toBe(true);
    expect(ch1.ready()).toBe(false);

    expect(ch1.trySend(eof(), 'hello')).toBe(false);
    const s1 = 'abcdefghijklmnopqrstuvwxyz';
    expect(ch1.trySend(eof(), s1)).toBe(false);

    let ec1: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive((ec, s) => {
      ec1 = ec;
      s2 = s;
    });
    expect(ch1.trySend(eof(), s1)).toBe(true);
    drain(ctx);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(s2).toBe(s1);

    expect(ch1.tryReceive(() => {})).toBe(false);

    let ec2: unknown = wouldBlock;
    ch1.asyncSend([eof(), 'zyxwvutsrqponmlkjihgfedcba'], (ec) => {
      ec2 = ec;
    });
    let ec3: unknown = wouldBlock;
    let s4 = '';
    expect(
      ch1.tryReceive((ec, s) => {
        ec3 = ec;
        s4 = s;
      }),
    ).toBe(true);
    expect(is(ec3, errors.eof)).toBe(true);
    expect(s4).toBe('zyxwvutsrqponmlkjihgfedcba');
    drain(ctx);
    expect(ec2).toBeNull();
  });

  test('buffered_channel_test (with close: the buffered message, then channel_closed)', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx, 1);
    expect(ch1.isOpen()).toBe(true);
    expect(ch1.ready()).toBe(false);

    expect(ch1.trySend(eof(), 'hello')).toBe(true);
    expect(ch1.ready()).toBe(true);
    expect(ch1.trySend(eof(), 'abcdefghijklmnopqrstuvwxyz')).toBe(false);

    let ec1: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive((ec, s) => {
      ec1 = ec;
      s2 = s;
    });
    drain(ctx);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(s2).toBe('hello');

    expect(ch1.tryReceive(() => {})).toBe(false);

    let ec2: unknown = wouldBlock;
    ch1.asyncSend([eof(), 'zyxwvutsrqponmlkjihgfedcba'], (ec) => {
      ec2 = ec;
    });
    let ec3: unknown = wouldBlock;
    let s4 = '';
    expect(
      ch1.tryReceive((ec, s) => {
        ec3 = ec;
        s4 = s;
      }),
    ).toBe(true);
    expect(is(ec3, errors.eof)).toBe(true);
    expect(s4).toBe('zyxwvutsrqponmlkjihgfedcba');
    drain(ctx);
    expect(ec2).toBeNull();

    expect(ch1.trySend(null, 'goodbye')).toBe(true);
    ch1.close();
    expect(ch1.isOpen()).toBe(false);

    let ec4: unknown = wouldBlock;
    let s5 = '';
    ch1.asyncReceive((ec, s) => {
      ec4 = ec;
      s5 = s;
    });
    drain(ctx);
    expect(ec4).toBeNull();
    expect(s5).toBe('goodbye');

    let ec5: unknown = wouldBlock;
    let s6: string | undefined = 'unset';
    ch1.asyncReceive((ec, s) => {
      ec5 = ec;
      s6 = s;
    });
    drain(ctx);
    expect(is(ec5, errors.channelClosed)).toBe(true);
    // Asio gives a default-constructed string; the port gives nothing (the slot's error says why).
    expect(s6).toBeUndefined();
  });

  test('buffered_error_channel_test (a message that is only an error code)', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<[err: Error | null]>(ctx, 1);
    expect(ch1.isOpen()).toBe(true);
    expect(ch1.ready()).toBe(false);
    expect(ch1.trySend(eof())).toBe(true);
    expect(ch1.trySend(eof())).toBe(false);

    let ec1: unknown = wouldBlock;
    ch1.asyncReceive((ec) => {
      ec1 = ec;
    });
    drain(ctx);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(ch1.tryReceive(() => {})).toBe(false);

    let ec2: unknown = wouldBlock;
    ch1.asyncSend([eof()], (ec) => {
      ec2 = ec;
    });
    let ec3: unknown = wouldBlock;
    expect(
      ch1.tryReceive((ec) => {
        ec3 = ec;
      }),
    ).toBe(true);
    expect(is(ec3, errors.eof)).toBe(true);
    drain(ctx);
    expect(ec2).toBeNull();
  });

  test('unbuffered_non_immediate_receive', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    ch1.asyncSend([eof(), '0123456789'], (ec) => {
      ec1 = ec;
    });
    expect(ec1).toBe(wouldBlock);
    let ec2: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive((ec, s) => {
      ec2 = ec;
      s2 = s;
    });
    expect(ec2).toBe(wouldBlock);
    drain(ctx);
    expect(ec1).toBeNull();
    expect(is(ec2, errors.eof)).toBe(true);
    expect(s2).toBe('0123456789');
  });

  test('unbuffered_immediate_receive (an inline immediate executor runs the receiver inside asyncReceive)', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    ch1.asyncSend([eof(), '0123456789'], (ec) => {
      ec1 = ec;
    });
    let ec2: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive(
      bindImmediateExecutor(inlineExecutor, (ec: Error | null, s: string) => {
        ec2 = ec;
        s2 = s;
      }),
    );
    expect(ec1).toBe(wouldBlock);
    expect(is(ec2, errors.eof)).toBe(true);
    expect(s2).toBe('0123456789');
    drain(ctx);
    expect(ec1).toBeNull();
  });

  test('unbuffered_executor_receive (the receiver runs on its bound executor)', () => {
    const ctx = new IoContext();
    const ctx2 = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    ch1.asyncSend([eof(), '0123456789'], (ec) => {
      ec1 = ec;
    });
    let ec2: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive(
      bindExecutor(ctx2, (ec: Error | null, s: string) => {
        ec2 = ec;
        s2 = s;
      }),
    );
    expect(ec1).toBe(wouldBlock);
    expect(ec2).toBe(wouldBlock);
    drain(ctx);
    expect(ec1).toBeNull();
    expect(ec2).toBe(wouldBlock);
    drain(ctx2);
    expect(is(ec2, errors.eof)).toBe(true);
    expect(s2).toBe('0123456789');
  });
});

// Channel, ported from Asio's experimental/channel.cpp (and concurrent_channel.cpp): how sends
// complete, buffered receives, the try_send family, and the signature tests.
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
  systemExecutor,
  type SystemError,
} from '@asio-ts/core';
import { drain, eof, is, wouldBlock, type StringMessage } from './helpers/channel-log';

describe.each([
  ['Channel', Channel],
  ['ConcurrentChannel', ConcurrentChannel],
] as const)("Asio's experimental/%s tests", (_name, Ch) => {
  test('unbuffered_non_immediate_send', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    let s1 = '';
    ch1.asyncReceive((ec, s) => {
      ec1 = ec;
      s1 = s;
    });
    let ec2: unknown = wouldBlock;
    ch1.asyncSend([eof(), '0123456789'], (ec) => {
      ec2 = ec;
    });
    expect(ec2).toBe(wouldBlock);
    drain(ctx);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(s1).toBe('0123456789');
    expect(ec2).toBeNull();
  });

  test('unbuffered_immediate_send', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    let s1 = '';
    ch1.asyncReceive((ec, s) => {
      ec1 = ec;
      s1 = s;
    });
    let ec2: unknown = wouldBlock;
    ch1.asyncSend(
      [eof(), '0123456789'],
      bindImmediateExecutor(inlineExecutor, (ec: SystemError | null) => {
        ec2 = ec;
      }),
    );
    expect(ec1).toBe(wouldBlock);
    expect(ec2).toBeNull();
    drain(ctx);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(s1).toBe('0123456789');
  });

  test('unbuffered_executor_send', () => {
    const ctx = new IoContext();
    const ctx2 = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    let s1 = '';
    ch1.asyncReceive((ec, s) => {
      ec1 = ec;
      s1 = s;
    });
    let ec2: unknown = wouldBlock;
    ch1.asyncSend(
      [eof(), '0123456789'],
      bindExecutor(ctx2, (ec: SystemError | null) => {
        ec2 = ec;
      }),
    );
    drain(ctx);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(s1).toBe('0123456789');
    expect(ec2).toBe(wouldBlock);
    drain(ctx2);
    expect(ec2).toBeNull();
  });

  test('buffered_non_immediate_receive', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx, 1);
    let ec1: unknown = wouldBlock;
    ch1.asyncSend([eof(), '0123456789'], (ec) => {
      ec1 = ec;
    });
    expect(ec1).toBe(wouldBlock);
    drain(ctx);
    expect(ec1).toBeNull();
    let ec2: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive((ec, s) => {
      ec2 = ec;
      s2 = s;
    });
    expect(ec2).toBe(wouldBlock);
    drain(ctx);
    expect(is(ec2, errors.eof)).toBe(true);
    expect(s2).toBe('0123456789');
  });

  test('buffered_immediate_receive', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx, 1);
    ch1.asyncSend([eof(), '0123456789'], () => {});
    drain(ctx);
    let ec2: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive(
      bindImmediateExecutor(inlineExecutor, (ec: Error | null, s: string) => {
        ec2 = ec;
        s2 = s;
      }),
    );
    expect(is(ec2, errors.eof)).toBe(true);
    expect(s2).toBe('0123456789');
    drain(ctx);
  });

  test('buffered_executor_receive', () => {
    const ctx = new IoContext();
    const ctx2 = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx, 1);
    ch1.asyncSend([eof(), '0123456789'], () => {});
    drain(ctx);
    let ec2: unknown = wouldBlock;
    let s2 = '';
    ch1.asyncReceive(
      bindExecutor(ctx2, (ec: Error | null, s: string) => {
        ec2 = ec;
        s2 = s;
      }),
    );
    drain(ctx);
    expect(ec2).toBe(wouldBlock);
    drain(ctx2);
    expect(is(ec2, errors.eof)).toBe(true);
    expect(s2).toBe('0123456789');
  });

  test('buffered_non_immediate_send, buffered_immediate_send, buffered_executor_send', () => {
    const ctx = new IoContext();
    const ctx2 = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx, 1);
    let ec1: unknown = wouldBlock;
    ch1.asyncSend([eof(), '0123456789'], (ec) => {
      ec1 = ec;
    });
    expect(ec1).toBe(wouldBlock);
    drain(ctx);
    expect(ec1).toBeNull();

    const ch2 = new Ch<StringMessage>(ctx, 1);
    let ec2: unknown = wouldBlock;
    ch2.asyncSend(
      [eof(), '0123456789'],
      bindImmediateExecutor(inlineExecutor, (ec: SystemError | null) => {
        ec2 = ec;
      }),
    );
    expect(ec2).toBeNull();

    const ch3 = new Ch<StringMessage>(ctx, 1);
    let ec3: unknown = wouldBlock;
    ch3.asyncSend(
      [eof(), '0123456789'],
      bindExecutor(ctx2, (ec: SystemError | null) => {
        ec3 = ec;
      }),
    );
    drain(ctx);
    expect(ec3).toBe(wouldBlock);
    drain(ctx2);
    expect(ec3).toBeNull();
  });

  test('try_send_via_dispatch (a receiver on the system executor runs inside the call)', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    let ec1: unknown = wouldBlock;
    let s1 = '';
    ch1.asyncReceive(
      bindExecutor(systemExecutor, (ec: Error | null, s: string) => {
        ec1 = ec;
        s1 = s;
      }),
    );
    drain(ctx);
    expect(ec1).toBe(wouldBlock);
    expect(ch1.trySendViaDispatch(eof(), '0123456789')).toBe(true);
    expect(is(ec1, errors.eof)).toBe(true);
    expect(s1).toBe('0123456789');
  });

  test('try_send_n_via_dispatch', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    const got: Array<[unknown, string]> = [];
    for (let i = 0; i < 2; i++) ch1.asyncReceive(bindExecutor(systemExecutor, (ec: Error | null, s: string) => got.push([ec, s])));
    drain(ctx);
    expect(got).toEqual([]);
    expect(ch1.trySendNViaDispatch(2, eof(), '0123456789')).toBe(2);
    expect(got.map(([ec, s]) => [is(ec, errors.eof), s])).toEqual([
      [true, '0123456789'],
      [true, '0123456789'],
    ]);
  });

  test('trySendN stops when the channel is full and counts what it took', () => {
    const ctx = new IoContext();
    const ch = new Ch<StringMessage>(ctx, 3);
    expect(ch.trySendN(0, null, 'x')).toBe(0);
    expect(ch.trySendN(5, null, 'x')).toBe(3);
    expect(ch.trySendN(1, null, 'y')).toBe(0);
    ch.close();
    expect(ch.trySendN(1, null, 'y')).toBe(0);
  });

  test('implicit_error_signature_channel_test: the port writes the error slot out (a type error otherwise)', () => {
    const ctx = new IoContext();
    // @ts-expect-error Asio's channel<void(std::string)> has no TypeScript form: one handler takes both the message and the closed notice.
    const ch = new Ch<[string]>(ctx);
    // At run time a message whose first value is not an error slot is refused, naming it.
    expect(() => (ch as unknown as Channel<[Error | null]>).trySend('hello' as never)).toThrow(/^values\[0\] must be the message's error slot/);
    const ch1 = new Ch<StringMessage>(ctx);
    const got: string[] = [];
    ch1.asyncReceive((ec, s) => got.push(ec === null ? s : ec.message));
    ch1.close();
    drain(ctx);
    expect(got).toEqual(['Channel closed']);
  });

  test('channel_with_any_completion_handler_test: any function is a handler; type-erased handlers are plain closures', () => {
    const ctx = new IoContext();
    const ch1 = new Ch<StringMessage>(ctx);
    const erased: (...args: unknown[]) => void = (...args) => got.push(args);
    const got: unknown[][] = [];
    ch1.asyncReceive(erased as never);
    ch1.asyncSend([eof(), 'zyxwvutsrqponmlkjihgfedcba'], erased as never);
    drain(ctx);
    expect(got.length).toBe(2);
    expect(is(got[0]![0], errors.eof)).toBe(true);
    expect(got[0]![1]).toBe('zyxwvutsrqponmlkjihgfedcba');
    expect(got[1]).toEqual([null]);
  });
});

/**
 * Cancellation of `asyncReadUntil`: what stays in the buffer and what the handler gets.
 */
import {
  bindCancellationSlot,
  CancellationSignal,
  CancellationType,
  errorIs,
  errors,
  IoContext,
  SystemError,
  useFuture,
} from '@asio-ts/core';
import { asyncReadUntil, Streambuf } from '@asio-ts/io';
import { latin1, makeStream } from '../helpers/async-read-until-stream.js';

describe('cancellation', () => {
  test.each([CancellationType.Terminal, CancellationType.Partial])('type %p while a read is pending: operationAborted, 0, the data kept and not consumed from the stream', async (type) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'abcdefghij\n', { mode: 'manual' });
    const sig = new CancellationSignal();
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', bindCancellationSlot(sig.slot(), (e, n) => (got = [e, n])));
    expect(stream.completePending()).toBe(true);
    ioc.poll();
    sig.emit(type);
    await ioc.run();
    expect(errorIs(got![0], errors.operationAborted)).toBe(true);
    expect(got![1]).toBe(0);
    expect(sb.data()).toEqual(latin1('abcde'));
    expect(stream.bytesRead()).toBe(5);
    expect(sig.slot().hasHandler()).toBe(false);
  });

  test('between reads, with a stream that ignores cancellation: stops with operationAborted before searching further', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 5, 'abcdefghij\n');
    const sig = new CancellationSignal();
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', bindCancellationSlot(sig.slot(), (e, n) => (got = [e, n])));
    sig.emit(CancellationType.Partial);
    await ioc.run();
    expect(errorIs(got![0], errors.operationAborted)).toBe(true);
    expect(sb.data()).toEqual(latin1('abcde'));
    // A second call picks up where it stopped.
    const p = asyncReadUntil(stream, sb, '\n', useFuture);
    ioc.restart();
    await ioc.run();
    expect(await p).toBe(11);
  });
});

/**
 * `asyncReadUntil` and what stays in the buffer: the bytes past the match, a match already there,
 * the end of the stream before a match, a source that never sends the delimiter.
 */
import { bindImmediateExecutor, errorIs, errors, inlineExecutor, IoContext, post, SystemError, useFuture } from '@asio-ts/core';
import {
  asyncReadUntil,
  ByteVector,
  dynamicBufferV2,
  Streambuf,
  type MutableBufferSequence,
  type ReadHandler,
} from '@asio-ts/io';
import { readData } from '../helpers/bytes.js';
import { flushMicrotasks } from '../helpers/microtasks.js';
import { runRead } from '../helpers/read-driver.js';
import { dynamicKinds } from '../helpers/read-targets.js';
import { latin1, makeStream, untypedAsyncReadUntil } from '../helpers/async-read-until-stream.js';

describe('the bytes past the match', () => {
  test.each(dynamicKinds)('$name: stay in the buffer; consuming n and calling again finds the next line first, without a read', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, 'one\ntwo\nthree\n');
    const d = kind.make();
    const lines: string[] = [];
    const next = async (): Promise<number> => {
      const p = asyncReadUntil(stream, d.buffers, '\n', useFuture);
      await ioc.run();
      ioc.restart();
      return p;
    };
    for (let i = 0; i < 3; i++) {
      const n = await next();
      lines.push(new TextDecoder().decode(d.contents().subarray(0, n)));
      d.consume(n);
    }
    expect(lines).toEqual(['one\n', 'two\n', 'three\n']);
    // One read took everything; the later lines were found in the buffer.
    expect(stream.readCalls).toBe(1);
    await expect(next()).rejects.toMatchObject({ code: 'EOF' });
  });

  test('a match already in the buffer: no stream call, the handler is still not run inside the call', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, '');
    const sb = new Streambuf();
    sb.sputn('ready\nrest');
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', (e, n) => (got = [e, n]));
    expect(got).toBeUndefined();
    await flushMicrotasks();
    await ioc.run();
    expect(got).toEqual([null, 6]);
    expect(stream.readCalls).toBe(0);
  });

  test('a match already there, with bindImmediateExecutor(inlineExecutor, h): delivered inside the call', () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity, '');
    const sb = new Streambuf();
    sb.sputn('ready\n');
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', bindImmediateExecutor(inlineExecutor, (e, n) => (got = [e, n])));
    expect(got).toEqual([null, 6]);
  });

  test('a full buffer with no match at the start: notFound without a read', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, Infinity);
    const sb = new Streambuf(4);
    sb.sputn('abcd');
    const p = asyncReadUntil(stream, sb, '\n', useFuture);
    await ioc.run();
    await expect(p).rejects.toMatchObject({ code: 'ENOTFOUND' });
    expect(stream.readCalls).toBe(0);
  });
});

describe('the end of the stream before a match', () => {
  test.each(dynamicKinds)('$name: (eof, 0), and the partial data stays in the buffer', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 4, 'no newline here');
    const d = kind.make();
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, '\n', t));
    expect(errorIs(err, errors.eof)).toBe(true);
    expect(n).toBe(0);
    expect(new TextDecoder().decode(d.contents())).toBe('no newline here');
  });

  test('a stream error: (that error, 0), what was read kept', async () => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 10);
    stream.failReadAt(15);
    const vec = new ByteVector();
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncReadUntil(stream, dynamicBufferV2(vec), 'xyz', t));
    expect(errorIs(err, errors.connectionReset)).toBe(true);
    expect(n).toBe(0);
    expect(vec.bytes()).toEqual(readData.subarray(0, 15));
  });

  test('a read of 0 bytes without an error (a stream breaking the concept) ends with eof, not a false match', async () => {
    const ioc = new IoContext();
    let calls = 0;
    const stream = {
      getExecutor: () => ioc.getExecutor(),
      asyncReadSome(buffers: MutableBufferSequence, handler: ReadHandler): void {
        const first = calls++ === 0;
        if (first) (buffers instanceof Uint8Array ? buffers : [...buffers][0]!).set(latin1('abc'));
        post(ioc, () => handler(null, first ? 3 : 0));
      },
    };
    const sb = new Streambuf();
    let got: [SystemError | null, number] | undefined;
    asyncReadUntil(stream, sb, '\n', (e, n) => (got = [e, n]));
    await ioc.run();
    expect(errorIs(got![0], errors.eof)).toBe(true);
    expect(got![1]).toBe(0);
    expect(sb.data()).toEqual(latin1('abc'));
  });
});

describe('a source that never sends the delimiter', () => {
  test.each(dynamicKinds)('$name with maxSize 4096: notFound, and the buffer holds exactly maxSize bytes', async (kind) => {
    const ioc = new IoContext();
    const stream = makeStream(ioc, 1000, new Uint8Array(100_000).fill(0x61));
    const d = kind.make(4096);
    const { err, n } = await runRead('callback', ioc, stream, (t) => untypedAsyncReadUntil(stream, d.buffers, '\r\n', t));
    expect(errorIs(err, errors.notFound)).toBe(true);
    expect(n).toBe(0);
    expect(d.contents()).toHaveLength(4096);
    expect(stream.bytesRead()).toBe(4096);
  });
});

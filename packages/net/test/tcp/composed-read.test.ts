/**
 * io's composed reads (`asyncRead`, `asyncReadUntil`) directly on a `tcp.Socket`, against a real
 * peer (CPython's socket module, `fixtures/script-peer.py`) that sends in separate segments:
 * fixed buffers and buffer sequences filled across segments, `transferAtLeast`, dynamic buffers
 * until eof, a `'\r\n'` delimiter split across segments, eof keeping the partial data, and a
 * cancelled read (slot or `socket.cancel()`) keeping every byte it had and losing none after.
 */
import { asTuple, bindCancellationSlot, CancellationSignal, CancellationType, errorIs, errors, systemExecutor, useFuture, type SystemError } from '@asio-ts/core';
import { asyncRead, asyncReadUntil, ByteVector, dynamicBuffer, transferAtLeast } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';
import { startScriptPeer, type ScriptPeer, type Step } from '../helpers/script-peer.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
type Result = [SystemError | null, number];

async function connected(steps: readonly Step[], body: (socket: tcp.Socket, peer: ScriptPeer) => Promise<void>): Promise<void> {
  const peer = await startScriptPeer(steps);
  const socket = new tcp.Socket(systemExecutor);
  try {
    await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', peer.port), useFuture);
    await body(socket, peer);
    await peer.done;
  } finally {
    socket.close();
    peer.kill();
  }
}

/** `count` segments of 1,000 bytes, the i-th all digit i, 5 ms apart. */
function segments(count: number): { steps: Step[]; expected: string } {
  const steps: Step[] = [];
  let expected = '';
  for (let i = 0; i < count; i++) {
    const s = String(i % 10).repeat(1000);
    steps.push({ send: s }, { sleep: 5 });
    expected += s;
  }
  return { steps, expected };
}

describe('asyncRead on a tcp.Socket', () => {
  test('fills a fixed buffer from many segments (transferAll), then eof', () => {
    const { steps, expected } = segments(10);
    return connected([...steps, { close: true }], async (socket) => {
      const buf = new Uint8Array(10_000);
      expect(await asyncRead(socket, buf, useFuture)).toBe(10_000);
      expect(text(buf)).toBe(expected);
      const [err, n] = await asyncRead(socket, new Uint8Array(1), asTuple(useFuture));
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(0);
    });
  }, 20_000);

  test('fills a sequence of buffers in order', () => {
    const { steps, expected } = segments(6);
    return connected(steps, async (socket) => {
      const a = new Uint8Array(2_500);
      const b = new Uint8Array(3_500);
      expect(await asyncRead(socket, [a, b], useFuture)).toBe(6_000);
      expect(text(a) + text(b)).toBe(expected);
    });
  }, 20_000);

  test('transferAtLeast(100) completes with what arrived, the rest stays for the next read', () =>
    connected([{ send: 'x'.repeat(150) }, { wait: true }, { send: 'y'.repeat(850) }, { close: true }], async (socket, peer) => {
      const buf = new Uint8Array(1_000);
      const n = await asyncRead(socket, buf, transferAtLeast(100), useFuture);
      expect(n).toBeGreaterThanOrEqual(100);
      expect(n).toBeLessThanOrEqual(150);
      peer.go();
      const m = await asyncRead(socket, buf.subarray(n), useFuture);
      expect(n + m).toBe(1_000);
      expect(text(buf)).toBe('x'.repeat(150) + 'y'.repeat(850));
    }), 20_000);

  test('into a dynamic buffer until eof: (eof, n) with every byte in the buffer', () => {
    const { steps, expected } = segments(70);
    return connected([...steps, { close: true }], async (socket) => {
      const vec = new ByteVector();
      const [err, n] = await asyncRead(socket, dynamicBuffer(vec), asTuple(useFuture));
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(70_000);
      expect(text(vec.bytes())).toBe(expected);
    });
  }, 20_000);

  test('eof with partial data: (eof, 3), the 3 bytes in the buffer', () =>
    connected([{ send: 'abc' }, { close: true }], async (socket) => {
      const buf = new Uint8Array(10);
      const [err, n] = await asyncRead(socket, buf, asTuple(useFuture));
      expect(errorIs(err, errors.eof)).toBe(true);
      expect(n).toBe(3);
      expect(text(buf.subarray(0, 3))).toBe('abc');
    }), 20_000);

  test.each([
    ['terminal cancellation through the slot', 'slot'],
    ['socket.cancel()', 'cancel'],
  ])('%s of a pending read: operationAborted with the bytes read so far; nothing is lost after', (_name, how) =>
    connected([{ send: 'p'.repeat(40) }, { wait: true }, { send: 'q'.repeat(60) }, { close: true }], async (socket, peer) => {
      const buf = new Uint8Array(100);
      const signal = new CancellationSignal();
      const result = new Promise<Result>((resolve) => asyncRead(socket, buf, bindCancellationSlot(signal.slot(), (err, n) => resolve([err, n]))));
      await sleep(300); // the 40 bytes are read by then, as a rule; the checks hold either way
      if (how === 'slot') signal.emit(CancellationType.Terminal);
      else socket.cancel();
      const [err, n] = await result;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect([0, 40]).toContain(n);
      expect(text(buf.subarray(0, n))).toBe('p'.repeat(n));
      expect(signal.slot().hasHandler()).toBe(false);
      peer.go();
      const rest = new Uint8Array(100 - n);
      expect(await asyncRead(socket, rest, useFuture)).toBe(100 - n);
      expect(text(rest)).toBe('p'.repeat(40 - n) + 'q'.repeat(60));
    }), 20_000);
});

describe("asyncReadUntil on a tcp.Socket with '\\r\\n'", () => {
  test('finds delimiters split across segments; eof keeps the partial line', () =>
    connected(
      [{ send: 'HEL' }, { sleep: 20 }, { send: 'LO\r' }, { sleep: 20 }, { send: '\nWOR' }, { sleep: 20 }, { send: 'LD\r\nREST' }, { close: true }],
      async (socket) => {
        const vec = new ByteVector();
        const buffer = dynamicBuffer(vec);
        const n1 = await asyncReadUntil(socket, buffer, '\r\n', useFuture);
        expect(n1).toBe(7);
        expect(text(vec.bytes().subarray(0, n1))).toBe('HELLO\r\n');
        buffer.consume(n1);
        const n2 = await asyncReadUntil(socket, buffer, '\r\n', useFuture);
        expect(n2).toBe(7);
        expect(text(vec.bytes().subarray(0, n2))).toBe('WORLD\r\n');
        buffer.consume(n2);
        const [err, n3] = await asyncReadUntil(socket, buffer, '\r\n', asTuple(useFuture));
        expect(errorIs(err, errors.eof)).toBe(true);
        expect(n3).toBe(0);
        expect(text(vec.bytes())).toBe('REST');
      },
    ), 20_000);

  test('a cancelled read-until keeps what it read in the buffer; the next one completes the line', () =>
    connected([{ send: 'no delimiter yet' }, { wait: true }, { send: ', now\r\n' }], async (socket, peer) => {
      const vec = new ByteVector();
      const buffer = dynamicBuffer(vec);
      const signal = new CancellationSignal();
      const result = new Promise<Result>((resolve) =>
        asyncReadUntil(socket, buffer, '\r\n', bindCancellationSlot(signal.slot(), (err, n) => resolve([err, n]))),
      );
      await sleep(300);
      signal.emit(CancellationType.Partial);
      const [err, n] = await result;
      expect(errorIs(err, errors.operationAborted)).toBe(true);
      expect(n).toBe(0);
      expect('no delimiter yet'.startsWith(text(vec.bytes()))).toBe(true);
      peer.go();
      const line = await asyncReadUntil(socket, buffer, '\r\n', useFuture);
      expect(line).toBe('no delimiter yet, now\r\n'.length);
      expect(text(vec.bytes())).toBe('no delimiter yet, now\r\n');
    }), 20_000);
});

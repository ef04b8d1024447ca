// Cancellation three ways: a CancellationSignal, an AbortSignal, and cancelAfter.
import { asTuple, bindAbortSignal, bindCancellationSlot, CancellationSignal, CancellationType, cancelAfter, IoContext, useFuture } from '@asio-ts/core';
import { asyncWrite, Streambuf, TestStream } from '@asio-ts/io';

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const ioc = new IoContext();
  // 'manual': each write waits until we complete it, like a peer that stopped reading.
  const stream = new TestStream(ioc, { mode: 'manual', maxWriteSize: 10 });
  const sb = new Streambuf();
  sb.sputn('0123456789'.repeat(10));

  const signal = new CancellationSignal();
  const first = asyncWrite(stream, sb, bindCancellationSlot(signal.slot(), asTuple(useFuture)));
  const running = ioc.run();
  stream.completePending(); // the first 10 bytes go through
  await new Promise((r) => setImmediate(r));
  // Partial cancellation reaches the chunk in flight (this stream can withdraw it), and the
  // composed write stops there: only the bytes written left the streambuf.
  signal.emit(CancellationType.Partial);
  await running;
  const [err, n] = await first;
  log(`partial cancellation: ${err?.code} after ${n} bytes; ${sb.size()} bytes still in the streambuf`);

  const controller = new AbortController();
  ioc.restart();
  const second = asyncWrite(stream, sb, bindAbortSignal(controller.signal, asTuple(useFuture)));
  const running2 = ioc.run();
  controller.abort();
  await running2;
  const [err2, n2] = await second;
  log(`AbortSignal: ${err2?.code} after ${n2} bytes; ${sb.size()} bytes still in the streambuf`);

  ioc.restart();
  const third = asyncWrite(stream, sb, cancelAfter(20, asTuple(useFuture)));
  await ioc.run();
  const [err3, n3] = await third;
  log(`cancelAfter(20 ms): ${err3?.code} after ${n3} bytes`);
}

if (require.main === module) void main();

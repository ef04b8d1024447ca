// fromWebWritable: a cancelled write completes queued, never inside the stream's callbacks.
import { IoContext } from '@asio-ts/core';
import { asyncWrite, fromWebWritable } from '@asio-ts/io';
import { cancelInFlight, expectQueuedAbort } from '../helpers/adapter-probe.js';
import { collectingSink, data } from '../helpers/web-sinks.js';

describe('fromWebWritable: a cancelled write completes queued, never inside emit()', () => {
  const sinkHasIt = (sink: { writes: number }) => async (): Promise<void> => {
    while (sink.writes === 0) await new Promise((r) => setTimeout(r, 0));
  };

  test('asyncWriteSome on the system executor, emit() from outside any executor', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream);
    expectQueuedAbort(await cancelInFlight((h) => stream.asyncWriteSome(data, h), { ready: sinkHasIt(sink) }), 0);
    sink.release();
  });

  test('asyncWrite (the final handler) on the system executor, emit() from outside any executor', async () => {
    const sink = collectingSink({ manual: true });
    const stream = fromWebWritable(sink.stream, { copy: false });
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, [data.subarray(0, 10), data.subarray(10, 20)], h), { ready: sinkHasIt(sink) }), 0);
    sink.release();
  });

  test('asyncWrite on an IoContext, emit() from inside one of its handlers', async () => {
    const sink = collectingSink({ manual: true });
    const ioc = new IoContext();
    const stream = fromWebWritable(sink.stream, { executor: ioc });
    expectQueuedAbort(await cancelInFlight((h) => asyncWrite(stream, data, h), { ioc }), 0);
    sink.release();
  });
});

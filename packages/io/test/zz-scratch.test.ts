import { IoContext, useFuture, post, CancellationSignal, bindCancellationSlot, CancellationType, makeStrand, bindExecutor, inlineExecutor, bindImmediateExecutor } from '@asio-ts/core';
import { TestStream, asyncWrite, Streambuf, type WriteHandler, type ConstBufferSequence, bufferSize } from '@asio-ts/io';

async function withTimeout<T>(p: Promise<T>, ms = 300): Promise<T | 'timeout'> {
  return Promise.race([p, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), ms))]);
}
async function main() {
  // 1. condition returning -1 at start: leak?
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc);
    const sig = new CancellationSignal();
    try { asyncWrite(s, new Uint8Array(5), (() => -1) as any, bindCancellationSlot(sig.slot(), () => {})); } catch (e) { console.log('1 threw', (e as Error).message); }
    console.log('1 run:', await withTimeout(ioc.run()), 'slot handler:', sig.slot().hasHandler());
  }
  // 2. condition NaN on second call
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 1 });
    let calls = 0;
    asyncWrite(s, new Uint8Array(5), ((e: unknown, n: number) => (n === 0 ? 1 : NaN)) as any, () => { calls++; });
    console.log('2 run1:', await withTimeout(ioc.run()).catch((e) => 'rejected: ' + e.message));
    ioc.restart();
    console.log('2 run2:', await withTimeout(ioc.run()).catch((e) => 'rejected: ' + e.message), calls);
  }
  // 3. handler throws
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 1 });
    asyncWrite(s, new Uint8Array(5), () => { throw new Error('user'); });
    console.log('3 run1:', await withTimeout(ioc.run()).catch((e) => 'rejected: ' + e.message));
    ioc.restart();
    console.log('3 run2:', await withTimeout(ioc.run()).catch((e) => 'rejected: ' + e.message));
  }
  // 4. TestStream bad buffers leak
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc);
    try { s.asyncWriteSome('x' as any, () => {}); } catch (e) { console.log('4 threw', (e as Error).message); }
    console.log('4 run:', await withTimeout(ioc.run()));
  }
  // 5. TestStream generator
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc);
    function* g() { yield new Uint8Array([1, 2]); yield new Uint8Array([3]); }
    let got: unknown;
    s.asyncWriteSome(g(), (e, n) => { got = [e, n]; });
    await ioc.run();
    console.log('5', got, s.received());
  }
  // 6. Total after partial
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 10 });
    const sig = new CancellationSignal();
    let got: unknown;
    asyncWrite(s, new Uint8Array(53), bindCancellationSlot(sig.slot(), (e, n) => { got = [e?.code, n]; }));
    sig.emit(CancellationType.Partial);
    sig.emit(CancellationType.Total);
    await ioc.run();
    console.log('6', got);
  }
  // 7. inline immediate in ioc handler
  {
    const ioc = new IoContext();
    const s = new TestStream(ioc, { maxWriteSize: 10 });
    let calls = 0;
    post(ioc, () => { asyncWrite(s, new Uint8Array(53), bindImmediateExecutor(inlineExecutor, () => { calls++; })); console.log('7 inside', calls); });
    await ioc.run();
    console.log('7 after', calls);
  }
}
test("scratch", async () => { await main(); }, 20000);

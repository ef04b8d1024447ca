// HandlerWork, the one owner of delivery (Asio's detail/handler_work.hpp). Each test names the
// path it checks: immediate (inside the initiating call), queued (inside a cancellation emit or
// completePosted), dispatched (from a later callback), and work counted as Asio counts it.

import {
  asyncImmediate,
  bindExecutor,
  bindImmediateExecutor,
  CancellationSignal,
  HandlerWork,
  inlineExecutor,
  IoContext,
  post,
  systemExecutor,
} from '@asio-ts/core';

describe('HandlerWork: how a completion reaches its handler', () => {
  test('inside the initiating call: posted to the I/O executor, never run in the call', () => {
    const ioc = new IoContext();
    const calls: string[] = [];
    const work = new HandlerWork((v: number) => calls.push(`handler ${v}`), ioc.getExecutor());
    work.complete(1);
    calls.push('returned');
    work.started();
    expect(calls).toEqual(['returned']);
    expect(ioc.poll()).toBe(1);
    expect(calls).toEqual(['returned', 'handler 1']);
  });

  test('inside the initiating call with an inline immediate executor: run in the call', () => {
    const ioc = new IoContext();
    const calls: string[] = [];
    const work = new HandlerWork(bindImmediateExecutor(inlineExecutor, () => calls.push('handler')), ioc.getExecutor());
    work.complete();
    expect(calls).toEqual(['handler']);
  });

  test('from a later callback: dispatched through the associated executor', async () => {
    const ioc = new IoContext();
    const other = new IoContext();
    const seen: boolean[] = [];
    const work = new HandlerWork(
      bindExecutor(other, () => seen.push(other.getExecutor().runningInThisThread())),
      ioc.getExecutor(),
    );
    work.started();
    setTimeout(() => work.complete(), 1);
    await Promise.all([ioc.run(), other.run()]);
    expect(seen).toEqual([true]);
  });

  test('over the system executor, a later completion calls the handler directly', async () => {
    const calls: string[] = [];
    const work = new HandlerWork(() => calls.push('handler'), systemExecutor);
    work.started();
    await new Promise((r) => setTimeout(r, 1));
    work.complete();
    calls.push('after complete');
    expect(calls).toEqual(['handler', 'after complete']);
  });

  test('inside a CancellationSignal.emit: queued, never run inside the emit', () => {
    const ioc = new IoContext();
    const signal = new CancellationSignal();
    const calls: string[] = [];
    const work = new HandlerWork(() => calls.push('handler'), ioc.getExecutor());
    work.started();
    signal.slot().assign(() => work.complete());
    signal.emit();
    calls.push('emit returned');
    ioc.poll();
    expect(calls).toEqual(['emit returned', 'handler']);
  });

  test('completePosted queues even from a later callback', () => {
    const ioc = new IoContext();
    const calls: string[] = [];
    const work = new HandlerWork(() => calls.push('handler'), ioc.getExecutor());
    work.started();
    ioc.getExecutor().dispatch(() => {
      work.completePosted();
      calls.push('after completePosted');
    });
    ioc.poll();
    expect(calls).toEqual(['after completePosted', 'handler']);
  });

  test('a second completion is a programmer error of the operation', () => {
    const work = new HandlerWork(() => {}, new IoContext().getExecutor());
    work.complete();
    expect(() => work.complete()).toThrow(/exactly once/);
  });
});

describe('HandlerWork: work counted as Asio counts it (detail/handler_work.hpp, immediate.hpp)', () => {
  test('an operation in flight after its initiating call holds work until its handler ran', async () => {
    const ioc = new IoContext();
    const work = new HandlerWork(() => {}, ioc.getExecutor());
    work.started();
    let returned = false;
    const run = ioc.run().then(() => (returned = true));
    await new Promise((r) => setTimeout(r, 5));
    expect(returned).toBe(false);
    work.complete();
    await run;
    expect(returned).toBe(true);
  });

  test('an inline immediate completion before run() holds no work, so the context is not left stopped', async () => {
    const ioc = new IoContext();
    let inline = 0;
    asyncImmediate(ioc, bindImmediateExecutor(inlineExecutor, () => inline++));
    expect(inline).toBe(1);
    expect(ioc.stopped()).toBe(false);
    let posted = 0;
    post(ioc, () => posted++);
    await ioc.run();
    expect(posted).toBe(1);
  });

  test('reset() gives the work back without a delivery', async () => {
    const ioc = new IoContext();
    let ran = 0;
    const work = new HandlerWork(() => ran++, ioc.getExecutor());
    work.started();
    work.reset();
    expect(work.pending()).toBe(false);
    expect(await ioc.run()).toBe(0);
    expect(ran).toBe(0);
  });
});

// asyncCompose: work held on the I/O executor and on every I/O object until the handler ran; the
// handler runs on its associated executor, which self carries.
import {
  asyncCompose,
  bindExecutor,
  getAssociatedExecutor,
  IoContext,
  makeStrand,
  post,
  systemExecutor,
  useFuture,
  type ComposedOperation,
} from '@asio-ts/core';
import { nextMacrotask } from './helpers/macrotask';

describe('asyncCompose: work and executors', () => {
  test('work is held on the I/O executor until the handler ran, even while the inner step runs off the context', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    let step = 0;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        if (step++ === 0) {
          // An inner step the context knows nothing about (the host loop completes it).
          setImmediate(() => {
            order.push('inner step done');
            self();
          });
        } else {
          self.complete();
        }
      },
      () => order.push('handler'),
      ioc,
    );
    await ioc.run().then(() => order.push('run resolved'));
    expect(order).toEqual(['inner step done', 'handler', 'run resolved']);
  });

  test('work is held on every I/O object given', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    let finish!: () => void;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        finish = () => self.complete();
      },
      () => order.push('handler'),
      ioc1,
      ioc2,
    );
    const run2 = ioc2.run().then(() => order.push('ioc2.run resolved'));
    await nextMacrotask();
    expect(order).toEqual([]);
    finish();
    await Promise.all([ioc1.run().then(() => order.push('ioc1.run resolved')), run2]);
    expect(order).toContain('handler');
    expect(order.indexOf('handler')).toBeLessThan(order.indexOf('ioc1.run resolved'));
  });

  test('self carries the final handler\'s associated executor; the handler runs there, and that context waits for it', async () => {
    const ioc1 = new IoContext();
    const ioc2 = new IoContext();
    const order: string[] = [];
    let selfExecutor: unknown;
    let selfIoExecutor: unknown;
    let step = 0;
    asyncCompose(
      (self: ComposedOperation<[]>) => {
        if (step++ === 0) {
          selfExecutor = getAssociatedExecutor(self);
          expect(self.getExecutor()).toBe(ioc2.getExecutor());
          selfIoExecutor = self.getIoExecutor();
          post(ioc1, () => self());
        } else {
          self.complete();
        }
      },
      bindExecutor(ioc2, () => order.push(`handler on ioc2: ${ioc2.getExecutor().runningInThisThread()}`)),
      ioc1,
    );
    expect(selfExecutor).toBe(ioc2.getExecutor());
    expect(selfIoExecutor).toBe(ioc1.getExecutor());
    const run2 = ioc2.run().then(() => order.push('ioc2.run resolved'));
    await nextMacrotask();
    expect(order).toEqual([]);
    await ioc1.run();
    await run2;
    expect(order).toEqual(['handler on ioc2: true', 'ioc2.run resolved']);
  });

  test('posting self to another executor resumes the operation through the handler\'s executor (a strand)', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const inStrand: boolean[] = [];
    let step = 0;
    const p = asyncCompose(
      (self: ComposedOperation<[]>) => {
        inStrand.push(s.runningInThisThread());
        if (step++ < 2) post(ioc, self);
        else self.complete();
      },
      bindExecutor(s, useFuture),
      ioc,
    );
    await ioc.run();
    await p;
    // The initiation ran on the caller's stack; each resumption went through the strand.
    expect(inStrand).toEqual([false, true, true]);
  });

  test('without I/O objects the handler\'s own executor is the I/O executor', async () => {
    const ioc = new IoContext();
    let io: unknown;
    const p = asyncCompose(
      (self: ComposedOperation<[]>) => {
        io = self.getIoExecutor();
        self.complete();
      },
      bindExecutor(ioc, useFuture),
    );
    expect(io).toBe(ioc.getExecutor());
    await ioc.run();
    await p;
    let io2: unknown;
    asyncCompose((self: ComposedOperation<[]>) => {
      io2 = self.getIoExecutor();
      self.complete();
    }, () => undefined);
    expect(io2).toBe(systemExecutor);
  });
});

// Strand batches, as Asio's strand_executor_service: what waited runs as one batch, new arrivals
// form the next one behind other work, a batch is cut at 1,024 handlers.
import { IoContext, makeStrand, post, systemExecutor } from '@asio-ts/core';
import { gate } from './helpers/gate';

// Asio's strand_executor_service (include/asio/detail/impl/strand_executor_service.ipp, .hpp):
// the handler that finds the strand free takes its lock and posts an invoker to the inner
// executor; handlers arriving while the strand is locked go to a waiting queue, and the invoker's
// exit (on_invoker_exit) moves them to the ready queue and re-posts the invoker, behind whatever
// was queued on the inner executor meanwhile.
describe('Strand batches (Asio strand_executor_service)', () => {
  test('a handler posted to the strand from a strand handler runs after work already queued on the context', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    s.post(() => {
      order.push('A');
      s.post(() => order.push('B'));
      post(ioc.getExecutor(), () => order.push('C'));
    });
    await ioc.run();
    expect(order).toEqual(['A', 'C', 'B']);
  });

  test('handlers that arrive while the invoker is queued form the next batch, as in Asio', async () => {
    // Only the first post takes the lock; b waits, so the context handler c runs between them.
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => order.push('a'));
    post(s, () => order.push('b'));
    post(ioc, () => order.push('c'));
    post(s, () => order.push('d'));
    await ioc.run();
    expect(order).toEqual(['a', 'c', 'b', 'd']);
  });

  test('each batch is everything that waited: a batch runs without the context handlers posted during it', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      order.push('s0');
      for (let i = 1; i <= 3; i++) {
        post(s, () => {
          order.push(`s${i}`);
          post(ioc, () => order.push(`c${i}`));
        });
      }
    });
    await ioc.run();
    expect(order).toEqual(['s0', 's1', 's2', 's3', 'c1', 'c2', 'c3']);
  });

  test('over the system executor: the next batch runs after what was already posted there', async () => {
    const s = makeStrand(systemExecutor);
    const order: string[] = [];
    await new Promise<void>((resolve) => {
      s.post(() => {
        order.push('A');
        s.post(() => {
          order.push('B');
          resolve();
        });
        systemExecutor.post(() => order.push('C'));
      });
    });
    expect(order).toEqual(['A', 'C', 'B']);
  });

  test('a batch longer than 1,024 handlers is cut there: the rest follows work queued on the context meanwhile', async () => {
    // Not in Asio, whose invoker runs its whole ready queue: bounded here, as every queue is, so
    // one invoker cannot keep the host's thread for an unbounded batch.
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const order: string[] = [];
    post(s, () => {
      // One batch of 1,500, the first of which queues c on the context.
      for (let i = 0; i < 1500; i++) {
        post(s, () => {
          order.push(`s${i}`);
          if (i === 0) post(ioc, () => order.push('c'));
        });
      }
    });
    await ioc.run();
    expect(order.indexOf('c')).toBe(1024);
    expect(order.filter((x) => x !== 'c')).toEqual(Array.from({ length: 1500 }, (_, i) => `s${i}`));
  });

  test('handlers that arrive while a promise holds the strand run, in order, once it settles', async () => {
    const ioc = new IoContext();
    const s = makeStrand(ioc);
    const g = gate();
    const order: string[] = [];
    post(s, async () => {
      order.push('held');
      post(s, () => order.push('posted while held'));
      await g.promise;
      order.push('released');
    });
    post(ioc, () => {
      order.push('context');
      post(s, () => order.push('posted from the context'));
      g.open();
    });
    await ioc.run();
    expect(order).toEqual(['held', 'context', 'released', 'posted while held', 'posted from the context']);
  });
});

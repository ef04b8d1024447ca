/**
 * What happens when a handler throws, executor by executor (see docs/reliability.md, "A handler
 * that throws"). Asio's rule for io_context::run is the model: the exception leaves run(), the
 * handler that threw is gone, everything else stays queued, and calling run() again resumes.
 *
 * - IoContext: run()/runOne() reject with the error, poll()/pollOne() throw it; the queue is
 *   intact and a second call continues; the thrower's work is released (run() still returns).
 * - Strand: the exception leaves the inner executor (as above for an IoContext); the strand is
 *   not left busy, and its remaining handlers still run, in order.
 * - systemExecutor: the exception surfaces on the host as an uncaught exception (Node's
 *   'uncaughtException'); the other posted handlers still run. Checked in a child process.
 * - inlineExecutor (and systemExecutor.dispatch): the exception propagates to the caller.
 *
 * A completion handler of asyncWrite that throws is covered in
 * packages/io/test/reliability/async-write-faults.test.ts.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  setDetachedErrorReporter,
  asyncImmediate,
  dispatch,
  inlineExecutor,
  IoContext,
  makeStrand,
  makeWorkGuard,
  post,
  systemExecutor,
} from '@asio-ts/core';
import { CountingExecutor } from './counting-executor.js';

class Boom extends Error {
  constructor(what: string) {
    super(`boom: ${what}`);
    this.name = 'Boom';
  }
}

describe('IoContext: a handler that throws', () => {
  test('run() rejects with the error; the rest stays queued and a second run() continues', async () => {
    const ioc = new IoContext();
    const ran: string[] = [];
    ioc.getExecutor().post(() => ran.push('a'));
    ioc.getExecutor().post(() => {
      throw new Boom('b');
    });
    ioc.getExecutor().post(() => ran.push('c'));
    ioc.getExecutor().post(() => ran.push('d'));
    await expect(ioc.run()).rejects.toThrow(Boom);
    expect(ran).toEqual(['a']);
    expect(ioc.stopped()).toBe(false);
    await expect(ioc.run()).resolves.toBe(2);
    expect(ran).toEqual(['a', 'c', 'd']);
  });

  test('poll() throws; the rest stays queued and a second poll() continues', () => {
    const ioc = new IoContext();
    const ran: string[] = [];
    ioc.getExecutor().post(() => ran.push('a'));
    ioc.getExecutor().post(() => {
      throw new Boom('b');
    });
    ioc.getExecutor().post(() => ran.push('c'));
    expect(() => ioc.poll()).toThrow(Boom);
    expect(ran).toEqual(['a']);
    expect(ioc.poll()).toBe(1);
    expect(ran).toEqual(['a', 'c']);
  });

  test('runOne() rejects and pollOne() throws, one handler at a time', async () => {
    const ioc = new IoContext();
    const ran: string[] = [];
    ioc.getExecutor().post(() => {
      throw new Boom('1');
    });
    ioc.getExecutor().post(() => {
      throw new Boom('2');
    });
    ioc.getExecutor().post(() => ran.push('3'));
    await expect(ioc.runOne()).rejects.toThrow('boom: 1');
    expect(() => ioc.pollOne()).toThrow('boom: 2');
    expect(ioc.pollOne()).toBe(1);
    expect(ran).toEqual(['3']);
  });

  test("the thrower's work is released: run() still runs out of work and returns", async () => {
    const ioc = new IoContext();
    const ex = new CountingExecutor(ioc.getExecutor());
    post(ex, () => {
      throw new Boom('posted');
    });
    asyncImmediate(ex, () => {
      throw new Boom('immediate completion');
    });
    await expect(ioc.run()).rejects.toThrow('boom: posted');
    await expect(ioc.run()).rejects.toThrow('boom: immediate completion');
    expect(ex.outstanding).toBe(0);
    await expect(ioc.run()).resolves.toBe(0);
    expect(ioc.stopped()).toBe(true);
  });

  test('a handler dispatched inline from inside a handler throws into that handler', async () => {
    const ioc = new IoContext();
    const seen: unknown[] = [];
    post(ioc, () => {
      try {
        dispatch(ioc, () => {
          throw new Boom('inner');
        });
      } catch (e) {
        seen.push(e);
      }
    });
    await expect(ioc.run()).resolves.toBe(1);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Boom);
  });

  test('a work guard held across the throw keeps run() waiting, and reset() lets it return', async () => {
    const ioc = new IoContext();
    const guard = makeWorkGuard(ioc);
    post(ioc, () => {
      throw new Boom('guarded');
    });
    await expect(ioc.run()).rejects.toThrow(Boom);
    const running = ioc.run();
    post(ioc, () => guard.reset());
    await expect(running).resolves.toBe(1);
  });
});

describe('strand: a handler that throws', () => {
  test('the error leaves the inner executor; the strand is not left busy and the rest run in order', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const ran: string[] = [];
    strand.post(() => ran.push('a'));
    strand.post(() => {
      throw new Boom('b');
    });
    strand.post(() => ran.push('c'));
    strand.post(() => ran.push('d'));
    await expect(ioc.run()).rejects.toThrow(Boom);
    expect(ran).toEqual(['a']);
    await ioc.run();
    expect(ran).toEqual(['a', 'c', 'd']);
    // Still usable: a later handler runs, through dispatch too (after restart(): run() returned
    // because the context ran out of work, which stops it, as in Asio).
    ioc.restart();
    strand.post(() => ran.push('e'));
    post(ioc, () => strand.dispatch(() => ran.push('f')));
    await ioc.run();
    expect(ran).toEqual(['a', 'c', 'd', 'e', 'f']);
  });

  test('a handler dispatched through the strand that throws (fast path) leaves it free', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const ran: string[] = [];
    post(ioc, () => {
      expect(() =>
        strand.dispatch(() => {
          throw new Boom('dispatched');
        }),
      ).toThrow(Boom);
      strand.dispatch(() => ran.push('after'));
    });
    await ioc.run();
    expect(ran).toEqual(['after']);
  });

  test('an async handler whose promise rejects releases the strand; the next handlers run', async () => {
    const ioc = new IoContext();
    const strand = makeStrand(ioc);
    const ran: string[] = [];
    strand.post(async () => {
      ran.push('async start');
      await Promise.resolve();
      throw new Boom('async');
    });
    strand.post(() => ran.push('next'));
    const reported: Error[] = [];
    const previous = setDetachedErrorReporter((e) => reported.push(e));
    try {
      await ioc.run();
    } finally {
      setDetachedErrorReporter(previous);
    }
    expect(ran).toEqual(['async start', 'next']);
    // Nobody awaits the promise a strand handler returns: its rejection goes where detached
    // operations' errors go (setDetachedErrorReporter).
    expect(reported).toHaveLength(1);
    expect(reported[0]).toBeInstanceOf(Boom);
  });

  test('no work is left behind by a throwing strand handler', async () => {
    const ioc = new IoContext();
    const counted = new CountingExecutor(ioc.getExecutor());
    const strand = makeStrand(counted);
    strand.post(() => {
      throw new Boom('x');
    });
    strand.post(async () => {
      throw new Boom('y');
    });
    const previous = setDetachedErrorReporter(() => {});
    try {
      await expect(ioc.run()).rejects.toThrow('boom: x');
      await ioc.run();
    } finally {
      setDetachedErrorReporter(previous);
    }
    expect(counted.outstanding).toBe(0);
  });
});

describe('inlineExecutor and systemExecutor.dispatch: the exception propagates to the caller', () => {
  test.each(['post', 'dispatch', 'defer'] as const)('inlineExecutor.%s', (method) => {
    expect(() =>
      inlineExecutor[method](() => {
        throw new Boom(method);
      }),
    ).toThrow(Boom);
  });

  test('post(inlineExecutor, handler) and dispatch(systemExecutor, handler)', () => {
    expect(() =>
      post(inlineExecutor, () => {
        throw new Boom('free post');
      }),
    ).toThrow(Boom);
    expect(() =>
      systemExecutor.dispatch(() => {
        throw new Boom('system dispatch');
      }),
    ).toThrow(Boom);
  });
});

describe('systemExecutor: a posted handler that throws surfaces on the host', () => {
  // A child process, so that the uncaught exception hits a real Node process (Jest's own handlers
  // would otherwise intercept it). It runs the built package (`npm run build`; CI builds first).
  const root = join(__dirname, '..', '..', '..', '..');
  const built = existsSync(join(root, 'packages', 'core', 'dist', 'index.cjs'));

  const script = (withHandler: boolean): string => `
    const { systemExecutor, makeStrand } = require('@asio-ts/core');
    const ran = [];
    ${withHandler ? "process.on('uncaughtException', (e) => ran.push('uncaught:' + e.message));" : ''}
    process.on('exit', (code) => console.log(JSON.stringify({ ran, code })));
    systemExecutor.post(() => ran.push('a'));
    systemExecutor.post(() => { throw new Error('boom from a posted handler'); });
    systemExecutor.post(() => ran.push('c'));
    const strand = makeStrand(systemExecutor);
    strand.post(() => { throw new Error('boom from a strand handler'); });
    strand.post(() => ran.push('strand after'));
  `;

  test('is built (run `npm run build` first)', () => {
    expect(built).toBe(true);
  });

  (built ? test : test.skip)("with an 'uncaughtException' listener: it sees both errors, every other handler runs", () => {
    const out = execFileSync(process.execPath, ['-e', script(true)], { cwd: root, encoding: 'utf8' });
    const { ran, code } = JSON.parse(out.trim().split('\n').pop()!) as { ran: string[]; code: number };
    expect(code).toBe(0);
    expect(ran).toContain('uncaught:boom from a posted handler');
    expect(ran).toContain('uncaught:boom from a strand handler');
    expect(ran).toEqual(expect.arrayContaining(['a', 'c', 'strand after']));
    expect(ran.indexOf('a')).toBeLessThan(ran.indexOf('c'));
  });

  (built ? test : test.skip)('without one: the process dies with the error, as any uncaught exception would', () => {
    const r = spawnSync(process.execPath, ['-e', script(false)], { cwd: root, encoding: 'utf8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('boom from a posted handler');
  });
});

// SteadyTimer on the real host (performance.now(), setTimeout) with short timers, and in a Node
// process running the built package. The fake-clock tests are in the other steady-timer*.test.ts files.

import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  coSpawn,
  errorIs,
  errors,
  IoContext,
  spawn,
  SteadyTimer,
  SystemError,
  systemExecutor,
  useAwaitable,
  useFuture,
} from '@asio-ts/core';
import { timerQueue } from '../src/detail/timer-queue';
import { drain } from './helpers/steady-timer';

describe('SteadyTimer on the real host (performance.now, setTimeout)', () => {
  test('await ioc.run() lasts until the timer fired, and not before its expiry', async () => {
    const ioc = new IoContext();
    const start = performance.now();
    const t = new SteadyTimer(ioc, 30);
    let firedAt = 0;
    t.asyncWait((err) => {
      expect(err).toBeNull();
      firedAt = performance.now();
    });
    await ioc.run();
    expect(firedAt).toBeGreaterThanOrEqual(start + 30);
    expect(firedAt).toBeGreaterThanOrEqual(t.expiry());
  });

  test('a cancelled timer releases its work: run() returns long before the expiry', async () => {
    const ioc = new IoContext();
    const start = performance.now();
    const long = new SteadyTimer(ioc, 60_000);
    const short = new SteadyTimer(ioc, 10);
    let got: SystemError | null | undefined;
    long.asyncWait((err) => (got = err));
    short.asyncWait(() => expect(long.cancel()).toBe(1));
    await ioc.run();
    expect(errorIs(got, errors.operationAborted)).toBe(true);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(timerQueue().armed).toBe(false);
  });

  test('tokens on real timers: useFuture, deferred awaited, coSpawn + useAwaitable, spawn', async () => {
    const ioc = new IoContext();
    await new SteadyTimer(systemExecutor, 5).asyncWait(useFuture);
    await new SteadyTimer(systemExecutor, 5).asyncWait();
    const co = coSpawn(ioc, async () => {
      await new SteadyTimer(ioc, 5).asyncWait(useAwaitable);
      return 'co';
    }, useFuture);
    const sp = spawn(ioc, function* (y) {
      yield* new SteadyTimer(ioc, 5).asyncWait(y);
      return 'sp';
    }, useFuture);
    await ioc.run();
    expect(await co).toBe('co');
    expect(await sp).toBe('sp');
  });

  test('10,000 pending waits cost one setTimeout; cancelling them costs one clearTimeout', () => {
    // Nothing is pending from earlier tests, so the first wait is the one that arms.
    expect(timerQueue().armed).toBe(false);
    const set = jest.spyOn(globalThis, 'setTimeout');
    const clear = jest.spyOn(globalThis, 'clearTimeout');
    try {
      const ioc = new IoContext();
      const timers: SteadyTimer[] = [];
      for (let i = 0; i < 10_000; i++) {
        const t = new SteadyTimer(ioc, 5000);
        t.asyncWait(() => {});
        timers.push(t);
      }
      expect(set).toHaveBeenCalledTimes(1);
      expect(timerQueue().armed).toBe(true);
      for (const t of timers) t.cancel();
      expect(set).toHaveBeenCalledTimes(1);
      expect(clear).toHaveBeenCalledTimes(1);
      expect(timerQueue().armed).toBe(false);
      expect(drain(ioc)).toBe(10_000);
    } finally {
      set.mockRestore();
      clear.mockRestore();
    }
  });

  describe('in a Node process (the built package)', () => {
    const root = join(__dirname, '..', '..', '..');
    const run = (script: string): { lines: string[]; ms: number } => {
      const start = performance.now();
      const out = execFileSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 20_000 });
      return { lines: out.trim().split('\n'), ms: performance.now() - start };
    };

    test('is built with SteadyTimer (run `npm run build` first)', () => {
      expect(existsSync(join(root, 'packages', 'core', 'dist', 'index.cjs'))).toBe(true);
      expect(run(`console.log(typeof require('@asio-ts/core').SteadyTimer)`).lines).toEqual(['function']);
    });

    test('a pending wait keeps the process alive until it fires; then nothing does', () => {
      const { lines } = run(`
        const { IoContext, SteadyTimer } = require('@asio-ts/core');
        const ioc = new IoContext();
        const start = performance.now();
        new SteadyTimer(ioc, 200).asyncWait((err) => console.log('fired', err, performance.now() - start >= 200));
        ioc.run().then((n) => console.log('ran', n));
      `);
      expect(lines).toEqual(['fired null true', 'ran 1']);
    });

    test('a cancelled wait leaves no host timer behind: the process exits at once', () => {
      const { lines, ms } = run(`
        const { SteadyTimer, systemExecutor } = require('@asio-ts/core');
        const t = new SteadyTimer(systemExecutor, 60000);
        for (let i = 0; i < 1000; i++) t.asyncWait((err) => { if (i === 999) console.log(err.code); });
        console.log('cancelled', t.cancel());
      `);
      expect(lines).toEqual(['cancelled 1000', 'ECANCELED']);
      expect(ms).toBeLessThan(15_000);
    });
  });
});

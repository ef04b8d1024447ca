// coSpawn on a host without AsyncLocalStorage (browsers, some runtimes). core reads
// `globalThis.__asioTsNoAsyncLocalStorage` when it loads, so the flag is set before core is
// imported (dynamically: static imports would be hoisted above it). Every import of core below
// goes through `import()` for that reason, the helpers included.
//
// What must still work is the explicit form: the context argument's `useAwaitable` carries the
// coroutine's executor and cancellation. `thisCoro` cannot, and says what to use instead.

(globalThis as { __asioTsNoAsyncLocalStorage?: boolean }).__asioTsNoAsyncLocalStorage = true;

type Core = typeof import('@asio-ts/core');
type Ops = typeof import('./helpers/coro-ops');

let core: Core;
let ops: Ops;

beforeAll(async () => {
  core = await import('@asio-ts/core');
  ops = await import('./helpers/coro-ops');
});

afterAll(() => {
  delete (globalThis as { __asioTsNoAsyncLocalStorage?: boolean }).__asioTsNoAsyncLocalStorage;
});

beforeEach(() => {
  ops.started.count = 0;
});

describe('coSpawn without AsyncLocalStorage', () => {
  test('ctx.useAwaitable: the awaited operation inherits the executor (its handler runs on the coroutine context)', async () => {
    const { coSpawn, IoContext, systemExecutor, useFuture } = core;
    const ioc = new IoContext();
    const p = coSpawn(
      ioc,
      async (ctx) => {
        const a = await ops.asyncProbe(systemExecutor, ctx.useAwaitable);
        const b = await ops.asyncProbe(systemExecutor, ctx.useAwaitable);
        return [a, b, ctx.executor === ioc.getExecutor()] as const;
      },
      useFuture,
    );
    await ioc.run();
    const [a, b, sameExecutor] = await p;
    expect(sameExecutor).toBe(true);
    for (const i of [a, b]) {
      expect(ops.probes[i]!.executor).toBe(ioc.getExecutor());
      expect(ops.probes[i]!.deliveredInsideExecutor).toBe(true);
    }
  });

  test('ctx.useAwaitable: emitting on the slot bound to the coSpawn token aborts the awaited operation', async () => {
    const { bindCancellationSlot, CancellationSignal, CancellationType, coSpawn, errorIs, errors, IoContext, useFuture } = core;
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const log: unknown[] = [];
    const p = coSpawn(
      ioc,
      async (ctx) => {
        try {
          await ops.asyncForever(ioc, ctx.useAwaitable);
        } catch (e) {
          log.push(errorIs(e, errors.operationAborted), ctx.cancelled());
        }
        // throwIfCancelled holds for the explicit form too.
        const before = ops.started.count;
        await ops.asyncValue(ioc, 1, ctx.useAwaitable).then(null, (e: unknown) => log.push(`at once ${(e as { code: string }).code}`));
        log.push(ops.started.count - before);
        ctx.resetCancellationState();
        log.push(await ops.asyncValue(ioc, 2, ctx.useAwaitable));
        return 'done';
      },
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await ops.until(() => ops.started.count === 1, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    await expect(p).resolves.toBe('done');
    expect(log).toEqual([true, CancellationType.Terminal, 'at once ECANCELED', 0, 2]);
  });

  test('Promise.all of two ctx.useAwaitable operations: one cancellation aborts both', async () => {
    const { bindCancellationSlot, CancellationSignal, coSpawn, errorIs, errors, IoContext, useFuture } = core;
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(
      ioc,
      async (ctx) => Promise.allSettled([ops.asyncForever(ioc, ctx.useAwaitable), ops.asyncForever(ioc, ctx.useAwaitable)]),
      bindCancellationSlot(sig.slot(), useFuture),
    );
    await ops.until(() => ops.started.count === 2, ioc);
    sig.emit();
    ioc.restart();
    await ioc.run();
    const settled = await p;
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'rejected']);
    for (const s of settled) expect(errorIs((s as PromiseRejectedResult).reason, errors.operationAborted)).toBe(true);
  });

  test('thisCoro throws a TypeError that points to the context argument', async () => {
    const { coSpawn, IoContext, thisCoro, useFuture } = core;
    expect(() => thisCoro.executor).toThrow(TypeError);
    expect(() => thisCoro.current()).toThrow(/use the context argument coSpawn passes to the coroutine/);
    const ioc = new IoContext();
    const p = coSpawn(
      ioc,
      async () => {
        try {
          return thisCoro.cancelled();
        } catch (e) {
          return e;
        }
      },
      useFuture,
    );
    await ioc.run();
    const e = await p;
    expect(e).toBeInstanceOf(TypeError);
    expect((e as Error).message).toMatch(/AsyncLocalStorage/);
    expect((e as Error).message).toMatch(/context argument/);
  });

  test('the implicit useAwaitable inherits nothing here: its operation sees no executor and no slot', async () => {
    const { bindCancellationSlot, CancellationSignal, coSpawn, IoContext, systemExecutor, useAwaitable, useFuture } = core;
    const ioc = new IoContext();
    const sig = new CancellationSignal();
    const p = coSpawn(ioc, async () => ops.asyncProbe(systemExecutor, useAwaitable), bindCancellationSlot(sig.slot(), useFuture));
    await ioc.run();
    const i = await p;
    expect(ops.probes[i]!.executor).toBeUndefined();
    expect(ops.probes[i]!.slot).toBeUndefined();
  });
});

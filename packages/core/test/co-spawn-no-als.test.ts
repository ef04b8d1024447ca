// coSpawn on a host without AsyncLocalStorage (browsers, some runtimes). core reads
// `globalThis.__asioTsNoAsyncLocalStorage` when it loads, so the flag is set before core is
// imported (dynamically: static imports would be hoisted above it). Every import of core below
// goes through `import()` for that reason, the helpers included.
//
// What must still work is the explicit form: the context argument's `useAwaitable` carries the
// coroutine's executor and cancellation. `thisCoro` cannot, and says what to use instead; nor
// can the implicit `useAwaitable` once it is awaited, and it too says so rather than run an
// operation nothing could cancel.

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

  // The rule without AsyncLocalStorage: the frame is known only for the synchronous extent of the
  // coroutine's start. An `await` calls `then` on a later microtask, where no coroutine is known,
  // so the implicit useAwaitable is refused there (an operation run unbound could not be
  // cancelled); only an Awaitable that coSpawn itself subscribes to is tied to the coroutine.
  const notTied = /^useAwaitable is not tied to a coroutine here: on hosts without AsyncLocalStorage use ctx\.useAwaitable \(the coroutine context coSpawn passes to your function\)/;

  test('the implicit useAwaitable awaited inside an async coroutine body: a TypeError at the await, nothing started', async () => {
    const { asTuple, coSpawn, IoContext, systemExecutor, useAwaitable, useFuture } = core;
    const ioc = new IoContext();
    const seen: unknown[] = [];
    const p = coSpawn(
      ioc,
      async () => {
        // Even the first await: its `then` runs after the body returned to coSpawn.
        for (const token of [useAwaitable, asTuple(useAwaitable)]) {
          try {
            await ops.asyncProbe(systemExecutor, token);
          } catch (e) {
            seen.push(e);
          }
        }
        return 'caught';
      },
      useFuture,
    );
    await ioc.run();
    await expect(p).resolves.toBe('caught');
    expect(seen).toHaveLength(2);
    for (const e of seen) {
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(notTied);
    }
    expect(ops.started.count).toBe(0);
  });

  test('uncaught, it fails the coroutine with that TypeError', async () => {
    const { coSpawn, IoContext, systemExecutor, useAwaitable, useFuture } = core;
    const ioc = new IoContext();
    const p = coSpawn(ioc, async () => ops.asyncValue(systemExecutor, 1, useAwaitable), useFuture);
    await ioc.run();
    await expect(p).rejects.toThrow(notTied);
  });

  test('outside any coroutine: the same TypeError (await it with deferred or useFuture instead)', async () => {
    const { deferred, systemExecutor, useAwaitable, useFuture } = core;
    await expect((async () => await ops.asyncValue(systemExecutor, 1, useAwaitable))()).rejects.toThrow(notTied);
    await expect((async () => await ops.asyncValue(systemExecutor, 1, useAwaitable))()).rejects.toThrow(/outside a coroutine, await the operation without a token \(deferred\) or with useFuture/);
    // then() itself keeps the Promise contract: onRejected gets the TypeError, then() does not throw.
    const a = ops.asyncValue(systemExecutor, 1, useAwaitable);
    const r = a.then(() => 'fulfilled', (e: unknown) => e);
    expect(await r).toBeInstanceOf(TypeError);
    expect(ops.started.count).toBe(0);
    // What works outside a coroutine:
    await expect(ops.asyncValue(systemExecutor, 2, deferred)).resolves.toBe(2);
    await expect(ops.asyncValue(systemExecutor, 3, useFuture)).resolves.toBe(3);
  });

  test('an Awaitable given as the coroutine is tied to it: it inherits the executor and the cancellation', async () => {
    const { bindCancellationSlot, CancellationSignal, coSpawn, errorIs, errors, IoContext, systemExecutor, useAwaitable, useFuture } = core;
    const ioc = new IoContext();
    const p = coSpawn(ioc, ops.asyncProbe(systemExecutor, useAwaitable), useFuture);
    await ioc.run();
    const i = await p;
    expect(ops.probes[i]!.executor).toBe(ioc.getExecutor());
    expect(ops.probes[i]!.deliveredInsideExecutor).toBe(true);

    const sig = new CancellationSignal();
    const ioc2 = new IoContext();
    const q = coSpawn(ioc2, ops.asyncForever(ioc2, useAwaitable), bindCancellationSlot(sig.slot(), useFuture));
    await ops.until(() => ops.started.count === 2, ioc2);
    sig.emit();
    ioc2.restart();
    await ioc2.run();
    const err = await q.then(
      () => null,
      (e: unknown) => e,
    );
    expect(errorIs(err, errors.operationAborted)).toBe(true);
  });

  test('so is one returned by a plain (not async) coroutine function', async () => {
    const { coSpawn, IoContext, systemExecutor, useAwaitable, useFuture } = core;
    const ioc = new IoContext();
    const p = coSpawn(ioc, () => ops.asyncProbe(systemExecutor, useAwaitable), useFuture);
    await ioc.run();
    const i = await p;
    expect(ops.probes[i]!.executor).toBe(ioc.getExecutor());
  });
});

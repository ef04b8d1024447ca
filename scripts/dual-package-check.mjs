// Dual-package hazard check: loads @asio-ts/core twice in one process, its ESM build through
// import() and its CommonJS build through require(), plus @asio-ts/io's CommonJS build (which
// requires core's CommonJS build), and checks that objects of one copy work in the other; then
// @asio-ts/net's ESM build (on core's and io's ESM builds) driven by the CommonJS core and io
// over a real TCP connection on 127.0.0.1.
//
//   node scripts/dual-package-check.mjs [dir]
//
// `dir` is where the packages are resolved from (default: the repository root, whose
// node_modules links the workspace packages; scripts/check-packages.mjs passes a fresh project
// with the packed tarballs installed). Prints one `ok - ...` line per check; exits 1 on a failure.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const base = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), '..'));
const require = createRequire(join(base, 'package.json'));

/** import() a package's ESM build as its exports map's "import" condition names it. */
async function importEsm(name) {
  const pkgFile = require.resolve(`${name}/package.json`);
  const pkg = JSON.parse(readFileSync(pkgFile, 'utf8'));
  const target = pkg.exports['.'].import.default;
  return import(pathToFileURL(join(dirname(pkgFile), target)).href);
}

const esm = await importEsm('@asio-ts/core');
const cjs = require('@asio-ts/core');
const io = require('@asio-ts/io');
const ioEsm = await importEsm('@asio-ts/io');
const netEsm = await importEsm('@asio-ts/net');

let failures = 0;
async function check(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).replace(/\n/g, '\n  ')}`);
  }
}
function assert(cond, message) {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}
const bytes = new TextEncoder().encode('hello, dual package\n');
const tick = () => new Promise((r) => setImmediate(r));

await check('two distinct copies of core are loaded; io (CJS) uses the CJS copy', async () => {
  assert(esm.CancellationSlot !== cjs.CancellationSlot && esm.SystemError !== cjs.SystemError, 'ESM and CJS classes differ');
  let failure;
  io.asyncWrite(new io.TestStream(esm.systemExecutor, { failAt: 0 }), bytes, (err) => (failure = err));
  await tick();
  assert(failure !== undefined && Object.getPrototypeOf(failure) === cjs.SystemError.prototype, 'io makes CJS-core SystemErrors');
});

await check('an ESM CancellationSlot is a parent of a CJS CancellationState', () => {
  const signal = new esm.CancellationSignal();
  const state = new cjs.CancellationState(signal.slot());
  let inner = 0;
  state.slot().assign((t) => (inner = t));
  signal.emit(cjs.CancellationType.Terminal);
  assert(state.cancelled() === cjs.CancellationType.Terminal, 'state saw the ESM emit');
  assert(inner === esm.CancellationType.Terminal, 'and forwarded it to its child slot');
  state.detach();
  assert(!signal.slot().hasHandler(), 'detach released the ESM slot');
});

await check('instanceof CancellationSlot / CancellationSignal / CancellationState holds across copies', () => {
  const signal = new esm.CancellationSignal();
  assert(signal.slot() instanceof cjs.CancellationSlot, 'ESM slot instanceof CJS CancellationSlot');
  assert(new cjs.CancellationSignal().slot() instanceof esm.CancellationSlot, 'CJS slot instanceof ESM CancellationSlot');
  assert(signal instanceof cjs.CancellationSignal, 'ESM signal instanceof CJS CancellationSignal');
  assert(new esm.CancellationState() instanceof cjs.CancellationState, 'ESM state instanceof CJS CancellationState');
  assert(!({} instanceof cjs.CancellationSlot) && !(signal instanceof cjs.CancellationSlot), 'others are not slots');
  const cjsSlot = new cjs.CancellationSlot(signal); // a CJS slot on an ESM signal
  assert(cjsSlot.equals(signal.slot()) && signal.slot().equals(cjsSlot), 'slots of one signal are equal across copies');
  assert(!cjsSlot.equals(new esm.CancellationSignal().slot()), 'slots of different signals are not');
  assert(esm.unconnectedSlot.equals(cjs.unconnectedSlot), 'unconnected slots are equal');
  assert(cjs.getAssociatedCancellationSlot(() => {}, esm.unconnectedSlot) === esm.unconnectedSlot, 'ESM default slot accepted');
});

await check('bindCancellationSlot (ESM) + asyncWrite (io, CJS core) on a TestStream: cancelled, operationAborted', async () => {
  const ioc = new esm.IoContext();
  const stream = new io.TestStream(ioc, { mode: 'manual' });
  const signal = new esm.CancellationSignal();
  let result;
  io.asyncWrite(stream, bytes, esm.bindCancellationSlot(signal.slot(), (err, n) => (result = { err, n })));
  signal.emit(esm.CancellationType.Terminal);
  await ioc.run();
  assert(result !== undefined && result.n === 0, 'handler ran with 0 bytes');
  assert(result.err instanceof esm.SystemError && result.err instanceof cjs.SystemError, 'err instanceof both SystemErrors');
  assert(esm.errorIs(result.err, esm.errors.operationAborted) && cjs.errorIs(result.err, esm.errors.operationAborted), 'errorIs');
  // And the CJS binder with the ESM slot.
  const ioc2 = new esm.IoContext();
  const signal2 = new esm.CancellationSignal();
  let result2;
  io.asyncWrite(new io.TestStream(ioc2, { mode: 'manual' }), bytes, cjs.bindCancellationSlot(signal2.slot(), (err, n) => (result2 = { err, n })));
  signal2.emit();
  await ioc2.run();
  assert(result2 !== undefined && cjs.errorIs(result2.err, cjs.errors.operationAborted), 'CJS binder, ESM slot: aborted');
});

await check('toAbortSignal (CJS) follows an ESM CancellationSignal', () => {
  const signal = new esm.CancellationSignal();
  const abort = cjs.toAbortSignal(signal);
  signal.emit();
  assert(abort.aborted && abort.reason instanceof esm.SystemError, 'aborted with a SystemError');
});

await check('executors of one copy are accepted by the other', async () => {
  const ioc = new esm.IoContext();
  const strand = esm.makeStrand(ioc);
  for (const ex of [ioc.getExecutor(), strand, esm.systemExecutor, esm.inlineExecutor]) {
    assert(cjs.isExecutor(ex) && ex[Symbol.for('asio-ts.executor')] === true, 'branded, and the CJS copy knows the brand');
  }
  assert(esm.isExecutor(cjs.makeStrand(new cjs.IoContext())), 'and the other way');
  assert(new cjs.IoContextExecutor(ioc).context() === ioc, 'a CJS IoContextExecutor over an ESM IoContext');
  const order = [];
  cjs.post(ioc, () => order.push('post on context'));
  cjs.post(strand, () => order.push('post on strand'));
  cjs.dispatch(cjs.bindExecutor(strand, () => order.push('bound handler')));
  const stream = new io.TestStream(ioc);
  io.asyncWrite(stream, bytes, esm.bindExecutor(strand, (err, n) => order.push(`write ${n} ${strand.runningInThisThread()}`)));
  await ioc.run();
  assert(order.join('|') === `post on context|post on strand|bound handler|write ${bytes.length} true`, order.join('|'));
});

await check('token objects of one copy are accepted by asyncInitiate of the other', async () => {
  const init = (h, v) => setImmediate(() => h(null, v));
  assert((await cjs.asyncInitiate(init, esm.useFuture, 7)) === 7, 'CJS asyncInitiate, ESM useFuture');
  assert((await esm.asyncInitiate(init, cjs.useFuture, 8)) === 8, 'ESM asyncInitiate, CJS useFuture');
  const [err, v] = await cjs.asyncInitiate(init, esm.asTuple(cjs.useFuture), 9);
  assert(err === null && v === 9, 'CJS asyncInitiate, ESM asTuple of a CJS useFuture');
  const op = cjs.asyncInitiate(init, esm.deferred, 10);
  assert((await op(esm.useFuture)) === 10, 'ESM deferred, launched later');
  const stream = new io.TestStream(new esm.IoContext());
  const writing = io.asyncWrite(stream, bytes, esm.useFuture);
  await stream.getExecutor().context().run();
  assert((await writing) === bytes.length, 'io (CJS) asyncWrite with the ESM useFuture');
  const failing = new io.TestStream(esm.systemExecutor, { failAt: 3 });
  const e = await io.asyncWrite(failing, bytes, esm.useFuture).then(() => null, (x) => x);
  assert(e instanceof esm.SystemError && esm.errorIs(e, esm.errors.brokenPipe), 'its rejection is an ESM-instanceof SystemError');
});

await check('coSpawn (ESM) awaiting io (CJS) operations with useAwaitable (ESM)', async () => {
  const ioc = new esm.IoContext();
  const stream = new io.TestStream(ioc, { maxWriteSize: 4 });
  const done = esm.coSpawn(ioc, async () => (await io.asyncWrite(stream, bytes, esm.useAwaitable)) * 2, esm.useFuture);
  await ioc.run();
  assert((await done) === 2 * bytes.length, 'result');
});

await check('SystemError: instanceof and errorIs across copies; subclasses stay sane', () => {
  const a = esm.makeError(esm.errors.eof, 'detail');
  const b = new cjs.SystemError(cjs.errors.eof);
  assert(a instanceof cjs.SystemError && b instanceof esm.SystemError, 'instanceof both ways');
  assert(a instanceof Error && b instanceof Error, 'still Errors');
  assert(cjs.errorIs(a, esm.errors.eof) && esm.errorIs(b, cjs.errors.eof) && !cjs.errorIs(a, esm.errors.brokenPipe), 'errorIs');
  assert(cjs.fromNodeError(a) === a, 'fromNodeError keeps another copy\'s SystemError');
  class MyError extends esm.SystemError {}
  const mine = new MyError(esm.errors.eof);
  assert(mine instanceof MyError && mine instanceof esm.SystemError && mine instanceof cjs.SystemError, 'subclass instance');
  assert(!(a instanceof MyError) && !(b instanceof MyError), 'a plain SystemError is not a MyError');
  assert(!(new Error('x') instanceof esm.SystemError) && !(null instanceof esm.SystemError) && !('x' instanceof cjs.SystemError), 'non-SystemErrors');
  assert(!(Object.assign(new Error('x'), { code: 'EOF', value: 2 }) instanceof cjs.SystemError), 'look-alikes are not SystemErrors');
});

await check('io ESM and io CJS: a ByteVector of one copy backs a dynamic buffer of the other', () => {
  const vec = new ioEsm.ByteVector();
  assert(vec instanceof io.ByteVector, 'instanceof across copies');
  const buf = io.dynamicBuffer(vec);
  buf.prepare(3).set([1, 2, 3]);
  buf.commit(3);
  assert(vec.length === 3, 'the ESM vector grew');
});

await check('net (ESM) on a CJS IoContext: accept, connect, io (CJS) asyncWrite, a CJS-slot cancel, SystemErrors of both copies', async () => {
  const { tcp } = netEsm;
  const ioc = new cjs.IoContext();
  const acceptor = new tcp.Acceptor(ioc, new tcp.Endpoint('127.0.0.1', 0));
  assert(acceptor.getExecutor().context() === ioc && cjs.isExecutor(acceptor.getExecutor()), 'the ESM acceptor took the CJS context (executor brand)');
  const client = new tcp.Socket(ioc.getExecutor());
  const accepting = acceptor.asyncAccept(cjs.useFuture);
  const connecting = new Promise((resolve) => client.asyncConnect(acceptor.localEndpoint(), resolve));
  const cancelled = new cjs.CancellationSignal();
  let written;
  let read;
  const guard = cjs.makeWorkGuard(ioc); // keeps run() going between the steps below
  const running = ioc.run();
  const [server, connectError] = await Promise.all([accepting, connecting]);
  assert(connectError === null, `connected (${connectError})`);
  assert(server instanceof tcp.Socket && server.getExecutor().context() === ioc, 'accepted on the CJS context');
  io.asyncWrite(client, bytes, (err, n) => (written = { err, n }));
  const buf = new Uint8Array(bytes.length);
  io.asyncRead(server, buf, (err, n) => (read = { err, n }));
  // A read that the CJS signal cancels (through the ESM socket's slot handling); the bytes after it are kept.
  await new Promise((r) => setTimeout(r, 50));
  let aborted;
  server.asyncReadSome(new Uint8Array(4), cjs.bindCancellationSlot(cancelled.slot(), (err, n) => (aborted = { err, n })));
  cancelled.emit(cjs.CancellationType.Terminal);
  await new Promise((r) => setTimeout(r, 20));
  assert(!cancelled.slot().hasHandler(), 'the socket released the CJS slot');
  const port = acceptor.localEndpoint().port;
  acceptor.close();
  const refused = new tcp.Socket(ioc);
  const refusal = await new Promise((resolve) => refused.asyncConnect(new tcp.Endpoint('127.0.0.1', port), resolve));
  client.close();
  server.close();
  refused.close();
  guard.reset();
  await running;
  assert(written?.err === null && written.n === bytes.length, 'io (CJS) asyncWrite on the ESM socket wrote every byte');
  assert(read?.err === null && read.n === bytes.length && Buffer.from(buf).equals(Buffer.from(bytes)), 'io (CJS) asyncRead on the ESM socket read them');
  assert(aborted !== undefined && aborted.n === 0, 'the cancelled read completed with 0 bytes');
  assert(aborted.err instanceof cjs.SystemError && aborted.err instanceof esm.SystemError, 'its error is a SystemError of both copies');
  assert(cjs.errorIs(aborted.err, cjs.errors.operationAborted), 'operationAborted (CJS errorIs, CJS constant)');
  assert(refusal instanceof cjs.SystemError && cjs.errorIs(refusal, cjs.errors.connectionRefused), 'a connect to the closed port: connectionRefused, a CJS-instanceof SystemError');
});

await check('cancelAfter / cancelAt (CJS) take an ESM SteadyTimer as the timeout', async () => {
  const timeout = new esm.SteadyTimer(esm.systemExecutor);
  assert(timeout instanceof cjs.SteadyTimer && !({} instanceof cjs.SteadyTimer), 'instanceof holds across copies');
  const got = [];
  const record = (err) => got.push(err?.code ?? 'ok');
  new cjs.SteadyTimer(cjs.systemExecutor, 60_000).asyncWait(cjs.cancelAfter(timeout, 1, record));
  new cjs.SteadyTimer(cjs.systemExecutor, 60_000).asyncWait(cjs.cancelAt(new esm.SteadyTimer(esm.systemExecutor), esm.SteadyTimer.now() + 1, record));
  await new Promise((r) => setTimeout(r, 30));
  assert(got.join() === 'ECANCELED,ECANCELED', `both timed out (${got.join()})`);
});

if (failures > 0) {
  console.log(`${failures} dual-package check(s) failed`);
  process.exit(1);
}
console.log('dual-package checks passed');

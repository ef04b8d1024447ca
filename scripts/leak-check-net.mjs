// The network part of the leak check (scripts/leak-check.mjs runs it; alone:
// `node --expose-gc scripts/leak-check-net.mjs [cycles]`), against the BUILT packages.
//
// `cycles` (default 100,000) connect/echo/close cycles on 127.0.0.1, asio-ts on both ends: a
// tcp.Acceptor whose accept handler re-arms itself and echoes each accepted tcp.Socket
// (asyncReadSome + io's asyncWrite) until eof, then closes it; clients (tcp.Socket) that connect,
// write 64 bytes, read the 64 echoed bytes back with io's asyncRead and close. `concurrency`
// cycles run at once (the ephemeral ports in TIME_WAIT are reused on loopback). Everything runs
// on one IoContext. Afterwards:
//
// - every cycle completed once, with the right bytes; the server closed as many sockets;
// - with the acceptor closed, the IoContext's run() returned (no work left) and a second run()
//   finds no handler;
// - process.getActiveResourcesInfo() shows no more sockets, servers or timers than before the
//   check (the handles Node closes asynchronously get up to 5 s to go);
// - the heap, after GC, is back within 5 MB of what it was after a warm-up.
import { IoContext } from '@asio-ts/core';
import { asyncRead, asyncWrite } from '@asio-ts/io';
import { tcp } from '@asio-ts/net';

const heapToleranceBytes = 5 * 1024 * 1024;
const watched = ['TCPSocketWrap', 'TCPServerWrap', 'TCPWrap', 'Timeout', 'Immediate', 'PipeWrap'];

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
const tick = () => new Promise((r) => setImmediate(r));

function collect() {
  for (let i = 0; i < 4; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/** Counts of the resource types above that are active now. */
function resources() {
  const counts = Object.fromEntries(watched.map((t) => [t, 0]));
  for (const r of process.getActiveResourcesInfo()) if (r in counts) counts[r]++;
  return counts;
}

function extraResources(now, base) {
  return watched.filter((t) => now[t] > base[t]).map((t) => `${t} ${base[t]} -> ${now[t]}`);
}

/** Echo on `socket` until eof, then close it. */
function echo(socket, stats, fail) {
  const buf = new Uint8Array(256);
  const read = () =>
    socket.asyncReadSome(buf, (err, n) => {
      if (err !== null) {
        if (err.code !== 'EOF') fail(`server read: ${err.message}`);
        socket.close();
        stats.serverClosed++;
        return;
      }
      asyncWrite(socket, buf.subarray(0, n), (werr) => {
        if (werr !== null) {
          fail(`server write: ${werr.message}`);
          socket.close();
          return;
        }
        read();
      });
    });
  read();
}

/** Run `count` cycles, `concurrency` at once, on a listening acceptor; resolves when all are done. */
function cycles(ioc, endpoint, count, concurrency, stats, fail) {
  const request = new Uint8Array(64).map((_, i) => i);
  return new Promise((resolve) => {
    let started = 0;
    let finished = 0;
    const one = () => {
      started++;
      const socket = new tcp.Socket(ioc);
      const reply = new Uint8Array(64);
      const done = (problem) => {
        if (problem !== undefined) fail(problem);
        socket.close();
        stats.clientCycles++;
        if (++finished === count) resolve();
        else if (started < count) one();
      };
      socket.asyncConnect(endpoint, (err) => {
        if (err !== null) return done(`connect: ${err.message}`);
        asyncWrite(socket, request, (werr, wn) => {
          if (werr !== null || wn !== 64) return done(`client write: ${werr?.message ?? wn}`);
          asyncRead(socket, reply, (rerr, rn) => {
            if (rerr !== null || rn !== 64) return done(`client read: ${rerr?.message ?? rn}`);
            done(reply.every((b, i) => b === request[i]) ? undefined : 'echoed bytes differ');
          });
        });
      });
    };
    for (let i = 0; i < Math.min(concurrency, count); i++) one();
  });
}

/**
 * Run the check. Returns `{ line, problems }`: one summary line and the leaks found (strings).
 */
export async function netLeakCheck(count = 100_000, { concurrency = 8, warmup = 2_000 } = {}) {
  const problems = [];
  const fail = (p) => {
    if (problems.length < 20) problems.push(p);
  };
  const baseResources = resources();
  const ioc = new IoContext();
  const acceptor = new tcp.Acceptor(ioc, new tcp.Endpoint('127.0.0.1', 0));
  const endpoint = acceptor.localEndpoint();
  const stats = { clientCycles: 0, serverClosed: 0, accepted: 0 };
  const accept = () =>
    acceptor.asyncAccept((err, socket) => {
      if (err !== null) {
        if (err.code !== 'ECANCELED') fail(`accept: ${err.message}`);
        return;
      }
      stats.accepted++;
      accept();
      echo(socket, stats, fail);
    });
  accept();
  const running = ioc.run();

  await cycles(ioc, endpoint, warmup, concurrency, stats, fail);
  const before = collect();
  const started = performance.now();
  await cycles(ioc, endpoint, count, concurrency, stats, fail);
  const seconds = (performance.now() - started) / 1000;
  // The server closes its side once it reads eof: wait for the last ones.
  for (let i = 0; i < 1000 && stats.serverClosed < stats.accepted; i++) await tick();
  acceptor.close();
  await running;
  ioc.restart();
  const leftover = await ioc.run();

  let now = resources();
  for (let i = 0; i < 500 && extraResources(now, baseResources).length > 0; i++) {
    await new Promise((r) => setTimeout(r, 10));
    now = resources();
  }
  const after = collect();

  const total = warmup + count;
  if (stats.clientCycles !== total) problems.push(`net: ${stats.clientCycles} client cycles completed, expected ${total}`);
  if (stats.accepted !== total) problems.push(`net: ${stats.accepted} connections accepted, expected ${total}`);
  if (stats.serverClosed !== total) problems.push(`net: the server closed ${stats.serverClosed} sockets, expected ${total}`);
  if (leftover !== 0) problems.push(`net: ${leftover} handler(s) still queued`);
  for (const extra of extraResources(now, baseResources)) problems.push(`net: active resources left: ${extra}`);
  if (after - before > heapToleranceBytes) problems.push(`net: heap grew by ${mb(after - before)} (tolerance ${mb(heapToleranceBytes)})`);
  const active = watched.map((t) => `${t}=${now[t]}`).join(' ');
  const line =
    `leak-check net            cycles=${count} (+${warmup} warm-up, ${concurrency} at once) time=${seconds.toFixed(2)}s ` +
    `(${Math.round(count / seconds)} cycles/s) accepted=${stats.accepted} serverClosed=${stats.serverClosed} ` +
    `leftoverHandlers=${leftover} active after: ${active} heap ${mb(before)} -> ${mb(after)} (growth ${mb(after - before)})`;
  return { line, problems, cycles: stats.clientCycles - warmup };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (typeof globalThis.gc !== 'function') {
    console.error('leak-check-net: run with `node --expose-gc scripts/leak-check-net.mjs`');
    process.exit(2);
  }
  const { line, problems } = await netLeakCheck(Number(process.argv[2] ?? 100_000));
  console.log(line);
  for (const p of problems) console.error(`leak-check: LEAK ${p}`);
  console.log(`leak-check net: leaks found: ${problems.length}`);
  process.exit(problems.length === 0 ? 0 : 1);
}

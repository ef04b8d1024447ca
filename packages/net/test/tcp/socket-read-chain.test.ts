/**
 * A chain of tcp.Socket reads, each started by the handler of the one before, smaller than the
 * chunks a real peer (CPython, `fixtures/script-peer.py`) sends: the reads a chunk straddles take
 * its rest once their initiating call returned, before work queued meanwhile (no queue hop per
 * read), never inside their call, every byte once and in order; a handler that throws still
 * leaves the read it started its bytes.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { systemExecutor, useFuture } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { startScriptPeer, type Step } from '../helpers/script-peer.js';

const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

async function connected(steps: readonly Step[], body: (socket: tcp.Socket) => Promise<void>): Promise<void> {
  const peer = await startScriptPeer(steps);
  const socket = new tcp.Socket(systemExecutor);
  try {
    await socket.asyncConnect(new tcp.Endpoint('127.0.0.1', peer.port), useFuture);
    await body(socket);
    await peer.done;
  } finally {
    socket.close();
    peer.kill();
  }
}

describe('a chain of reads smaller than a chunk', () => {
  test('the reads of one chunk complete one after another, before what their handlers posted', () =>
    connected([{ send: 'a'.repeat(400) + 'b'.repeat(400) + 'c'.repeat(200) }, { close: true }], async (socket) => {
      const log: string[] = [];
      let got = '';
      let initiating = false;
      await new Promise<void>((resolve, reject) => {
        const buf = new Uint8Array(400);
        const onRead = (err: unknown, n: number): void => {
          if (initiating) reject(new Error('a handler ran inside its initiating call'));
          if (err !== null) return resolve();
          got += text(buf.subarray(0, n));
          log.push(`read ${n}`);
          systemExecutor.post(() => log.push('posted'));
          initiating = true;
          socket.asyncReadSome(buf, onRead);
          initiating = false;
        };
        socket.asyncReadSome(buf, onRead);
      });
      expect(got).toBe('a'.repeat(400) + 'b'.repeat(400) + 'c'.repeat(200));
      // One 1,000-byte chunk: three reads from it, then the functions their handlers posted.
      expect(log.slice(0, 6)).toEqual(['read 400', 'read 400', 'read 200', 'posted', 'posted', 'posted']);
    }), 20_000);

  // A child process, so that the handler's exception reaches a real Node process as an uncaught
  // exception (Jest would intercept it). It runs the built packages (CI builds first).
  test('a handler that throws after starting a read: that read still gets the rest of the chunk', () => {
    const root = join(__dirname, '..', '..', '..', '..');
    const script = `
      const net = require('node:net');
      const { systemExecutor } = require('@asio-ts/core');
      const { tcp } = require('@asio-ts/net');
      const seen = [];
      process.on('uncaughtException', (e) => seen.push('uncaught ' + e.message));
      const server = net.createServer((peer) => peer.end('x'.repeat(300) + 'y'.repeat(200)));
      server.listen(0, '127.0.0.1', () => {
        const socket = new tcp.Socket(systemExecutor);
        socket.asyncConnect(new tcp.Endpoint('127.0.0.1', server.address().port), (err) => {
          if (err) throw err;
          const first = new Uint8Array(300);
          const rest = new Uint8Array(500);
          socket.asyncReadSome(first, (e1, n1) => {
            seen.push('first ' + n1 + ' ' + Buffer.from(first.subarray(0, n1)).toString());
            socket.asyncReadSome(rest, (e2, n2) => {
              seen.push('second ' + String(e2) + ' ' + Buffer.from(rest.subarray(0, n2)).toString());
              socket.close();
              server.close();
              console.log(JSON.stringify(seen));
            });
            throw new Error('handler failed');
          });
        });
      });
    `;
    const r = spawnSync(process.execPath, ['-e', script], { cwd: root, encoding: 'utf8', timeout: 30_000 });
    const last = r.stdout.trim().split('\n').pop() ?? '';
    // Compared whole, so that a failure shows the child's exit status and error output too.
    expect({ status: r.status, last, stderr: r.stderr }).toEqual({
      status: 0,
      last: JSON.stringify([`first 300 ${'x'.repeat(300)}`, 'uncaught handler failed', `second null ${'y'.repeat(200)}`]),
      stderr: '',
    });
  });
});

// Accept rate: 20,000 connect + accept + close cycles on 127.0.0.1, 4 at once. The clients are
// the same on both sides (raw net.connect, each cycle ends with the client's 'close'); the server
// differs. Ours: a tcp.Acceptor whose accept handler closes the accepted tcp.Socket and starts the
// next asyncAccept. Baseline: a raw net.Server whose 'connection' listener destroys the socket.
// Whole runs, alternating; the figure is cycles per second.
import net from 'node:net';
import { once } from 'node:events';
import { systemExecutor } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';

const inFlight = 4;
// wholePair reports 10^6 units per second: a run returns cycles × 10^6.
const perSecond = 1e6;

/** `count` client cycles against `port`, `inFlight` at once; resolves once every client closed. */
function cycles(port, count) {
  return new Promise((resolve, reject) => {
    let started = 0;
    let closed = 0;
    const one = () => {
      started++;
      const c = net.connect(port, '127.0.0.1');
      c.on('error', (e) => {
        if (e.code !== 'ECONNRESET') reject(e);
      });
      c.on('close', () => {
        if (++closed === count) resolve(count * perSecond);
        else if (started < count) one();
      });
    };
    for (let i = 0; i < Math.min(inFlight, count); i++) one();
  });
}

function oursServer() {
  const acceptor = new tcp.Acceptor(systemExecutor, new tcp.Endpoint('127.0.0.1', 0));
  const accept = () =>
    acceptor.asyncAccept((err, socket) => {
      if (err !== null) return; // operationAborted at teardown
      socket.close();
      accept();
    });
  accept();
  return { port: acceptor.localEndpoint().port, close: () => acceptor.close() };
}

async function rawServer() {
  const server = net.createServer((s) => s.destroy());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { port: server.address().port, close: () => server.close() };
}

export default {
  id: 'accept-rate',
  title: 'Accept rate',
  kind: 'whole',
  unit: 'ops/s', // cycles per second
  target: 0.9,
  async setup({ quick }) {
    const count = quick ? 200 : 20_000;
    const warm = Math.max(50, count >> 4);
    const ours = oursServer();
    const raw = await rawServer();
    return {
      variants: [
        {
          name: `${count.toLocaleString('en-US')} connect + accept + close, ${inFlight} at once, tcp.Acceptor.asyncAccept`,
          baselineLabel: "net.Server 'connection' + destroy",
          ours: () => cycles(ours.port, count),
          baseline: () => cycles(raw.port, count),
          warmupOurs: () => cycles(ours.port, warm),
          warmupBaseline: () => cycles(raw.port, warm),
        },
      ],
      teardown() {
        ours.close();
        raw.close();
      },
    };
  },
};

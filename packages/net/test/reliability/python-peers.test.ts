/**
 * 32 MB each way between asio-ts and CPython's socket module, at the same time, in random chunk
 * and read sizes on both sides, SHA-256 checked: once with Python as the server (asio-ts
 * connects), once with Python as the client (asio-ts accepts). Proves the read path loses,
 * duplicates and reorders nothing under backpressure (both sides' buffers fill: neither side
 * reads faster than it writes), that one read and one write run independently, and that
 * `shutdown('send')` delivers eof after the last byte.
 */
import { IoContext, useFuture } from '@asio-ts/core';
import { tcp } from '@asio-ts/net';
import { exchange } from '../helpers/exchange.js';
import { randomBytes, sha256, startPeer } from '../helpers/peers.js';

const size = 32 * 1024 * 1024;

interface PeerReport {
  sent: number;
  sentSha256: string;
  received: number;
  receivedSha256: string;
}

test('asio-ts client, Python server: 32 MB both ways, SHA-256 equal', async () => {
  const peer = startPeer('exchange-server', { bytes: size, seed: 11, 'max-chunk': 200_000 });
  try {
    const { port } = await peer.next<{ port: number }>();
    const ioc = new IoContext();
    const socket = new tcp.Socket(ioc);
    await Promise.all([socket.asyncConnect(new tcp.Endpoint('127.0.0.1', port), useFuture), ioc.run()]);
    const data = randomBytes(size);
    ioc.restart();
    const [mine] = await Promise.all([exchange(ioc, socket, data, 5), ioc.run()]);
    const theirs = await peer.next<PeerReport>();
    socket.close();
    expect(mine.written).toBe(size);
    expect(theirs.received).toBe(size);
    expect(theirs.receivedSha256).toBe(sha256(data));
    expect(mine.received).toBe(theirs.sent);
    expect(mine.receivedSha256).toBe(theirs.sentSha256);
  } finally {
    await peer.stop();
  }
}, 60_000);

test('Python client, asio-ts acceptor: 32 MB both ways, SHA-256 equal', async () => {
  const ioc = new IoContext();
  const acceptor = new tcp.Acceptor(ioc, new tcp.Endpoint('127.0.0.1', 0));
  const peer = startPeer('exchange-client', { port: acceptor.localEndpoint().port, bytes: size, seed: 12, 'max-chunk': 100_000 });
  try {
    const [socket] = await Promise.all([acceptor.asyncAccept(useFuture), ioc.run()]);
    expect(socket.remoteEndpoint().address).toBe('127.0.0.1');
    const data = randomBytes(size);
    ioc.restart();
    const [mine] = await Promise.all([exchange(ioc, socket, data, 9, 64 * 1024), ioc.run()]);
    const theirs = await peer.next<PeerReport>();
    socket.close();
    expect(mine.written).toBe(size);
    expect(theirs.received).toBe(size);
    expect(theirs.receivedSha256).toBe(sha256(data));
    expect(mine.received).toBe(theirs.sent);
    expect(mine.receivedSha256).toBe(theirs.sentSha256);
  } finally {
    acceptor.close();
    await peer.stop();
  }
}, 60_000);

/** Small helpers of the tcp.Acceptor tests. */
import { once } from 'node:events';
import * as net from 'node:net';
import { tcp } from '@asio-ts/net';

export const loopback = (port = 0): tcp.Endpoint => new tcp.Endpoint('127.0.0.1', port);

export function connectClient(port: number, host = '127.0.0.1'): Promise<net.Socket> {
  const client = net.connect(port, host);
  client.on('error', () => {});
  return once(client, 'connect').then(() => client);
}

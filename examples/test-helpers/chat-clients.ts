// Chat clients for the chat servers' tests: a Node client that reads lines, and a Python 3
// client (`python3 -c`) that sends its lines and reads until it has seen a given number.
import type { Socket } from 'node:net';
import { connect, python } from './peers';

export interface LineClient {
  readonly socket: Socket;
  /** Every line received so far, without its '\n'. */
  readonly lines: string[];
  /** Resolves once `count` lines in all have been received (rejects if the connection closes first). */
  received(count: number): Promise<string[]>;
  /** Resolves once the server closed the connection. */
  readonly closed: Promise<void>;
  /** Send `text`, split at random points into several writes. */
  send(text: string): void;
}

export async function lineClient(port: number): Promise<LineClient> {
  const socket = await connect(port);
  const lines: string[] = [];
  let partial = '';
  let waiter: (() => void) | null = null;
  socket.setEncoding('latin1');
  socket.on('data', (d: string) => {
    const parts = (partial + d).split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
    waiter?.();
  });
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  return {
    socket,
    lines,
    closed,
    received: (count) =>
      new Promise((resolve, reject) => {
        const check = (): void => {
          if (lines.length >= count) {
            waiter = null;
            resolve(lines.slice(0, count));
          }
        };
        waiter = check;
        check();
        void closed.then(() => reject(new Error(`closed after ${lines.length} of ${count} lines: ${JSON.stringify(lines.slice(-3))}`)));
      }),
    send(text) {
      for (let at = 0; at < text.length; ) {
        const n = 1 + Math.floor(Math.random() * 40);
        socket.write(text.slice(at, at + n), 'latin1');
        at += n;
      }
    },
  };
}

const pythonChat = `
import json, socket, sys
port, count, lines = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
s = socket.create_connection(('127.0.0.1', port), timeout=15)
s.sendall(''.join(l + '\\n' for l in lines).encode('latin-1'))
got = b''
while got.count(b'\\n') < count:
    chunk = s.recv(4096)
    if not chunk: break
    got += chunk
s.close()
print(json.dumps(got.decode('latin-1').split('\\n')[:count]))
`;

/** A Python client: sends `lines` at once, reads until it has `count` lines, prints them. */
export function pythonChatClient(port: number, count: number, lines: readonly string[]): Promise<string[]> {
  return python<string[]>(pythonChat, [String(port), String(count), ...lines]);
}

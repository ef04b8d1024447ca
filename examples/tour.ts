// `npm start`: run every example in turn.
import { main as tokens } from './tokens';
import { main as writeFile } from './write-file';
import { main as tcpMessage } from './tcp-message';
import { main as echo } from './echo';
import { main as cancellation } from './cancellation';
import { main as pipeline } from './pipeline';
import { main as timeout } from './timeout';
import { main as lineProtocol } from './line-protocol';
import { main as echoServer } from './echo-server';
import { main as chatServer } from './chat-server';
import { main as chatFanout } from './chat-fanout';
import { main as httpAsyncClient } from './http-async-client';
import { main as timeoutsClient } from './timeouts-client';

const examples: Array<[string, () => Promise<void>]> = [
  ['Every token kind with asyncWrite', () => tokens()],
  ['Writing a file with each token kind', () => writeFile()],
  ['A TCP message with each token kind', () => tcpMessage()],
  ['The coSpawn echo server', () => echo()],
  ['Cancellation', () => cancellation()],
  ['A pipeline of bounded channels', () => pipeline()],
  ['A request with a timeout (awaitAny)', () => timeout()],
  ['A line protocol with asyncReadUntil', () => lineProtocol()],
  ["Asio's cpp20 echo_server.cpp on tcp.Acceptor", () => echoServer()],
  ["Asio's cpp20 chat_server.cpp: a writer woken by a timer", () => chatServer()],
  ['The chat server with a WriteQueue per session', () => chatFanout()],
  ["Asio's http/client/async_client.cpp", () => httpAsyncClient()],
  ["Asio's timeouts/async_tcp_client.cpp", () => timeoutsClient()],
];

async function tour(): Promise<void> {
  for (const [title, run] of examples) {
    console.log(`\n== ${title}`);
    await run();
  }
  console.log('\nTour complete.');
}

tour().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});

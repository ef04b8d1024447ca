// The port of Asio's cpp20 chat_server.cpp (a writer coroutine woken by a timer) against real
// peers: Node net clients and a Python 3 client; SIGTERM on the built example in a child process.
import { main, start } from './chat-server';
import { chatServerTests, distScript, socketWritesFor } from './test-helpers/chat-suite';

chatServerTests(start, main, distScript('chat-server'));

test('the writer coroutine makes one socket write per message per session', async () => {
  const { writes, delivered } = await socketWritesFor(start, 4, 200);
  expect(writes).toBe(delivered);
});

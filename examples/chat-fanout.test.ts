// The chat server with a WriteQueue per session (chat-fanout.ts) passes the same tests as the
// port of Asio's chat_server.cpp: Node net clients, a Python 3 client, SIGTERM in a child.
import { main, start } from './chat-fanout';
import { chatServerTests, distScript, socketWritesFor } from './test-helpers/chat-suite';

chatServerTests(start, main, distScript('chat-fanout'));

test('the WriteQueue gathers the messages queued while a write is in flight: far fewer socket writes than messages', async () => {
  const { writes, delivered } = await socketWritesFor(start, 4, 200);
  expect(writes).toBeGreaterThanOrEqual(4);
  expect(writes).toBeLessThan(delivered / 2);
});

// The chat server with a WriteQueue per session (chat-fanout.ts) passes the same tests as the
// port of Asio's chat_server.cpp: Node net clients, a Python 3 client, SIGTERM in a child.
import { main, start } from './chat-fanout';
import { chatServerTests, distScript } from './test-helpers/chat-suite';

chatServerTests(start, main, distScript('chat-fanout'));

// The port of Asio's cpp20 chat_server.cpp (a writer coroutine woken by a timer) against real
// peers: Node net clients and a Python 3 client; SIGTERM on the built example in a child process.
import { main, start } from './chat-server';
import { chatServerTests, distScript } from './test-helpers/chat-suite';

chatServerTests(start, main, distScript('chat-server'));

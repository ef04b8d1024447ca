// Asio's src/examples/cpp20/coroutines/chat_server.cpp, ported line by line: each session runs
// a reader coroutine (asyncReadUntil up to '\n') and a writer coroutine that sleeps on a timer
// set never to expire; deliver() queues the message and wakes the writer with cancelOne().
// chat-fanout.ts is the same server with a WriteQueue in place of the writer and its timer.
// docs/porting.md ("Asio's examples, side by side") lists what differs and why.
//
//   node examples/dist/chat-server.js <port> [<port> ...]   (on 127.0.0.1, or $CHAT_ADDRESS)
import { coSpawn, detached, redirectError, SteadyTimer, useAwaitable, type ErrorRef } from '@asio-ts/core';
import { asyncReadUntil, asyncWrite, buffer, dynamicStringBuffer, type StringRef } from '@asio-ts/io';
import type { tcp } from '@asio-ts/net';
import { ChatRoom, type ChatMessage, type ChatParticipant } from './chat-room';
import { runChatScript, startChat, tourChat, type ChatServer, type ChatServerOptions } from './chat-host';
import type { OpenObjects } from './open-objects';

class ChatSession implements ChatParticipant {
  readonly #socket: tcp.Socket;
  readonly #timer: SteadyTimer;
  readonly #room: ChatRoom;
  readonly #writeMsgs: ChatMessage[] = [];

  constructor(socket: tcp.Socket, room: ChatRoom) {
    this.#socket = socket;
    this.#timer = new SteadyTimer(socket.getExecutor());
    this.#room = room;
    this.#timer.expiresAt(Infinity);
  }

  start(): void {
    this.#room.join(this);

    coSpawn(this.#socket.getExecutor(), () => this.#reader(), detached);

    coSpawn(this.#socket.getExecutor(), () => this.#writer(), detached);
  }

  deliver(msg: ChatMessage): void {
    this.#writeMsgs.push(msg);
    this.#timer.cancelOne();
  }

  async #reader(): Promise<void> {
    try {
      for (const readMsg: StringRef = { value: '' }; ; ) {
        const n = await asyncReadUntil(this.#socket, dynamicStringBuffer(readMsg, 1024), '\n', useAwaitable);

        // The bytes read are one char per byte: 'latin1' gives them back unchanged.
        this.#room.deliver(Buffer.from(readMsg.value.slice(0, n), 'latin1'));
        readMsg.value = readMsg.value.slice(n);
      }
    } catch {
      this.#stop();
    }
  }

  async #writer(): Promise<void> {
    try {
      while (this.#socket.isOpen()) {
        if (this.#writeMsgs.length === 0) {
          const ec: ErrorRef = { error: null };
          await this.#timer.asyncWait(redirectError(useAwaitable, ec));
        } else {
          await asyncWrite(this.#socket, buffer(this.#writeMsgs[0]!), useAwaitable);
          this.#writeMsgs.shift();
        }
      }
    } catch {
      this.#stop();
    }
  }

  #stop(): void {
    this.#room.leave(this);
    this.#socket.close();
    this.#timer.cancel();
  }
}

async function listener(acceptor: tcp.Acceptor, open: OpenObjects): Promise<void> {
  const room = new ChatRoom();

  for (;;) {
    new ChatSession(open.add(await acceptor.asyncAccept(useAwaitable)), room).start();
  }
}

/** Listen on each of `ports` (0: any free one), a room per port; see `startChat`. */
export function start(ports: readonly number[] = [0], options: ChatServerOptions = {}): ChatServer {
  return startChat(listener, ports, options);
}

/** For the `npm start` tour: start on port 0, one line to two clients, stop. */
export function main(log: (line: string) => void = console.log): Promise<void> {
  return tourChat('chat-server', start, log);
}

if (require.main === module) runChatScript('chat_server', start);

// The chat server of chat-server.ts (Asio's cpp20 chat_server.cpp) with io's WriteQueue as
// each session's writer: deliver() is one queue.asyncWrite, and the writer coroutine, its
// timer set never to expire, the cancelOne() wake-up and the deque of messages are gone. A
// message is one buffer shared by every session it goes to; the messages queued while a
// write is in flight go out together as one gathered write.
//
//   node examples/dist/chat-fanout.js <port> [<port> ...]   (on 127.0.0.1, or $CHAT_ADDRESS)
import { coSpawn, detached, useAwaitable } from '@asio-ts/core';
import { asyncReadUntil, dynamicStringBuffer, WriteQueue, type StringRef } from '@asio-ts/io';
import type { tcp } from '@asio-ts/net';
import { ChatRoom, type ChatMessage, type ChatParticipant } from './chat-room';
import { runChatScript, startChat, tourChat, type ChatServer, type ChatServerOptions } from './chat-host';
import type { OpenObjects } from './open-objects';

class ChatSession implements ChatParticipant {
  readonly #socket: tcp.Socket;
  readonly #queue: WriteQueue;
  readonly #room: ChatRoom;
  readonly #written = (err: Error | null): void => {
    // A failed write fails the queue (later ones would corrupt the stream): the session ends.
    if (err !== null) this.#stop();
  };

  constructor(socket: tcp.Socket, room: ChatRoom) {
    this.#socket = socket;
    this.#queue = new WriteQueue(socket);
    this.#room = room;
  }

  start(): void {
    this.#room.join(this);

    coSpawn(this.#socket.getExecutor(), () => this.#reader(), detached);
  }

  deliver(msg: ChatMessage): void {
    this.#queue.asyncWrite(msg, this.#written);
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

  #stop(): void {
    this.#room.leave(this);
    this.#socket.close(); // writes still queued complete with an error, writing nothing
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
  return tourChat('chat-fanout', start, log);
}

if (require.main === module) runChatScript('chat_fanout', start);

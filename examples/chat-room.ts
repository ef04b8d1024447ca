// The chat_participant and chat_room of Asio's src/examples/cpp20/coroutines/chat_server.cpp,
// shared by its port (chat-server.ts) and the WriteQueue version (chat-fanout.ts).

/** One line of chat, its '\n' included: one buffer, shared by every participant it goes to. */
export type ChatMessage = Uint8Array;

export interface ChatParticipant {
  deliver(msg: ChatMessage): void;
}

export class ChatRoom {
  static readonly maxRecentMsgs = 100;
  readonly #participants = new Set<ChatParticipant>();
  readonly #recentMsgs: ChatMessage[] = [];

  join(participant: ChatParticipant): void {
    this.#participants.add(participant);
    for (const msg of this.#recentMsgs) participant.deliver(msg);
  }

  leave(participant: ChatParticipant): void {
    this.#participants.delete(participant);
  }

  deliver(msg: ChatMessage): void {
    this.#recentMsgs.push(msg);
    while (this.#recentMsgs.length > ChatRoom.maxRecentMsgs) this.#recentMsgs.shift();

    for (const participant of this.#participants) participant.deliver(msg);
  }
}

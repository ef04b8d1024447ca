// A producer/consumer pipeline over bounded channels (Asio's experimental::channel): numbers →
// squares → a sum, one coroutine per stage. A full channel makes its sender wait, so the
// producer never runs more than the channel's capacity ahead of the stage that reads it; close()
// tells the next stage the stream of messages is over, once it has read what is buffered.
import { Channel, coSpawn, detached, errorIs, errors, IoContext, useAwaitable, useFuture } from '@asio-ts/core';

/** Receive every message until the channel is closed and drained, passing each to `each`. */
async function forEachMessage(channel: Channel<[Error | null, number]>, each: (n: number) => Promise<void> | void): Promise<void> {
  for (;;) {
    let n: number;
    try {
      n = await channel.asyncReceive(useAwaitable);
    } catch (e) {
      if (errorIs(e, errors.channelClosed)) return; // closed, and every buffered message read
      throw e;
    }
    await each(n);
  }
}

export async function main(log: (line: string) => void = console.log): Promise<void> {
  const ioc = new IoContext();
  const capacity = 4;
  const numbers = new Channel<[Error | null, number]>(ioc, capacity);
  const squares = new Channel<[Error | null, number]>(ioc, capacity);
  let produced = 0;
  let consumed = 0;
  let maxAhead = 0;

  // Stage 1: produce 1..20. The leading null is the message's error slot, as in Asio's
  // channel<void(error_code, int)>.
  coSpawn(
    ioc,
    async () => {
      for (let i = 1; i <= 20; i++) {
        await numbers.asyncSend([null, i], useAwaitable);
        produced++;
        maxAhead = Math.max(maxAhead, produced - consumed);
      }
      numbers.close();
    },
    detached,
  );

  // Stage 2: square.
  coSpawn(
    ioc,
    async () => {
      await forEachMessage(numbers, async (n) => {
        consumed++;
        await squares.asyncSend([null, n * n], useAwaitable);
      });
      squares.close();
    },
    detached,
  );

  // Stage 3: sum.
  const total = coSpawn(
    ioc,
    async () => {
      let sum = 0;
      await forEachMessage(squares, (n) => {
        sum += n;
      });
      return sum;
    },
    useFuture,
  );

  await ioc.run();
  log(`sum of the squares of 1..20: ${await total}`);
  log(`the producer ran at most ${maxAhead} messages ahead of the squaring stage (capacity ${capacity})`);
}

if (require.main === module) void main();

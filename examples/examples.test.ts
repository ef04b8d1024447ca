// Every example runs (against the sources) so the tour cannot rot.
import { main as tokens } from './tokens';
import { main as writeFile } from './write-file';
import { main as tcpMessage } from './tcp-message';
import { main as echo } from './echo';
import { main as cancellation } from './cancellation';
import { main as pipeline } from './pipeline';
import { main as timeout } from './timeout';
import { main as lineProtocol } from './line-protocol';

const collect = async (run: (log: (l: string) => void) => Promise<void>): Promise<string[]> => {
  const lines: string[] = [];
  await run((l) => lines.push(l));
  return lines;
};

test('tokens: every token kind reports a byte count', async () => {
  const out = (await collect(tokens)).join('\n');
  expect(out).toMatch(/callback: err=none n=15/);
  expect(out).toMatch(/useFuture: 15/);
  expect(out).toMatch(/coSpawn \+ useAwaitable: 30/);
  expect(out).toMatch(/spawn \+ yield\*: 15/);
  expect(out).toMatch(/left in the buffer: 0/);
});

test('write-file writes every line, once, in order', async () => {
  const out = await collect(writeFile);
  expect(out).toHaveLength(1);
  // The file's path, then what the file holds.
  expect(out[0]!.slice(out[0]!.indexOf(':\n') + 2)).toBe(
    ['written with a callback', 'written with useFuture', 'written with deferred, awaited', 'written with useAwaitable in coSpawn', 'written with a yield context,', 'as a buffer sequence'].join('\n'),
  );
});

test('tcp-message delivers each message, once, in order', async () => {
  const out = await collect(tcpMessage);
  expect(out.at(-1)).toBe(['the server received:', 'callback', 'callback, chained', 'useFuture', 'useAwaitable', 'deferred, awaited', 'yield context'].join('\n'));
  expect(out.slice(0, -1)).toEqual(['callback wrote 9 bytes', 'chained callback wrote 18 bytes', 'useFuture wrote 10 bytes', 'coSpawn wrote 31 bytes', 'spawn finished: 14 bytes']);
});

test('echo echoes', async () => {
  const out = (await collect(echo)).join('\n');
  expect(out).toContain(JSON.stringify('one\ntwo\nthree\n'));
});

test('cancellation', async () => {
  const out = (await collect(cancellation)).join('\n');
  expect(out).toMatch(/partial cancellation: ECANCELED after 10 bytes; 90 bytes still/);
  expect(out).toMatch(/AbortSignal: ECANCELED after 0 bytes; 90 bytes still/);
  expect(out).toMatch(/cancelAfter\(20 ms\): ECANCELED after 0 bytes/);
});

test('pipeline: bounded channels between coroutines', async () => {
  const out = (await collect(pipeline)).join('\n');
  expect(out).toContain('sum of the squares of 1..20: 2870');
  const ahead = Number(/at most (\d+) messages ahead/.exec(out)?.[1]);
  // The channel's capacity, plus the messages in hand on either side (a send's completion is posted).
  expect(ahead).toBeGreaterThan(0);
  expect(ahead).toBeLessThanOrEqual(6);
});

test('timeout: awaitAny of a request and a timer', async () => {
  const out = (await collect(timeout)).join('\n');
  expect(out).toContain('a fast request: reply to a fast request');
  expect(out).toMatch(/a slow request: timed out after 50 ms \(the request was cancelled: done in under a second\)/);
  expect(out).toContain('received ["the message"], nothing left behind: true');
});

test('line-protocol: every token kind reads its answer line', async () => {
  const out = (await collect(lineProtocol)).join('\n');
  expect(out).toContain('callback: CALLBACK');
  expect(out).toContain('useFuture: USE FUTURE');
  expect(out).toContain('deferred, awaited: DEFERRED');
  expect(out).toContain('coSpawn + useAwaitable: USE AWAITABLE, AND ANOTHER');
  expect(out).toContain('spawn + yield*: YIELD CONTEXT');
  expect(out).toContain('the server answered 6 lines');
});

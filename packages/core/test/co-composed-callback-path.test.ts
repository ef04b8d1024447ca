// coComposed: a function* body on the callback path runs without promises (inside ioc.poll(), a
// bare yield, completing through a post), and state.wait of a non-operation.
import { coComposed, IoContext, type CoComposedState } from '@asio-ts/core';
import { asyncValue, started } from './helpers/coro-ops';
import { asyncSumGen, asyncSumAsync } from './helpers/co-composed-sum';

beforeEach(() => {
  started.count = 0;
});

describe('coComposed: no promise on the callback path of a function* body', () => {
  test('the callback runs inside ioc.poll() when the inner operations complete on the IoContext', () => {
    const ioc = new IoContext();
    let inPoll = false;
    const calls: unknown[][] = [];
    asyncSumGen(ioc, 20, 22, (err, n) => calls.push([err, n, inPoll]));
    inPoll = true;
    ioc.poll();
    inPoll = false;
    expect(calls).toEqual([[null, 42, true]]);
  });

  test('an async function* body needs the host to turn (its steps are promises)', async () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    asyncSumAsync(ioc, 20, 22, (err, n) => calls.push([err, n]));
    ioc.poll();
    expect(calls).toEqual([]);
    await ioc.run();
    expect(calls).toEqual([[null, 42]]);
  });

  test('a body that completes without waiting completes through a post, not inside the call', () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
     
    coComposed(function* (): Generator<never, [number], unknown> {
      return [1];
    }, (n: number) => calls.push([n]), ioc);
    expect(calls).toEqual([]);
    ioc.poll();
    expect(calls).toEqual([[1]]);
  });

  test('a bare `yield op` in a function* resumes with the arguments array', () => {
    const ioc = new IoContext();
    const calls: unknown[][] = [];
    coComposed(
      function* (_state: CoComposedState<[string]>) {
        const args = (yield asyncValue(ioc, 'v')) as unknown[];
        return [JSON.stringify(args)] as [string];
      },
      (s: string) => calls.push([s]),
      ioc,
    );
    ioc.poll();
    expect(calls).toEqual([['[null,"v"]']]);
  });

  test('state.wait of something that is not an operation throws a TypeError into the body', () => {
    const ioc = new IoContext();
    const calls: unknown[] = [];
    coComposed(
      function* (state: CoComposedState<[string]>) {
        try {
          yield* state.wait(42 as never);
        } catch (e) {
          return [(e as Error).name] as [string];
        }
        return ['no'] as [string];
      },
      (s: string) => calls.push(s),
      ioc,
    );
    ioc.poll();
    expect(calls).toEqual(['TypeError']);
  });
});

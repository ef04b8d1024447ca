// HandlerWork.postImmediate2: an operation's completion inside its initiating call, delivered by
// the same rule as `new HandlerWork(h, io).complete2(a, b)` without the HandlerWork object.

import { bindExecutor, bindImmediateExecutor, HandlerWork, inlineExecutor, IoContext } from '@asio-ts/core';

describe('HandlerWork.postImmediate2', () => {
  test('posted to the I/O executor, never run inside the call, values passed as given', () => {
    const ioc = new IoContext();
    const calls: string[] = [];
    HandlerWork.postImmediate2((a: string | null, b: number) => calls.push(`handler ${a} ${b}`), ioc.getExecutor(), null, 7);
    calls.push('returned');
    expect(calls).toEqual(['returned']);
    expect(ioc.poll()).toBe(1);
    expect(calls).toEqual(['returned', 'handler null 7']);
  });

  test('an inline immediate executor runs the handler in the call', () => {
    const ioc = new IoContext();
    const calls: number[] = [];
    HandlerWork.postImmediate2(bindImmediateExecutor(inlineExecutor, (_a: null, b: number) => calls.push(b)), ioc.getExecutor(), null, 3);
    expect(calls).toEqual([3]);
  });

  test('posted to the I/O executor, then run on the associated executor (which holds work meanwhile)', () => {
    const io = new IoContext();
    const other = new IoContext();
    const calls: string[] = [];
    HandlerWork.postImmediate2(bindExecutor(other.getExecutor(), () => calls.push('handler')), io.getExecutor(), null, 0);
    expect(other.poll()).toBe(0); // not there yet, but its context has work
    expect(other.stopped()).toBe(false);
    expect(io.poll()).toBe(1);
    expect(calls).toEqual([]);
    expect(other.poll()).toBe(1);
    expect(calls).toEqual(['handler']);
  });

  test('holds no work on the I/O executor: a run() before the post is drained returns at once', () => {
    const ioc = new IoContext();
    let ran = 0;
    HandlerWork.postImmediate2(() => ran++, ioc.getExecutor(), null, 0);
    expect(ioc.poll()).toBe(1);
    expect(ran).toBe(1);
    expect(ioc.stopped()).toBe(true);
  });

  test('a bad handler or executor is a TypeError naming it', () => {
    const ioc = new IoContext();
    expect(() => HandlerWork.postImmediate2(42 as never, ioc.getExecutor(), null, 0)).toThrow(/handler/);
    expect(() => HandlerWork.postImmediate2(() => {}, {} as never, null, 0)).toThrow(TypeError);
    expect(() => HandlerWork.postImmediate2(() => {}, {} as never, null, 0)).toThrow(/ioExecutor/);
  });
});

// inlineExecutor: runs every function at once, on the caller's stack (Asio's inline_executor; the
// executor to bind as an immediate executor when recursion is wanted).

import { asyncImmediate, bindImmediateExecutor, defer, dispatch, inlineExecutor, IoContext, isExecutor, post } from '@asio-ts/core';

describe('inlineExecutor', () => {
  test('is an executor, frozen', () => {
    expect(isExecutor(inlineExecutor)).toBe(true);
    expect(Object.isFrozen(inlineExecutor)).toBe(true);
  });

  test('post, defer and dispatch all run the function before returning', () => {
    const order: string[] = [];
    inlineExecutor.post(() => order.push('post'));
    order.push('1');
    inlineExecutor.defer(() => order.push('defer'));
    order.push('2');
    inlineExecutor.dispatch(() => order.push('dispatch'));
    order.push('3');
    expect(order).toEqual(['post', '1', 'defer', '2', 'dispatch', '3']);
  });

  test('the free functions post/defer/dispatch on it run the handler inside the call', () => {
    const order: string[] = [];
    post(inlineExecutor, () => order.push('post'));
    defer(inlineExecutor, () => order.push('defer'));
    dispatch(inlineExecutor, () => order.push('dispatch'));
    order.push('after');
    expect(order).toEqual(['post', 'defer', 'dispatch', 'after']);
  });

  test('nested submissions run depth-first', () => {
    const order: string[] = [];
    inlineExecutor.post(() => {
      order.push('outer start');
      inlineExecutor.post(() => order.push('inner'));
      order.push('outer end');
    });
    expect(order).toEqual(['outer start', 'inner', 'outer end']);
  });

  test('an exception propagates straight to the caller', () => {
    expect(() =>
      inlineExecutor.post(() => {
        throw new Error('inline boom');
      }),
    ).toThrow('inline boom');
  });

  test('tracks no work and always counts as "running in this thread"', () => {
    expect(() => {
      inlineExecutor.onWorkStarted();
      inlineExecutor.onWorkFinished();
    }).not.toThrow();
    expect(inlineExecutor.runningInThisThread()).toBe(true);
  });

  test('as an immediate executor, it makes an immediately-completing operation run its handler inside the call', async () => {
    const ioc = new IoContext();
    const order: string[] = [];
    asyncImmediate(ioc, bindImmediateExecutor(inlineExecutor, () => order.push('handler')));
    order.push('after call');
    expect(order).toEqual(['handler', 'after call']);
    await expect(ioc.run()).resolves.toBe(0);
  });
});

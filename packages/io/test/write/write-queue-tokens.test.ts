/**
 * WriteQueue with completion tokens and coroutines, over `fromWritable`, and its programmer
 * errors.
 */
import { Writable } from 'node:stream';
import { asTuple, coSpawn, errorIs, errors, IoContext, makeStrand, useAwaitable, useFuture } from '@asio-ts/core';
import { fromWritable, TestStream, WriteQueue } from '@asio-ts/io';
import { expectTypeOf } from 'expect-type';
import { binaryString } from '../helpers/bytes.js';
import { bytes } from '../helpers/write-queue-probe.js';

describe('WriteQueue with tokens and coroutines', () => {
  test('useFuture, deferred, asTuple, and several coroutines writing at once', async () => {
    const ioc = new IoContext();
    const stream = new TestStream(ioc, { maxWriteSize: 3 });
    const queue = new WriteQueue(stream);
    const strand = makeStrand(ioc.getExecutor());
    const writers = ['alpha', 'beta', 'gamma'].map((word) =>
      coSpawn(
        strand,
        async () => {
          let total = 0;
          for (let i = 0; i < 3; i++) total += await queue.asyncWrite(bytes(`${word}${i};`), useAwaitable);
          return total;
        },
        useFuture,
      ),
    );
    const future = queue.asyncWrite(bytes('F;'), useFuture);
    const lazy = queue.asyncWrite(bytes('D;'));
    const tuple = queue.asyncWrite(bytes('T;'), asTuple(useFuture));
    expectTypeOf(future).toEqualTypeOf<Promise<number>>();
    const running = ioc.run();
    expect(await lazy).toBe(2);
    await running;
    expect(await Promise.all(writers)).toEqual([21, 18, 21]);
    expect(await future).toBe(2);
    expect(await tuple).toEqual([null, 2]);
    const text = binaryString(stream.received());
    // Each coroutine's writes in its own order, none cut by another's.
    for (const word of ['alpha', 'beta', 'gamma']) {
      const mine = text.split(';').filter((s) => s.startsWith(word));
      expect(mine).toEqual([`${word}0`, `${word}1`, `${word}2`]);
    }
    expect(text.length).toBe(60 + 6);
  });

  test('over fromWritable, a gathered batch reaches _writev as one call', async () => {
    const batches: number[] = [];
    const chunks: Buffer[] = [];
    const writable = new Writable({
      writev(list, cb) {
        batches.push(list.length);
        for (const c of list) chunks.push(Buffer.from(c.chunk as Buffer));
        setTimeout(cb, 1);
      },
    });
    const queue = new WriteQueue(fromWritable(writable));
    const all = ['one', 'two', 'three', 'four'].map((w) => queue.asyncWrite(bytes(w), useFuture));
    expect(await Promise.all(all)).toEqual([3, 3, 5, 4]);
    expect(Buffer.concat(chunks).toString('latin1')).toBe('onetwothreefour');
    expect(batches).toEqual([1, 3]);
  });
});

describe('bad input', () => {
  test('programmer errors throw at once, naming the argument', () => {
    expect(() => new WriteQueue({} as never)).toThrow(/^stream must be an AsyncWriteStream/);
    const queue = new WriteQueue(new TestStream(new IoContext()));
    expect(() => queue.asyncWrite(42 as never)).toThrow(/^buffers/);
    expect(() => queue.asyncWrite(['x'] as never)).toThrow(/^buffers must be a Uint8Array or an iterable of Uint8Array, element 0/);
    expect(() => queue.asyncWrite(bytes('a'), 42 as never)).toThrow(/^token/);
  });

  test('errors.operationAborted is what a cancelled queued write reports', () => {
    expect(errorIs({ code: 'ECANCELED', value: 125, category: errors.operationAborted.category }, errors.operationAborted)).toBe(true);
  });
});

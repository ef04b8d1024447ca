/**
 * A fresh valid value of each argument kind, for the arguments of a bad-input call not under test.
 */
import { Duplex, Readable, Writable } from 'node:stream';
import * as core from '@asio-ts/core';
import * as io from '@asio-ts/io';
import type { Kind } from './kinds.js';

const { ByteVector, Streambuf, TestStream, transferAll } = io;
const { CancellationSignal, IoContext, errors, post } = core;

export function sample(kind: Kind): unknown {
  switch (kind) {
    case 'any':
      return undefined;
    case 'function':
    case 'objectOrFunction':
      return () => {};
    case 'condition':
      return transferAll();
    case 'generatorFunction':
      return function* () {};
    case 'coroutine':
      return async () => {};
    case 'token':
      return () => {};
    case 'executor':
      return new IoContext();
    case 'executorStrict':
      return new IoContext().getExecutor();
    case 'limit':
      return 4;
    case 'cancellationType':
      return core.CancellationType.Terminal;
    case 'ms':
      return 60_000;
    case 'time':
      return Date.now() + 60_000;
    case 'bufferSeq':
    case 'bufferData':
    case 'writeSource':
    case 'readTarget':
      return new Uint8Array(4);
    case 'dynamicBuffer':
      return new Streambuf();
    case 'match':
      return '\n';
    case 'errorCode':
      return errors.eof;
    case 'string':
      return 'detail';
    case 'object':
      return { error: null };
    case 'options':
      return {};
    case 'stringRef':
      return { value: 'abc' };
    case 'byteVector':
      return new ByteVector();
    case 'byteInit':
      return 4;
    case 'abortSignal':
      return new AbortController().signal;
    case 'cancellationSignal':
      return new CancellationSignal();
    case 'cancellationSlot':
      return new CancellationSignal().slot();
    case 'ioContext':
      return new IoContext();
    case 'stream':
    case 'syncStream':
    case 'readStream':
    case 'syncReadStream':
      return new TestStream(new IoContext());
    case 'writable':
      return new Writable({ write: (_c, _e, cb) => cb() });
    case 'fileHandle':
      return {
        fd: 99,
        read: async () => ({ bytesRead: 0 }),
        readv: async () => ({ bytesRead: 0 }),
        write: async () => ({ bytesWritten: 0 }),
        writev: async () => ({ bytesWritten: 0 }),
      };
    case 'webWritable':
      return new WritableStream();
    case 'readable':
      return new Readable({ read() {} });
    case 'webReadable':
      return new ReadableStream();
    case 'duplex':
      return new Duplex({ read() {}, write: (_c, _e, cb) => cb() });
    case 'offset':
      return 1234;
    case 'readDevice': {
      const ex = new IoContext().getExecutor();
      return { getExecutor: () => ex, asyncReadSomeAt: () => {} };
    }
    case 'writeDevice': {
      const ex = new IoContext().getExecutor();
      return { getExecutor: () => ex, asyncWriteSomeAt: () => {} };
    }
    case 'syncReadDevice':
      return { readSomeAt: () => 0 };
    case 'syncWriteDevice':
      return { writeSomeAt: () => 0 };
    case 'deferredOps':
    case 'launchable':
      return post(new IoContext());
  }
}

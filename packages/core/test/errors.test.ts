// SystemError, the error constants, errorIs and fromNodeError (Asio's error_code, system_error
// and asio::error, in Node's Error conventions).

import { errorIs, errors, fromNodeError, makeError, SystemError, systemCategory, miscCategory } from '@asio-ts/core';
import { EventEmitter, once } from 'node:events';
import { constants as osConstants } from 'node:os';
import { promises as fs } from 'node:fs';
import { createConnection } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

describe('SystemError', () => {
  test('carries code, value, category and the constant message, and is an Error', () => {
    const err = makeError(errors.brokenPipe);
    expect(err).toBeInstanceOf(SystemError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('SystemError');
    expect(err.code).toBe('EPIPE');
    expect(err.value).toBe(32);
    expect(err.category).toBe(systemCategory);
    expect(err.message).toBe('Broken pipe');
    expect(String(err)).toBe('SystemError: Broken pipe');
  });

  test('a detail is appended to the message; a cause is kept as Error.cause', () => {
    const cause = new Error('socket said no');
    const err = makeError(errors.connectionReset, 'while writing', cause);
    expect(err.message).toBe('Connection reset by peer: while writing');
    expect(err.cause).toBe(cause);
  });

  test('wrong arguments are programmer errors naming the argument', () => {
    expect(() => new SystemError({} as never)).toThrow(TypeError);
    expect(() => new SystemError({} as never)).toThrow(/^code must be an error constant/);
    expect(() => new SystemError(errors.eof, 42 as never)).toThrow(/^detail must be a string/);
    expect(() => new SystemError(errors.eof, 'x', 42 as never)).toThrow(/^options must be an object/);
  });
});

describe('error constants', () => {
  test('are frozen, distinct by category and value, and carry Node-style codes', () => {
    const all = Object.values(errors);
    expect(Object.isFrozen(errors)).toBe(true);
    for (const c of all) expect(Object.isFrozen(c)).toBe(true);
    const keys = new Set(all.map((c) => `${c.category.name}/${c.value}`));
    expect(keys.size).toBe(all.length);
    expect(errors.operationAborted.code).toBe('ECANCELED');
    expect(errors.eof.category).toBe(miscCategory);
  });

  // Asio's basic_errors take their values from the host's errno.h; asio-ts carries Linux's.
  (process.platform === 'linux' ? test : test.skip)('the system ones carry the errno value the host gives their code', () => {
    const system = Object.values(errors).filter((c) => c.category === systemCategory);
    for (const c of system) {
      const hostValue = (osConstants.errno as Record<string, number | undefined>)[c.code];
      // Node lists most codes, not all (ESHUTDOWN is missing).
      if (hostValue !== undefined) expect([c.code, c.value]).toEqual([c.code, hostValue]);
    }
    const hostErrno = osConstants.errno as Record<string, number | undefined>;
    for (const code of ['EMFILE', 'ENOMEM', 'EPERM', 'EFAULT', 'ENAMETOOLONG', 'ENODEV']) {
      expect([code, system.find((c) => c.code === code)?.value]).toEqual([code, hostErrno[code]]);
      expect(hostErrno[code]).toBeDefined();
    }
  });

  test('a Node error with one of their codes becomes that constant', () => {
    const emfile = fromNodeError(Object.assign(new Error('accept EMFILE'), { code: 'EMFILE', errno: -24 }));
    expect(errorIs(emfile, errors.noDescriptors)).toBe(true);
    expect(emfile.value).toBe(24);
    expect(emfile.message).toBe('Too many open files');
    expect(errorIs(fromNodeError(Object.assign(new Error('x'), { code: 'EPERM' })), errors.noPermission)).toBe(true);
  });
});

describe('errorIs', () => {
  test('compares by category and value, never by identity', () => {
    expect(errorIs(makeError(errors.eof), errors.eof)).toBe(true);
    expect(errorIs(makeError(errors.eof), errors.notFound)).toBe(false);
    const lookalike = { value: 2, category: { name: 'misc' }, code: 'whatever' };
    expect(errorIs(lookalike, errors.eof)).toBe(true);
  });

  test('an error from outside asio-ts matches by its Node code', () => {
    expect(errorIs(Object.assign(new Error('x'), { code: 'EPIPE' }), errors.brokenPipe)).toBe(true);
    expect(errorIs(Object.assign(new Error('x'), { code: 'EPIPE' }), errors.connectionReset)).toBe(false);
  });

  test('non-objects never match; a bad constant is a programmer error', () => {
    expect(errorIs(null, errors.eof)).toBe(false);
    expect(errorIs('EOF', errors.eof)).toBe(false);
    expect(() => errorIs(makeError(errors.eof), 'EOF' as never)).toThrow(TypeError);
  });
});

describe('fromNodeError', () => {
  test('a real ECONNREFUSED from node:net becomes connectionRefused, the original kept as cause', async () => {
    const nodeErr = await new Promise<Error>((resolve) => {
      // Port 1 on loopback: nothing listens there on a test machine.
      const s = createConnection(1, '127.0.0.1');
      s.on('error', resolve);
    });
    const err = fromNodeError(nodeErr);
    expect(errorIs(err, errors.connectionRefused)).toBe(true);
    expect(err.cause).toBe(nodeErr);
  });

  test('a real ENOENT keeps its own code in the system category', async () => {
    const nodeErr = await fs.readFile('/nonexistent/asio-ts').catch((e: unknown) => e);
    const err = fromNodeError(nodeErr);
    expect(err.code).toBe('ENOENT');
    expect(err.category).toBe(systemCategory);
    expect(err.value).toBe(-1);
    expect(err.cause).toBe(nodeErr);
  });

  test('Node stream errors map onto Asio constants', () => {
    expect(errorIs(fromNodeError(Object.assign(new Error('d'), { code: 'ERR_STREAM_DESTROYED' })), errors.brokenPipe)).toBe(true);
    expect(errorIs(fromNodeError(Object.assign(new Error('p'), { code: 'ERR_STREAM_PREMATURE_CLOSE' })), errors.connectionReset)).toBe(true);
  });

  test('a SystemError passes through; a thrown non-Error is wrapped', () => {
    const e = makeError(errors.eof);
    expect(fromNodeError(e)).toBe(e);
    const wrapped = fromNodeError('boom');
    expect(wrapped).toBeInstanceOf(SystemError);
    expect(wrapped.code).toBe('EUNKNOWN');
    expect(wrapped.message).toBe('boom');
  });
});

describe('errorIs: an AbortError is operationAborted', () => {
  const rejectionOf = (p: Promise<unknown>): Promise<unknown> =>
    p.then(
      () => {
        throw new Error('resolved');
      },
      (e: unknown) => e,
    );
  const aborted = (reason?: unknown): AbortSignal => AbortSignal.abort(reason);

  test.each([
    ['events.once', () => once(new EventEmitter(), 'never', { signal: aborted() })],
    ['fs.promises.readFile', () => fs.readFile(__filename, { signal: aborted() })],
    ['timers/promises setTimeout', () => sleep(10_000, undefined, { signal: aborted() })],
  ])("Node's AbortError from %s (code 'ABORT_ERR')", async (_api, call) => {
    const e = (await rejectionOf(call())) as Error & { code?: unknown };
    expect(e.name).toBe('AbortError');
    expect(e.code).toBe('ABORT_ERR');
    expect(errorIs(e, errors.operationAborted)).toBe(true);
    expect(errorIs(e, errors.eof)).toBe(false);
    expect(errorIs(e, errors.timedOut)).toBe(false);
    // The same answer as for the error fromNodeError maps it to.
    expect(errorIs(fromNodeError(e), errors.operationAborted)).toBe(true);
  });

  test("the DOM's AbortError (a DOMException, as fetch rejects with and signal.reason defaults to)", () => {
    const e = aborted().reason as DOMException;
    expect(e).toBeInstanceOf(DOMException);
    expect(e.name).toBe('AbortError');
    expect(errorIs(e, errors.operationAborted)).toBe(true);
    expect(errorIs(e, errors.connectionReset)).toBe(false);
    expect(errorIs(fromNodeError(e), errors.operationAborted)).toBe(true);
  });

  test('a Node string code wins over the name, as in fromNodeError', () => {
    const odd = Object.assign(new Error('x'), { name: 'AbortError', code: 'ECONNRESET' });
    expect(errorIs(odd, errors.operationAborted)).toBe(false);
    expect(errorIs(odd, errors.connectionReset)).toBe(true);
    expect(errorIs(fromNodeError(odd), errors.operationAborted)).toBe(false);
  });

  test('asio-ts errors still compare by category and value', () => {
    expect(errorIs(makeError(errors.operationAborted), errors.operationAborted)).toBe(true);
    expect(errorIs(makeError(errors.eof), errors.operationAborted)).toBe(false);
  });
});

import { errors, errorIs, makeError, SystemError } from '@asio-ts/core';
test('x', () => { expect(errorIs(makeError(errors.eof), errors.eof)).toBe(true); expect(makeError(errors.eof)).toBeInstanceOf(SystemError); });

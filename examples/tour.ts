import { errors, makeError } from '@asio-ts/core';
console.log(makeError(errors.eof).message);

import { deferred, useFuture } from '@asio-ts/core';
import { freshWorkers, trivialOp } from './lib/fixtures.mjs';
const [a,b] = [freshWorkers(), freshWorkers()];
export const variants = {
  future: () => a(100, 20, () => trivialOp(1, useFuture)),
  deferred: () => b(100, 20, () => trivialOp(1, deferred)),
};

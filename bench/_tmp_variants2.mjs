import { post, systemExecutor, useFuture } from '@asio-ts/core';
import { freshChains, hand, handOp, trivialOp } from './lib/fixtures.mjs';
const [a,b] = [freshChains(), freshChains()];
export const variants = {
  hand: () => a(100, 20, (next) => handOp(1, next)),
  op: () => b(100, 20, (next) => trivialOp(1, next)),
};

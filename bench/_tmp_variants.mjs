import { post, systemExecutor } from '@asio-ts/core';
import { freshChains, hand } from './lib/fixtures.mjs';
const [a,b,c] = [freshChains(), freshChains(), freshChains()];
export const variants = {
  hand: () => a(100, 20, (next) => hand.post(next)),
  ex: () => b(100, 20, (next) => systemExecutor.post(next)),
  post: () => c(100, 20, (next) => post(systemExecutor, next)),
};

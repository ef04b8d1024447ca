// The Node stream adapters, looked up at run time: another helper is still adding them to
// @asio-ts/io. A scenario that needs one that is not exported yet reports itself unavailable.
import * as io from '@asio-ts/io';

export class Unavailable extends Error {}

export function adapter(name) {
  const fn = io[name];
  if (typeof fn !== 'function') {
    throw new Unavailable(`@asio-ts/io does not export ${name} yet (rebuild with \`npm run build\` once it does)`);
  }
  return fn;
}

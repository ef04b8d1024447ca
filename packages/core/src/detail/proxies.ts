// Telling a Proxy from its target, where the host can (Node's `util.types.isProxy`, through
// `hostBuiltin`). A Proxy passes every check a library can make in JavaScript, and the engine's
// own methods then refuse it as a receiver.
import { hostBuiltin } from './host-builtin.js';

const util = hostBuiltin('node:util') as { types?: { isProxy?: unknown } } | undefined;
const isProxyOfHost = util?.types?.isProxy;

/** `util.types.isProxy` where the host has it; undefined where a Proxy cannot be told. */
export const isProxy: ((x: unknown) => boolean) | undefined =
  typeof isProxyOfHost === 'function' ? (isProxyOfHost as (x: unknown) => boolean) : undefined;

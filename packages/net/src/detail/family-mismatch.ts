import { errors, makeError, type SystemError } from '@asio-ts/core';
import { netErrors } from '../errors.js';
import type { InternetProtocol } from '../ip/protocol.js';

/**
 * What Linux answers a socket open for one IP version given an endpoint of the other to bind or
 * connect to, which is what Asio reports (it hands the kernel the endpoint's address as it is):
 * a v6 socket finds a v4 address too short (`invalidArgument`, EINVAL), a v4 socket refuses the
 * v6 family (`addressFamilyNotSupported`, EAFNOSUPPORT).
 */
export function familyMismatch(what: 'socket' | 'acceptor', protocol: InternetProtocol, endpoint: { protocol(): InternetProtocol }): SystemError {
  const code = protocol.family === 6 ? errors.invalidArgument : netErrors.addressFamilyNotSupported;
  return makeError(code, `the ${what} is open for ${protocol}, the endpoint is ${endpoint.protocol()}`);
}

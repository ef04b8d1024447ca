import type { ExecutorOrContext } from '@asio-ts/core';
import { BasicResolver } from '../ip/basic-resolver.js';
import { udpProtocols } from '../ip/protocol.js';
import { Endpoint } from './endpoint.js';

/** A UDP resolver (Asio's `ip::udp::resolver`): host and service to `udp.Endpoint`s. See `BasicResolver`. */
export class Resolver extends BasicResolver<'udp', Endpoint> {
  constructor(executorOrContext: ExecutorOrContext) {
    super(executorOrContext, udpProtocols, (address, port) => new Endpoint(address, port));
  }
}

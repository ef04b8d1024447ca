/** Datagrams that arrived while no receive was pending: what the kernel's receive buffer holds. */
import type { Endpoint } from '../udp/endpoint.js';

/** What Node reports when a socket's receive buffer size cannot be read; Linux's default. */
export const defaultReceiveBuffer = 212_992;

interface Datagram {
  readonly data: Uint8Array;
  readonly sender: Endpoint;
}

/** A FIFO of datagrams bounded in bytes (`SO_RCVBUF`); one that does not fit is dropped, as the kernel drops it. */
export class DatagramQueue {
  #datagrams: Datagram[] = [];
  #bytes = 0;
  /** The bound in bytes. */
  limit = defaultReceiveBuffer;

  get length(): number {
    return this.#datagrams.length;
  }

  /** Queue a datagram; false when it was dropped. */
  push(data: Uint8Array, sender: Endpoint): boolean {
    if (this.#bytes + data.length > this.limit) return false;
    this.#datagrams.push({ data, sender });
    this.#bytes += data.length;
    return true;
  }

  /** The oldest datagram, or undefined. */
  shift(): Datagram | undefined {
    const d = this.#datagrams.shift();
    if (d !== undefined) this.#bytes -= d.data.length;
    return d;
  }

  clear(): void {
    this.#datagrams = [];
    this.#bytes = 0;
  }
}

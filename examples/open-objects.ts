// The I/O objects an example server opened, closed together when it shuts down. In Asio,
// destroying the io_context after run() returned does this: its services close what is still
// open, and destroying the pending handlers destroys the coroutine frames that own the sockets.
// JavaScript has no destructors, so the examples say it.

/** What can be closed: a `tcp.Socket`, a `tcp.Acceptor`, ... */
export interface Closeable {
  isOpen(): boolean;
  close(): void;
}

export class OpenObjects {
  readonly #objects = new Set<Closeable>();
  // Objects closed meanwhile are dropped when the set has doubled, so a long-running server
  // holds on to no more than twice what it has open.
  #pruneAt = 64;

  /** Keep `object` for `closeAll`; returns it. */
  add<T extends Closeable>(object: T): T {
    this.#objects.add(object);
    if (this.#objects.size >= this.#pruneAt) {
      for (const o of this.#objects) if (!o.isOpen()) this.#objects.delete(o);
      this.#pruneAt = Math.max(64, 2 * this.#objects.size);
    }
    return object;
  }

  /** Close every object still open. */
  closeAll(): void {
    const objects = [...this.#objects];
    this.#objects.clear();
    for (const o of objects) o.close();
  }
}

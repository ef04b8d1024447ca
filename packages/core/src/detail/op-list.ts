// A FIFO of waiting operations with O(1) removal from anywhere (Asio's `op_queue`, doubly linked
// so that a per-operation cancellation takes its operation out without a scan). The operations
// are the nodes: no allocation per push.

/** An operation that can wait in one `OpList` at a time. */
export interface ListedOp {
  prev: ListedOp | null;
  next: ListedOp | null;
  /** The list the operation is in, or null. */
  list: OpList<ListedOp> | null;
}

export class OpList<T extends ListedOp> {
  #head: T | null = null;
  #tail: T | null = null;
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** The oldest operation, or null. */
  front(): T | null {
    return this.#head;
  }

  push(op: T): void {
    if (op.list !== null) throw new Error('OpList: the operation is already in a list');
    op.list = this as unknown as OpList<ListedOp>;
    op.prev = this.#tail;
    op.next = null;
    if (this.#tail === null) this.#head = op;
    else this.#tail.next = op;
    this.#tail = op;
    this.#size++;
  }

  /** Take the oldest operation out, or null when empty. */
  shift(): T | null {
    const op = this.#head;
    if (op !== null) this.remove(op);
    return op;
  }

  /** Take `op` out; false when it is not in this list. */
  remove(op: T): boolean {
    if (op.list !== (this as unknown as OpList<ListedOp>)) return false;
    const { prev, next } = op;
    if (prev === null) this.#head = next as T | null;
    else prev.next = next;
    if (next === null) this.#tail = prev as T | null;
    else next.prev = prev;
    op.prev = op.next = null;
    op.list = null;
    this.#size--;
    return true;
  }

  /** How many operations are ahead of `op` (the usual case, `op` at the front, is 0); -1 when it is not in this list. */
  indexOf(op: T): number {
    if (op.list !== (this as unknown as OpList<ListedOp>)) return -1;
    let i = 0;
    for (let at = this.#head as ListedOp | null; at !== op; at = at!.next) i++;
    return i;
  }

  /** Take every operation out, oldest first. */
  drain(): T[] {
    const all: T[] = [];
    for (let op = this.shift(); op !== null; op = this.shift()) all.push(op);
    return all;
  }
}

/** A FIFO of values on an array with a moving head (amortised O(1) shift, no per-item node). */
export class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(x: T): void {
    this.#items.push(x);
  }

  /** Take the oldest value; the caller checks `length` first. */
  shift(): T {
    const items = this.#items;
    const x = items[this.#head] as T;
    items[this.#head++] = undefined;
    // Compact once the dead prefix is at least half the array.
    if (this.#head >= 32 && this.#head * 2 >= items.length) {
      this.#items = items.slice(this.#head);
      this.#head = 0;
    } else if (this.#head === items.length) {
      this.#items = [];
      this.#head = 0;
    }
    return x;
  }

  /** Take the value `i` places behind the oldest (0: the oldest); the caller checks `length` first. */
  takeAt(i: number): T {
    if (i === 0) return this.shift();
    return this.#items.splice(this.#head + i, 1)[0] as T;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

// How many `CancellationSignal.emit` calls are on the stack. A completion that happens inside
// one (a stream that finishes its operation synchronously when told to cancel) is queued rather
// than run there, as Asio queues a cancelled operation's handler.
let depth = 0;

export function insideCancellationEmit(): boolean {
  return depth > 0;
}

export function depthEnter(): void {
  depth++;
}

export function depthLeave(): void {
  depth--;
}

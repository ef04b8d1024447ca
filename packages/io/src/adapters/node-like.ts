/**
 * The members of Node's objects that the adapters use, as structural types. The public
 * declarations of the package name no `node:` module, so a browser-only TypeScript project
 * (`lib: ["DOM"]`, no `@types/node`) type-checks against them; a Node `stream.Writable`,
 * `stream.Readable`, `stream.Duplex` (a `net.Socket`, a `tls.TLSSocket`) and an `fs.promises`
 * `FileHandle` are each assignable to theirs, and an adapter keeps the exact type it was given
 * (`fromWritable(socket).writable` is the `Socket`).
 */

/** What `fromWritable` (and the write side of `fromDuplex`) uses of a Node `stream.Writable`. */
export interface WritableLike {
  readonly destroyed: boolean;
  /** The stream's stored error, if it failed (Node 18+). */
  readonly errored?: Error | null | undefined;
  readonly writableEnded: boolean;
  write(chunk: Uint8Array, callback: (error?: Error | null) => void): boolean;
  cork(): void;
  uncork(): void;
  destroy(error?: Error): unknown;
  on(event: 'close', listener: () => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  removeListener(event: 'close', listener: () => void): unknown;
  removeListener(event: 'error', listener: (err: Error) => void): unknown;
  /** Where the stream has it (Node 18.16+), a write checks that the adapter still hears 'close'. */
  listenerCount?(event: 'close', listener: () => void): number;
}

/** What `fromReadable` (and the read side of `fromDuplex`) uses of a Node `stream.Readable`. */
export interface ReadableLike {
  readonly destroyed: boolean;
  /** The stream's stored error, if it failed (Node 18+). */
  readonly errored?: Error | null | undefined;
  /** True once 'end' was emitted. */
  readonly readableEnded?: boolean;
  /** Bytes buffered (objects, in object mode). */
  readonly readableLength: number;
  readonly readableObjectMode?: boolean;
  /** Listeners of an event (the adapter pulls a stream whose owner listens for 'readable'). */
  listenerCount?(event: 'readable'): number;
  read(size?: number): unknown;
  /** With `resume`: the adapter takes chunks as 'data' events while a read waits (every Node Readable has both). */
  pause?(): unknown;
  resume?(): unknown;
  on(event: 'readable' | 'end' | 'close', listener: () => void): unknown;
  on(event: 'newListener', listener: (event: string | symbol) => void): unknown;
  on(event: 'data', listener: (chunk: unknown) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
}

/** What `fromDuplex` uses of a Node `stream.Duplex` (a `net.Socket`): both. */
export type DuplexLike = ReadableLike & WritableLike;

/** What `fromFileHandle` uses of an `fs.promises` `FileHandle`. */
export interface FileHandleLike {
  /** -1 once the handle is closed. */
  readonly fd: number;
  read(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesRead: number }>;
  readv(buffers: readonly Uint8Array[], position?: number): Promise<{ bytesRead: number }>;
  write(buffer: Uint8Array, offset: number, length: number, position: number | null): Promise<{ bytesWritten: number }>;
  writev(buffers: readonly Uint8Array[], position?: number): Promise<{ bytesWritten: number }>;
}

/**
 * What a value passed where an asio-ts stream or device was expected is, when it is a stream of
 * Node or of the web (or a FileHandle, or the other kind of asio-ts stream), and what makes it
 * one: the one place every read, write, read-at and write-at check builds its hint from.
 * Duck-typed, so neither node:stream nor node:fs is loaded to check.
 */

/** The operation that wanted the stream: its direction, and whether it is synchronous or at an offset. */
export type StreamUse = 'asyncWrite' | 'write' | 'asyncRead' | 'read' | 'asyncReadAt' | 'readAt' | 'asyncWriteAt' | 'writeAt';

const hasFunction = (x: object, name: string): boolean => typeof (x as Record<string, unknown>)[name] === 'function';

/** What the value is, and the adapter that wraps it for each direction (undefined: it cannot go that way). */
interface Kind {
  readonly what: string;
  readonly read?: string;
  readonly write?: string;
  /** Only a FileHandle has offsets. */
  readonly at?: boolean;
}

function hasWebPart(x: object, part: 'readable' | 'writable', method: string): boolean {
  const side = (x as Record<string, unknown>)[part];
  return typeof side === 'object' && side !== null && hasFunction(side, method);
}

function foreignKind(x: object): Kind | undefined {
  // Before the Node tests: a FileHandle is an EventEmitter too.
  if (typeof (x as { fd?: unknown }).fd === 'number' && hasFunction(x, 'write') && hasFunction(x, 'read') && !hasFunction(x, 'end')) {
    return { what: 'a FileHandle of node:fs/promises', read: 'fromFileHandle(handle)', write: 'fromFileHandle(handle)', at: true };
  }
  if (hasFunction(x, 'getWriter')) return { what: 'a WHATWG WritableStream', write: 'fromWebWritable(stream)' };
  if (hasFunction(x, 'getReader')) return { what: 'a WHATWG ReadableStream', read: 'fromWebReadable(stream)' };
  if (hasWebPart(x, 'writable', 'getWriter') && hasWebPart(x, 'readable', 'getReader')) {
    return { what: 'a WHATWG TransformStream', read: 'fromWebReadable(transform.readable)', write: 'fromWebWritable(transform.writable)' };
  }
  const writable = hasFunction(x, 'write') && hasFunction(x, 'end') && hasFunction(x, 'on');
  const readable = hasFunction(x, 'read') && hasFunction(x, 'on') && hasFunction(x, 'pipe');
  // A net.Socket, a tls.TLSSocket, a PassThrough: fromDuplex gives both directions in one object.
  if (writable && readable) return { what: 'a Node stream.Duplex', read: 'fromDuplex(stream)', write: 'fromDuplex(stream)' };
  if (writable) return { what: 'a Node stream.Writable', write: 'fromWritable(stream)' };
  if (readable) return { what: 'a Node stream.Readable', read: 'fromReadable(stream)' };
  return undefined;
}

/** The hint for one of our own streams given to the wrong kind of operation. */
function ownHint(x: object, use: StreamUse): string {
  switch (use) {
    case 'write':
      return hasFunction(x, 'asyncWriteSome') ? ' (an AsyncWriteStream: write it with asyncWrite)' : '';
    case 'asyncWrite':
      return hasFunction(x, 'writeSome') && !hasFunction(x, 'asyncWriteSome') ? ' (a SyncWriteStream: write it with write)' : '';
    case 'read':
      return hasFunction(x, 'asyncReadSome') ? ' (an AsyncReadStream: read it with asyncRead)' : '';
    case 'asyncRead':
      return hasFunction(x, 'readSome') && !hasFunction(x, 'asyncReadSome') ? ' (a SyncReadStream: read it with read)' : '';
    case 'asyncReadAt':
    case 'readAt':
      return hasFunction(x, 'asyncReadSome') || hasFunction(x, 'readSome') ? ' (a stream, which has no offsets: read it with asyncRead or read)' : '';
    case 'asyncWriteAt':
    case 'writeAt':
      return hasFunction(x, 'asyncWriteSome') || hasFunction(x, 'writeSome') ? ' (a stream, which has no offsets: write it with asyncWrite or write)' : '';
  }
}

/**
 * The end of a "stream must be ..." message: `" (a Node stream.Duplex): wrap it: fromDuplex(stream)"`,
 * or '' when `x` is none of the things it knows.
 */
export function streamHint(x: unknown, use: StreamUse): string {
  if (typeof x !== 'object' || x === null) return '';
  const kind = foreignKind(x);
  if (kind === undefined) return ownHint(x, use);
  const reads = use === 'asyncRead' || use === 'read' || use === 'asyncReadAt' || use === 'readAt';
  const adapter = reads ? kind.read : kind.write;
  if (adapter === undefined) return ` (${kind.what}, which cannot be ${reads ? 'read' : 'written'})`;
  const at = use === 'asyncReadAt' || use === 'readAt' || use === 'asyncWriteAt' || use === 'writeAt';
  if (at && kind.at !== true) return ` (${kind.what}, which has no offsets: ${reads ? 'read it with asyncRead' : 'write it with asyncWrite'}(${adapter}, ...))`;
  switch (use) {
    case 'write':
      return ` (${kind.what}): it writes asynchronously, so use asyncWrite(${adapter}, ...)`;
    case 'read':
      return ` (${kind.what}): it reads asynchronously, so use asyncRead(${adapter}, ...)`;
    case 'readAt':
      return ` (${kind.what}): it reads asynchronously, so use asyncReadAt(${adapter}, ...)`;
    case 'writeAt':
      return ` (${kind.what}): it writes asynchronously, so use asyncWriteAt(${adapter}, ...)`;
    default:
      return ` (${kind.what}): wrap it: ${adapter}`;
  }
}

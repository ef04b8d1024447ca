/**
 * The bad-input rows for the exports of `@asio-ts/io`.
 */
import { opt, p, type Entry } from './entry.js';

/** Checked with wrong-typed arguments. */
export const ioTable: readonly Entry[] = [
  // io: buffers
  { pkg: 'io', name: 'buffer', params: [p('data', 'bufferData'), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'bufferSize', params: [p('buffers', 'bufferSeq')] },
  { pkg: 'io', name: 'checkBufferSequence', params: [p('name', 'any', { sample: () => 'buffers' }), p('value', 'bufferSeq', { names: ['buffers'] }), opt('copy', 'any')] },
  { pkg: 'io', name: 'bufferCopy', params: [p('target', 'bufferSeq'), p('source', 'bufferSeq'), opt('maxBytes', 'limit')] },
  { pkg: 'io', name: 'ByteVector', construct: true, params: [opt('init', 'byteInit', { names: [/^init(\.length|\[\d+\])?/] })] },
  // io: completion conditions
  { pkg: 'io', name: 'completionCondition', params: [p('fn', 'function')] },
  { pkg: 'io', name: 'transferAtLeast', params: [p('n', 'limit')] },
  { pkg: 'io', name: 'transferExactly', params: [p('n', 'limit')] },
  // io: dynamic buffers
  { pkg: 'io', name: 'dynamicStringBuffer', params: [p('ref', 'stringRef', { names: ['ref.value'] }), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'dynamicStringBufferV2', params: [p('ref', 'stringRef', { names: ['ref.value'] }), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'dynamicBuffer', params: [p('vec', 'byteVector'), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'dynamicBufferV2', params: [p('vec', 'byteVector'), opt('maxSize', 'limit')] },
  { pkg: 'io', name: 'Streambuf', construct: true, params: [opt('maxSize', 'limit')] },
  // io: writes
  {
    pkg: 'io',
    name: 'asyncWrite',
    params: [p('stream', 'stream'), p('buffers', 'writeSource'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'write',
    params: [p('stream', 'syncStream'), p('buffers', 'writeSource'), opt('condition', 'condition', { names: ['completionCondition'] }), opt('errorRef', 'object')],
  },
  // io: random access
  {
    pkg: 'io',
    name: 'asyncReadAt',
    params: [p('device', 'readDevice'), p('offset', 'offset'), p('buffers', 'bufferSeq'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'asyncWriteAt',
    params: [p('device', 'writeDevice'), p('offset', 'offset'), p('buffers', 'bufferSeq'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'readAt',
    params: [
      p('device', 'syncReadDevice'),
      p('offset', 'offset'),
      p('buffers', 'bufferSeq'),
      opt('condition', 'condition', { names: ['completionCondition'] }),
      opt('errorRef', 'object'),
    ],
  },
  {
    pkg: 'io',
    name: 'writeAt',
    params: [
      p('device', 'syncWriteDevice'),
      p('offset', 'offset'),
      p('buffers', 'bufferSeq'),
      opt('condition', 'condition', { names: ['completionCondition'] }),
      opt('errorRef', 'object'),
    ],
  },
  // io: reads
  {
    pkg: 'io',
    name: 'asyncRead',
    params: [p('stream', 'readStream'), p('buffers', 'readTarget'), p('condition', 'condition', { names: ['completionCondition'] }), opt('token', 'token')],
  },
  {
    pkg: 'io',
    name: 'read',
    params: [p('stream', 'syncReadStream'), p('buffers', 'readTarget'), opt('condition', 'condition', { names: ['completionCondition'] }), opt('errorRef', 'object')],
  },
  { pkg: 'io', name: 'asyncReadUntil', params: [p('stream', 'readStream'), p('buffers', 'dynamicBuffer'), p('match', 'match'), opt('token', 'token')] },
  { pkg: 'io', name: 'readUntil', params: [p('stream', 'syncReadStream'), p('buffers', 'dynamicBuffer'), p('match', 'match'), opt('errorRef', 'object')] },
  { pkg: 'io', name: 'TestStream', construct: true, params: [p('executor', 'executor'), opt('options', 'options')] },
  { pkg: 'io', name: 'WriteQueue', construct: true, params: [p('stream', 'stream')] },
  // io: adapters
  { pkg: 'io', name: 'fromWritable', params: [p('writable', 'writable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromFileHandle', params: [p('fileHandle', 'fileHandle'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromWebWritable', params: [p('writableStream', 'webWritable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromReadable', params: [p('readable', 'readable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromWebReadable', params: [p('readableStream', 'webReadable'), opt('options', 'options')] },
  { pkg: 'io', name: 'fromDuplex', params: [p('duplex', 'duplex'), opt('options', 'options')] },
];

/**
 * The canonical bytes of a log entry: what one leaf of the transparency log commits to, for one
 * stored event. Specified byte by byte in docs/transparency-log.md ("The log entry").
 *
 *   entry = "factcheck-desk/log-entry/v1" 0x0A
 *           field(stream) u64(revision) field(type) field(data) field(metadata) i64(recordedAtMs)
 *   field(x) = u32(len(x)) ‖ x          (u32/u64/i64 big-endian; len in bytes)
 *
 * `data` and `metadata` are opaque bytes: the event's JSON text exactly as the store holds it, not a
 * re-encoding, so the entry does not depend on how the application reads the data (a field stored
 * encrypted is committed as its ciphertext). The global position is not in the entry: the leaf
 * index is the event's place in global order, which is the same on every store, while the
 * positions are not (EventStoreDB's are byte offsets).
 */
import { bytesEqual, concatBytes, fromUtf8, int64BE, readUint32BE, readUint64BE, uint32BE, uint64BE, utf8 } from './bytes';

export const LOG_ENTRY_HEADER = 'factcheck-desk/log-entry/v1\n';

export interface LogEntryFields {
  stream: string;
  /** The event's 0-based revision in its stream. */
  revision: number;
  type: string;
  /** The event's data as stored: UTF-8 JSON text (or, later, ciphertext). */
  data: Uint8Array;
  /** The event's metadata as stored. */
  metadata: Uint8Array;
  /** When the store recorded it, in whole milliseconds since 1970-01-01T00:00:00Z. */
  recordedAtMs: number;
}

const MAX_FIELD = 0xffffffff;

function field(name: string, bytes: Uint8Array): Uint8Array[] {
  if (bytes.length > MAX_FIELD) throw new RangeError(`the ${name} is longer than 2^32-1 bytes`);
  return [uint32BE(bytes.length), bytes];
}

function wellFormed(name: string, text: string): string {
  // A lone surrogate would be replaced by U+FFFD when encoded: two strings, one entry. Refuse it.
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) {
    throw new RangeError(`the ${name} is not well-formed Unicode (a lone surrogate)`);
  }
  return text;
}

/** The entry's canonical bytes (the leaf hash is `SHA-256(0x00 ‖ these bytes)`). */
export function encodeLogEntry(entry: LogEntryFields): Uint8Array {
  if (!Number.isSafeInteger(entry.revision) || entry.revision < 0) throw new RangeError(`the revision must be a non-negative integer, got ${entry.revision}`);
  if (!Number.isSafeInteger(entry.recordedAtMs)) throw new RangeError(`the recorded time must be whole milliseconds, got ${entry.recordedAtMs}`);
  return concatBytes(
    utf8(LOG_ENTRY_HEADER),
    ...field('stream', utf8(wellFormed('stream', entry.stream))),
    uint64BE(BigInt(entry.revision)),
    ...field('type', utf8(wellFormed('type', entry.type))),
    ...field('data', entry.data),
    ...field('metadata', entry.metadata),
    int64BE(BigInt(entry.recordedAtMs)),
  );
}

/** Why some bytes are not a log entry. */
export class LogEntryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogEntryError';
  }
}

/**
 * The exact inverse of `encodeLogEntry`, strict: a wrong header, a field running past the end, a
 * string that is not UTF-8, a revision or time outside the safe integers, or any byte after the
 * recorded time is refused with the reason. So `encodeLogEntry(decodeLogEntry(b))` is `b` for every
 * `b` it accepts: one entry has one reading.
 */
export function decodeLogEntry(bytes: Uint8Array): LogEntryFields {
  const header = utf8(LOG_ENTRY_HEADER);
  if (bytes.length < header.length || !bytesEqual(bytes.subarray(0, header.length), header)) {
    throw new LogEntryError(`not a log entry: it must start with ${JSON.stringify(LOG_ENTRY_HEADER)}`);
  }
  let at = header.length;
  const need = (n: number, what: string): void => {
    if (bytes.length - at < n) throw new LogEntryError(`truncated log entry: the ${what} needs ${n} bytes at offset ${at}, ${bytes.length - at} left`);
  };
  const field = (what: string): Uint8Array => {
    need(4, `${what}'s length`);
    const length = readUint32BE(bytes, at);
    at += 4;
    need(length, what);
    const value = bytes.slice(at, at + length);
    at += length;
    return value;
  };
  const text = (what: string): string => {
    try {
      return fromUtf8(field(what));
    } catch (error) {
      if (error instanceof LogEntryError) throw error;
      throw new LogEntryError(`malformed log entry: the ${what} is not UTF-8`);
    }
  };
  const stream = text('stream');
  need(8, 'revision');
  const revision = readUint64BE(bytes, at);
  at += 8;
  if (revision > BigInt(Number.MAX_SAFE_INTEGER)) throw new LogEntryError('malformed log entry: the revision is beyond 2^53-1');
  const type = text('type');
  const data = field('data');
  const metadata = field('metadata');
  need(8, 'recorded time');
  const recordedAt = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigInt64(at);
  at += 8;
  if (recordedAt > BigInt(Number.MAX_SAFE_INTEGER) || recordedAt < BigInt(Number.MIN_SAFE_INTEGER)) throw new LogEntryError('malformed log entry: the recorded time is beyond ±(2^53-1) ms');
  if (at !== bytes.length) throw new LogEntryError(`malformed log entry: ${bytes.length - at} byte(s) after the recorded time`);
  return { stream, revision: Number(revision), type, data, metadata, recordedAtMs: Number(recordedAt) };
}

/** The shape of a stored event this module reads (the event-store port's RecordedEvent fits it). */
export interface StoredEventLike {
  stream: string;
  revision: number;
  type: string;
  data: unknown;
  metadata: unknown;
  recordedAt: Date;
}

/**
 * The stored bytes of a JSON value as both adapters write it: `JSON.stringify` (the embedded store's
 * TEXT column and the EventStoreDB client's JSON body are exactly this). Reading parses the text and
 * keeps key order, and JSON.parse/JSON.stringify round-trips any text JSON.stringify produced, so
 * this reproduces the stored bytes of every event this service wrote. It does not for JSON written
 * by another client with other spacing or number forms: a store adapter that can hand over the raw
 * bytes should pass those instead.
 */
export function storedJsonBytes(value: unknown): Uint8Array {
  const text = JSON.stringify(value);
  if (text === undefined) throw new RangeError('the value has no JSON form');
  return utf8(wellFormed('JSON text', text));
}

/** The entry of a stored event read through the event-store port. */
export function logEntryOf(event: StoredEventLike): Uint8Array {
  return encodeLogEntry({
    stream: event.stream,
    revision: event.revision,
    type: event.type,
    data: storedJsonBytes(event.data),
    metadata: storedJsonBytes(event.metadata),
    recordedAtMs: event.recordedAt.getTime(),
  });
}

import { createHash } from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { InvalidArgument } from './refusal';

/**
 * The one cursor format of every paginated query: base64url JSON `{ v: 1, q, k }`, where `k` is the
 * position (the sort key of the last row) and `q` a short hash of the query it belongs to. A cursor
 * is opaque to clients but not secret; what matters is that a cursor handed to another query (other
 * filter, order or actor) is refused rather than silently read as a position in a different list.
 */

/** One part of a position: a whole number (a sequence, a revision, an offset) or a short text (a timestamp). */
export type CursorPart = 'int' | 'text';
export type Position = readonly (string | number)[];
type PositionOf<S extends readonly CursorPart[]> = { -readonly [I in keyof S]: S[I] extends 'int' ? number : string };

interface Encoded {
  v: 1;
  q: string;
  k: (string | number)[];
}

const MAX_CURSOR_LENGTH = 512;
const MAX_TEXT_PART = 40;
const MAX_PARTS = 4;

export interface QueryCursors {
  /** The cursor of the row at `position` in this query. */
  encode(position: Position): string;
  /** The position `value` names in this query; InvalidArgument (field `after`) when it is not one. */
  decode<const S extends readonly CursorPart[]>(value: string, shape: S): PositionOf<S>;
}

/**
 * Cursors of one query. `query` is whatever identifies it (filters, order, the actor...): equal values
 * give equal keys whatever the order of their fields. `label` names the query in the refusal, e.g.
 * "history query" gives "after is a cursor from a different history query; start again without it".
 */
export function cursorsFor(query: unknown, label = 'query'): QueryCursors {
  const key = queryKey(query);
  return {
    encode: (position) => Buffer.from(JSON.stringify({ v: 1, q: key, k: [...position] } satisfies Encoded)).toString('base64url'),
    decode: (value, shape) => {
      const cursor = parse(value);
      // The query first: a well-formed cursor of another query deserves the more helpful message.
      if (cursor.q !== key) throw new InvalidArgument(`after is a cursor from a different ${label}; start again without it`, { field: 'after' });
      const fits = cursor.k.length === shape.length && shape.every((part, i) => (part === 'int' ? typeof cursor.k[i] === 'number' : typeof cursor.k[i] === 'string'));
      if (!fits) throw forged();
      return cursor.k as PositionOf<typeof shape>;
    },
  };
}

/** A short, stable key of a query: enough to tell queries apart, short enough to keep cursors small. */
export function queryKey(query: unknown): string {
  return createHash('sha256').update(canonicalJson(query ?? null)).digest('base64url').slice(0, 16);
}

function parse(value: string): Encoded {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_CURSOR_LENGTH) throw forged();
  const bytes = Buffer.from(value, 'base64url');
  // Node skips characters outside the alphabet; a cursor we issued is exactly the encoding of its bytes.
  if (bytes.toString('base64url') !== value) throw forged();
  let cursor: unknown;
  try {
    cursor = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw forged();
  }
  if (!isEncoded(cursor)) throw forged();
  return cursor;
}

function isEncoded(value: unknown): value is Encoded {
  if (value === null || typeof value !== 'object') return false;
  const { v, q, k } = value as Partial<Record<keyof Encoded, unknown>>;
  return (
    v === 1 &&
    typeof q === 'string' &&
    Array.isArray(k) &&
    k.length >= 1 &&
    k.length <= MAX_PARTS &&
    k.every((part) => (typeof part === 'number' && Number.isSafeInteger(part) && part >= 0) || (typeof part === 'string' && part.length <= MAX_TEXT_PART))
  );
}

function forged(): InvalidArgument {
  return new InvalidArgument('after is not a cursor this service issued', { field: 'after' });
}

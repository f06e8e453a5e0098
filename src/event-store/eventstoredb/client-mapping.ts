import {
  ANY as ESDB_ANY,
  AllStreamResolvedEvent,
  AppendExpectedRevision,
  CurrentRevision,
  NO_STREAM as ESDB_NO_STREAM,
  Position,
  ResolvedEvent,
  STREAM_EXISTS as ESDB_STREAM_EXISTS,
} from '@eventstore/db-client';
import { ActualRevision, EventStoreUnavailable } from '../event-store.errors';
import { ANY, ExpectedRevision, JsonObject, NO_STREAM, RecordedEvent, STREAM_EXISTS } from '../event-store.port';

// Translations between the gRPC client's types and the port's: revisions, positions, events, errors.

export function toClientExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case ANY:
      return ESDB_ANY;
    case NO_STREAM:
      return ESDB_NO_STREAM;
    case STREAM_EXISTS:
      return ESDB_STREAM_EXISTS;
    default:
      return BigInt(expected);
  }
}

export function toActual(current: CurrentRevision): ActualRevision {
  return current === ESDB_NO_STREAM ? 'no_stream' : Number(current);
}

/**
 * Where to read or subscribe from so that every event at commit position `position` is included.
 * The server orders `$all` by (commit, prepare) and starts forward reads at the commit record
 * (AllReader.ReadAllEventsForward, KurrentDB 24.10); events of one explicit transaction share the
 * commit position and have prepare positions below it, so prepare 0 comes before all of them.
 */
export function atPosition(position: number): Position {
  return { commit: BigInt(position), prepare: 0n };
}

/**
 * Where to subscribe from so that delivery starts after every event at commit position
 * `position`: (c, c) is at or after each (c, p) since p <= c, and before anything committed later.
 */
export function afterPosition(position: number): Position {
  return { commit: BigInt(position), prepare: BigInt(position) };
}

/** The (commit, prepare) pair of an event read from `$all`: its place in the server's order. */
export function rawPair(resolved: ResolvedEvent | AllStreamResolvedEvent): Position {
  const commit = rawPosition(resolved);
  return { commit, prepare: resolved.event?.position?.prepare ?? commit };
}

/** Orders two positions as the server does (TFPos.CompareTo): by commit, then prepare. */
export function comparePairs(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  return a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
}

export function rawPosition(resolved: ResolvedEvent | AllStreamResolvedEvent): bigint {
  const position = resolved.event?.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new EventStoreUnavailable('EventStoreDB returned an event without a position');
  return position;
}

export function userEvents(resolved: (ResolvedEvent | AllStreamResolvedEvent)[]): RecordedEvent[] {
  return resolved.map(toRecordedEvent).filter((event): event is RecordedEvent => event !== undefined);
}

/** Maps a client event to the port's shape, or undefined for system and link events. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event || resolved.link || event.type.startsWith('$') || event.streamId.startsWith('$')) return undefined;
  return {
    id: event.id,
    stream: event.streamId,
    type: event.type,
    revision: Number(event.revision),
    position: Number(rawPosition(resolved)),
    data: asJsonObject(event.data),
    metadata: asJsonObject(event.metadata),
    recordedAt: event.created,
  };
}

/**
 * Our writers only store JSON objects. Anything else (absent metadata, an event written as
 * binary by another tool) becomes the object it decodes to, or {}.
 */
export function asJsonObject(value: unknown): JsonObject {
  let decoded = value;
  if (value instanceof Uint8Array) {
    try {
      decoded = JSON.parse(Buffer.from(value).toString('utf8'));
    } catch {
      return {};
    }
  }
  return decoded !== null && typeof decoded === 'object' && !Array.isArray(decoded) ? (decoded as JsonObject) : {};
}

export async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}


export function describe(error: unknown): string {
  return error instanceof Error ? error.message || error.constructor.name : String(error);
}

import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { JsonObject, NewEvent, RecordedEvent } from '../../event-store/event-store.port';

/**
 * Tamper evidence: every event carries in its metadata `previousHash` (the hash of the event before
 * it in the same stream, null for the first) and `hash`, a SHA-256 over the event's canonical
 * content: its type, its data and all of its metadata but `hash` itself. Changing, removing or
 * reordering any stored event breaks the chain from that event on.
 */
export const HASH_ALGORITHM = 'sha256';

export function eventHash(type: string, data: unknown, metadataWithoutHash: unknown): string {
  return createHash(HASH_ALGORITHM).update(canonicalJson({ type, data, metadata: metadataWithoutHash })).digest('hex');
}

/** Adds `previousHash` and `hash` to events about to be appended after `previousHash`. */
export function chainEvents(events: NewEvent[], previousHash: string | null): NewEvent[] {
  let previous = previousHash;
  return events.map((event) => {
    const metadata: JsonObject = { ...(event.metadata ?? {}), previousHash: previous };
    const hash = eventHash(event.type, event.data, metadata);
    previous = hash;
    return { ...event, metadata: { ...metadata, hash } };
  });
}

export function hashOf(event: RecordedEvent | undefined): string | null {
  const hash = event?.metadata.hash;
  return typeof hash === 'string' ? hash : null;
}

export interface ChainBreak {
  revision: number;
  position: number;
  eventId: string;
  type: string;
  reason: string;
}

/**
 * Checks events of one stream, in revision order, continuing from `previousHash` (null at the
 * start of the stream). Returns the first event that does not match, or undefined.
 */
export function findChainBreak(events: RecordedEvent[], previousHash: string | null, expectedRevision = 0): ChainBreak | undefined {
  let previous = previousHash;
  let revision = expectedRevision;
  for (const event of events) {
    const at = { revision: event.revision, position: event.position, eventId: event.id, type: event.type };
    if (event.revision !== revision) {
      return { ...at, reason: `expected revision ${revision} here, found ${event.revision}: events are missing or out of order` };
    }
    const { hash, ...rest } = event.metadata;
    if (typeof hash !== 'string') return { ...at, reason: 'the event carries no hash' };
    if ((rest.previousHash ?? null) !== previous) {
      return { ...at, reason: 'its previousHash does not match the hash of the event before it: an earlier event was removed, replaced or reordered' };
    }
    if (eventHash(event.type, event.data, rest) !== hash) {
      return { ...at, reason: 'its content does not match its hash: the type, data or metadata were altered after it was written' };
    }
    previous = hash;
    revision += 1;
  }
  return undefined;
}

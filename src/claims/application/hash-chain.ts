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

/** What the first event checked must chain onto: the hash before it and, when known, its revision. */
export interface ChainAnchor {
  previousHash: string | null;
  /** The revision the first event must have; undefined when the store's own revision is taken as it is. */
  revision?: number;
}

/**
 * Where a claim's stream, as the store holds it now, begins. Revision 0 is the claim's origin. A
 * stream read from above 0 either starts a new chain with a ClaimSubmitted (the stream was
 * soft-deleted and written again: its earlier events are gone, the claim begins afresh) or
 * continues a chain whose start is gone (truncated by $maxCount, $maxAge or $tb).
 */
export type StoredStart =
  | { kind: 'origin'; firstRevision: number }
  | { kind: 'resubmitted'; firstRevision: number }
  | { kind: 'truncated'; firstRevision: number };

export function storedStart(first: RecordedEvent): StoredStart {
  const firstRevision = first.revision;
  if (firstRevision === 0) return { kind: 'origin', firstRevision };
  if (first.type === 'ClaimSubmitted' && (first.metadata.previousHash ?? null) === null) return { kind: 'resubmitted', firstRevision };
  return { kind: 'truncated', firstRevision };
}

/**
 * The anchor to check a stream read from its first stored event against: a claim's chain starts
 * at null, except where its start is gone, where the first event's own previousHash is taken on
 * trust (nothing left can confirm it) and the rest is checked from there.
 */
export function anchorOf(first: RecordedEvent, start: StoredStart = storedStart(first)): ChainAnchor {
  if (start.kind === 'truncated') {
    const previous = first.metadata.previousHash;
    return { previousHash: typeof previous === 'string' ? previous : null, revision: first.revision };
  }
  return { previousHash: null, revision: first.revision };
}

/**
 * Checks events of one stream, in revision order, continuing from `anchor`. Each event must be at
 * the revision after the one before it (a stream's revisions have no gaps; only its start can be
 * gone), carry a hash over its content, and chain onto the event before. Returns the first event
 * that does not match, or undefined.
 */
export function findChainBreak(events: RecordedEvent[], anchor: ChainAnchor): ChainBreak | undefined {
  let previous = anchor.previousHash;
  let revision = anchor.revision;
  for (const event of events) {
    const at = { revision: event.revision, position: event.position, eventId: event.id, type: event.type };
    if (revision !== undefined && event.revision !== revision) {
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
    revision = event.revision + 1;
  }
  return undefined;
}

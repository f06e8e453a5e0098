import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json';
import type { JsonObject, NewEvent, RecordedEvent } from '../../event-store/event-store.port';
import { isNoteEventType, NOTE_EVENT_SCHEMA_VERSIONS, NoteEvent } from '../domain/note';

/** The contract's stream name (issue 13): one stream of notes per claim. */
export const NOTES_STREAM_PREFIX = 'claim-notes-';
export const notesStream = (claimId: string) => `${NOTES_STREAM_PREFIX}${claimId}`;
export const claimIdOfNotesStream = (stream: string) => stream.slice(NOTES_STREAM_PREFIX.length);
export const isNotesStream = (stream: string) => stream.startsWith(NOTES_STREAM_PREFIX);

/** The claim's own stream, read only to know that the claim exists (the claims feature owns it). */
export const claimStreamOf = (claimId: string) => `claim-${claimId}`;

/** Who, when and why, as every other event of the desk carries it. */
export interface NoteEnvelope {
  actor: { id: string; name: string; roles: string[] };
  correlationId: string;
  commandId: string;
  commandType: string;
  occurredAt: Date;
}

/**
 * Stored events with the metadata the claim's events carry (schema version, actor, roles, times,
 * correlation, causation) and the same hash chain: `previousHash` and `hash` (SHA-256 over the
 * canonical JSON of type, data and metadata but hash). The chain of a notes stream is its own; the
 * claim's audit trail (verifyAuditTrail) stays about the claim's stream.
 */
export function toStoredNoteEvents(events: NoteEvent[], envelope: NoteEnvelope, previousHash: string | null, ids: (index: number) => string): NewEvent[] {
  let previous = previousHash;
  return events.map((event, index) => {
    const metadata: JsonObject = {
      schemaVersion: NOTE_EVENT_SCHEMA_VERSIONS[event.type],
      actorId: envelope.actor.id,
      actorName: envelope.actor.name,
      actorRoles: [...envelope.actor.roles],
      occurredAt: envelope.occurredAt.toISOString(),
      correlationId: envelope.correlationId,
      causationId: envelope.commandId,
      commandType: envelope.commandType,
      previousHash: previous,
    };
    const data = event.data as unknown as JsonObject;
    const hash = createHash('sha256').update(canonicalJson({ type: event.type, data, metadata })).digest('hex');
    previous = hash;
    return { id: ids(index), type: event.type, data, metadata: { ...metadata, hash } };
  });
}

/** A stored note event as the domain reads it. Version 1 is the only one so far: nothing to upcast. */
export function toNoteEvent(event: RecordedEvent): NoteEvent {
  if (!isNoteEventType(event.type)) throw new Error(`Not a note event: ${event.type} (stream ${event.stream}, revision ${event.revision})`);
  return { type: event.type, data: event.data } as unknown as NoteEvent;
}

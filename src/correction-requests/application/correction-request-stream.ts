import type { JsonObject, NewEvent, RecordedEvent } from '../../event-store/event-store.port';
import { isDeskMember, type Actor } from '../../shared/actor';
import {
  CORRECTION_REQUEST_EVENT_SCHEMA_VERSIONS,
  CorrectionRequestEvent,
  CorrectionRequestState,
  evolve,
  isCorrectionRequestEventType,
} from '../domain/correction-request';

export const CORRECTION_REQUEST_STREAM_PREFIX = 'correction-request-';
export const correctionRequestStream = (requestId: string) => `${CORRECTION_REQUEST_STREAM_PREFIX}${requestId}`;

/** Who stands behind a request made without a token (or with a token that carries no desk role). */
export const PUBLIC_ACTOR = { id: 'public', name: 'A reader', roles: [] as string[] };

export interface Envelope {
  actor: Actor | null;
  correlationId: string;
  commandId: string;
  commandType: string;
  occurredAt: Date;
}

/**
 * The metadata of the claims' events (schema version, who, when, correlation, causation), so the
 * log reads alike. A reader is recorded as "public": a reader's token subject is not kept.
 */
export function toStoredEvent(event: CorrectionRequestEvent, envelope: Envelope, id: string): NewEvent {
  const desk = isDeskMember(envelope.actor) ? envelope.actor : null;
  const actor = desk ?? PUBLIC_ACTOR;
  const metadata = {
    schemaVersion: CORRECTION_REQUEST_EVENT_SCHEMA_VERSIONS[event.type],
    actorId: actor.id,
    actorName: actor.name,
    actorRoles: [...actor.roles],
    occurredAt: envelope.occurredAt.toISOString(),
    correlationId: envelope.correlationId,
    causationId: envelope.commandId,
    commandType: envelope.commandType,
  };
  return { id, type: event.type, data: event.data as unknown as JsonObject, metadata };
}

/** A stored event back in the domain's shape (all are at schema version 1: nothing to upcast yet). */
export function toCorrectionRequestEvent(recorded: RecordedEvent): CorrectionRequestEvent {
  if (!isCorrectionRequestEventType(recorded.type)) {
    throw new Error(`Stream ${recorded.stream} holds an event of unknown type ${recorded.type} at revision ${recorded.revision}`);
  }
  return { type: recorded.type, data: recorded.data } as unknown as CorrectionRequestEvent;
}

/** Folds a stored event; the state carries the event's own revision (a stream may start above 0). */
export function evolveRecorded(state: CorrectionRequestState, recorded: RecordedEvent): CorrectionRequestState {
  return { ...evolve(state, toCorrectionRequestEvent(recorded)), revision: recorded.revision };
}

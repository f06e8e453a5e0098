import type { Actor } from '../../shared/actor';
import { JsonObject, NewEvent, RecordedEvent } from '../../event-store/event-store.port';
import { CLAIM_EVENT_SCHEMA_VERSIONS, ClaimEvent, ClaimState, evolve, isClaimEventType } from '../domain/claim';
import type { ClaimCommand, DecisionContext } from '../domain/commands';
import { decide } from '../domain/decide';
import { chainEvents } from './hash-chain';
import { upcast } from './upcasting';

export const CLAIM_STREAM_PREFIX = 'claim-';
export const claimStream = (claimId: string) => `${CLAIM_STREAM_PREFIX}${claimId}`;

/** Who, when and why: stored with every event, beside its data. */
export interface EventMetadata {
  schemaVersion: number;
  actorId: string;
  actorName: string;
  actorRoles: string[];
  occurredAt: string;
  /** Shared by every event a single request caused, across streams. */
  correlationId: string;
  /** The command that produced the event. */
  causationId: string;
  commandType: string;
  /** SHA-256 of the command as decided: a retry with the same mutationId must carry the same command. */
  commandHash?: string;
  /** Set on events written by a case import: who ran it (the actor is the file's person who did the act). */
  importedBy?: { id: string; name: string };
}

export interface CommandEnvelope {
  commandId: string;
  commandType: string;
  commandHash?: string;
  correlationId: string;
  actor: Actor;
  occurredAt: Date;
  importedBy?: { id: string; name: string };
}

export function toStoredEvent(event: ClaimEvent, envelope: CommandEnvelope, id: string): NewEvent {
  const metadata: EventMetadata = {
    schemaVersion: CLAIM_EVENT_SCHEMA_VERSIONS[event.type],
    actorId: envelope.actor.id,
    actorName: envelope.actor.name,
    actorRoles: envelope.actor.roles,
    occurredAt: envelope.occurredAt.toISOString(),
    correlationId: envelope.correlationId,
    causationId: envelope.commandId,
    commandType: envelope.commandType,
    ...(envelope.commandHash ? { commandHash: envelope.commandHash } : {}),
    ...(envelope.importedBy ? { importedBy: envelope.importedBy } : {}),
  };
  return { id, type: event.type, data: event.data as unknown as JsonObject, metadata: metadata as unknown as JsonObject };
}

/**
 * The events a command decided, as they are appended: each with its envelope metadata and id, and
 * hash-chained onto the stream's last event (`previousHash`, null for a new stream).
 */
export function stampEvents(events: ClaimEvent[], envelope: CommandEnvelope, eventId: (index: number) => string, previousHash: string | null): NewEvent[] {
  return chainEvents(
    events.map((event, index) => toStoredEvent(event, envelope, eventId(index))),
    previousHash,
  );
}

/** A command's outcome before it is appended: its events, as decided and as stamped, and the state they lead to. */
export interface StampedDecision {
  events: ClaimEvent[];
  stored: NewEvent[];
  state: ClaimState;
  /** The hash of the last stamped event: what the stream's next command chains onto. */
  lastHash: string | null;
}

/**
 * Pure: the write side of a command without the store. `decide` on the claim's state, then
 * `stampEvents` with an envelope for the deciding actor and time, chained onto `previousHash`.
 */
export function decideAndStamp(
  command: ClaimCommand,
  state: ClaimState,
  context: DecisionContext,
  stamp: { envelope: Omit<CommandEnvelope, 'commandType' | 'actor' | 'occurredAt'>; eventId: (index: number) => string; previousHash: string | null },
): StampedDecision {
  const events = decide(command, state, context);
  const envelope: CommandEnvelope = { ...stamp.envelope, commandType: command.type, actor: context.actor, occurredAt: context.now };
  const stored = stampEvents(events, envelope, stamp.eventId, stamp.previousHash);
  const hash = stored[stored.length - 1]?.metadata?.hash;
  return { events, stored, state: events.reduce(evolve, state), lastHash: typeof hash === 'string' ? hash : stamp.previousHash };
}

/**
 * Folds a stored event into the state, which then carries the event's own revision: the domain's
 * `evolve` counts the events it folds, which equals the revision only for a stream read from
 * revision 0 (a truncated or recreated stream starts above it).
 */
export function evolveRecorded(state: ClaimState, recorded: RecordedEvent): ClaimState {
  return { ...evolve(state, toClaimEvent(recorded)), revision: recorded.revision };
}

/** A stored event back in the domain's shape, upcast to the current schema version. */
export function toClaimEvent(recorded: RecordedEvent): ClaimEvent {
  if (!isClaimEventType(recorded.type)) {
    throw new Error(`Stream ${recorded.stream} holds an event of unknown type ${recorded.type} at revision ${recorded.revision}`);
  }
  return { type: recorded.type, data: upcast(recorded).data } as unknown as ClaimEvent;
}

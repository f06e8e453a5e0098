import type { JsonObject, NewEvent } from '../../event-store/event-store.port';
import type { ActorRef } from '../domain/claim';
import type { ClaimCommand } from '../domain/commands';
import { DeskError } from '../domain/desk-error';

/**
 * Refusals the desk keeps on record although nothing changed on the claim: a self-review refused
 * (someone tried to rate, or be assigned to review, a claim they submitted). The standards report
 * counts them. They go to a stream of their own, so the claim's stream (and its hash chain) stays
 * exactly what the claim is.
 */
export const DESK_REFUSALS_STREAM = 'desk-refusals';

export type SelfReviewRefused = {
  type: 'SelfReviewRefused';
  data: { claimId: string; actor: ActorRef; attempted: string; at: string; reviewerId: string };
};
export const SELF_REVIEW_REFUSED_SCHEMA_VERSION = 1;

/** The self-review a refusal stands for, or null when the refusal is of another kind. */
export function selfReviewRefused(command: ClaimCommand, error: unknown, actor: ActorRef, at: Date): SelfReviewRefused | null {
  if (!(error instanceof DeskError) || error.code !== 'CONFLICT_OF_INTEREST') return null;
  if (command.type === 'RecordVerdict') {
    return { type: 'SelfReviewRefused', data: { claimId: command.claimId, actor, attempted: command.type, at: at.toISOString(), reviewerId: actor.id } };
  }
  if (command.type === 'AssignReviewers') {
    const reviewerId = typeof error.details?.reviewerId === 'string' ? error.details.reviewerId : actor.id;
    return { type: 'SelfReviewRefused', data: { claimId: command.claimId, actor, attempted: command.type, at: at.toISOString(), reviewerId } };
  }
  return null;
}

/** As appended: with the metadata every desk event carries (who, when, which request and command). */
export function storedRefusal(
  event: SelfReviewRefused,
  id: string,
  envelope: { actorRoles: string[]; correlationId: string; causationId: string; commandType: string },
): NewEvent {
  const metadata = {
    schemaVersion: SELF_REVIEW_REFUSED_SCHEMA_VERSION,
    actorId: event.data.actor.id,
    actorName: event.data.actor.name,
    actorRoles: envelope.actorRoles,
    occurredAt: event.data.at,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    commandType: envelope.commandType,
  };
  return { id, type: event.type, data: event.data as unknown as JsonObject, metadata: metadata as unknown as JsonObject };
}

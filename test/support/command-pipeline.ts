import { ClaimCommandPipeline } from '../../src/claims/application/claim-command-pipeline';
import { CommandRequest } from '../../src/claims/application/claim-commands';
import { DEFAULT_CLAIM_LIMITS, DeskPolicy } from '../../src/claims/domain/commands';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { EventStore } from '../../src/event-store/event-store.port';

/** A command pipeline on any store, as the desk builds it, with a fixed clock and id secret: for the pipeline's specs. */
export const POLICY: DeskPolicy = { scale: ratingScale(), minReviewers: 2, limits: DEFAULT_CLAIM_LIMITS };
export const SECRET = 'a-test-secret-for-ids-0123456789abcdef';
export const alice = { id: 'alice', name: 'Alice', roles: ['contributor' as const] };

export function pipelineOn(store: EventStore, cacheMb = 64): ClaimCommandPipeline {
  const clock = () => new Date('2025-07-10T12:00:00.000Z');
  return new ClaimCommandPipeline(store, clock, POLICY, { reached: async () => 'reached' as const }, { startTimer: () => () => undefined }, { CLAIM_STATE_CACHE_MB: cacheMb }, SECRET);
}

export const request = (extra: Partial<CommandRequest> = {}): CommandRequest => ({ actor: alice, correlationId: 'test', ...extra });

import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Channel } from '../../shared/channel';
import { ActorRef, Claimant, ClaimStatus, ExistingClaim } from '../domain/claim';
import { isPublicCitation } from '../domain/rules';
import { Feed } from '../../projections/feed';
import { ProjectionChange } from '../../projections/projection';
import { ReadModelsService } from '../../projections/read-models.service';
import { ClaimsReadModel } from './claims.read-model';
import { claimsProjection } from './claims.projection';

/**
 * What a live update carries about the claim: its headline and counts, never its evidence, verdicts
 * or corrections. Every part is bounded by the input limits (statement 4,000 characters, claimant
 * 300, topics 20 x 60, assignees CLAIM_MAX_ASSIGNEES x (id 100 + name 300)), so one update is at most
 * about 16,000 characters with the default limits however big the claim grows; a client that wants
 * the rest queries `claim(id)` at the revision the update names.
 */
export interface ClaimSummary {
  id: string;
  revision: number;
  status: ClaimStatus;
  statement: string;
  claimant: Claimant;
  claimDate: string;
  language: string;
  topics: string[];
  submittedBy: ActorRef;
  updatedAt: string;
  assignees: ActorRef[];
  citationCount: number;
  verdictCount: number;
  correctionCount: number;
  /** The published (or corrected) rating, null before publication. */
  rating: string | null;
}

export function summarise(claim: ExistingClaim): ClaimSummary {
  return {
    id: claim.id,
    revision: claim.revision,
    status: claim.status,
    statement: claim.statement,
    claimant: claim.claimant,
    claimDate: claim.claimDate,
    language: claim.language,
    topics: claim.topics,
    submittedBy: claim.submittedBy,
    updatedAt: claim.updatedAt,
    assignees: claim.assignees,
    // Live updates reach anonymous subscribers: evidence added after publication stays uncounted until a
    // correction publishes it, as it stays out of claim(id) for them.
    citationCount: claim.citations.filter((citation) => isPublicCitation(claim, citation)).length,
    verdictCount: claim.verdicts.length,
    correctionCount: claim.corrections.length,
    rating: claim.publication?.rating ?? null,
  };
}

export interface ClaimChangePayload {
  claimId: string;
  status: ClaimStatus;
  revision: number;
  position: number;
  eventTypes: string[];
  claim: ClaimSummary;
}

export interface FeedFilter {
  status?: ClaimStatus[];
  assigneeId?: string;
}

/**
 * Pushes claim changes to GraphQL subscribers. Fed by the read models' change feed after each
 * committed batch (so a subscriber that then queries sees the same state), never by the in-process EventBus.
 * Each instance pushes to its own subscribers; every instance follows the whole log.
 */
@Injectable()
export class ClaimLiveUpdates implements OnModuleInit, OnModuleDestroy {
  /** Every claim change of the current read models, to each open subscription's channel. */
  private readonly payloads = new Feed<ClaimChangePayload>();
  private unsubscribe?: () => void;

  constructor(
    private readonly readModels: ReadModelsService,
    private readonly claims: ClaimsReadModel,
  ) {}

  onModuleInit(): void {
    this.unsubscribe = this.readModels.changes.subscribe((changes) => this.publish(changes));
  }

  onModuleDestroy(): void {
    this.unsubscribe?.();
  }

  /** The claim's summary now (so a client that reconnects has the state again), then after every change. */
  claimUpdates(claimId: string, visible?: ClaimStatus[]): Channel<ClaimSummary> {
    const channel = this.channel<ClaimSummary>((change, push) => {
      if (change.claimId === claimId && (!visible || visible.includes(change.status))) push(change.claim);
    });
    const current = this.claims.get(claimId, visible);
    if (current) channel.push(summarise(current));
    return channel;
  }

  deskFeed(filter: FeedFilter = {}): Channel<ClaimChangePayload> {
    return this.channel<ClaimChangePayload>((change, push) => {
      if (filter.status?.length && !filter.status.includes(change.status)) return;
      if (filter.assigneeId && !change.claim.assignees.some((a) => a.id === filter.assigneeId)) return;
      push(change);
    });
  }

  private channel<T>(route: (change: ClaimChangePayload, push: (value: T) => void) => void): Channel<T> {
    const channel: Channel<T> = new Channel<T>(() => unsubscribe());
    const unsubscribe = this.payloads.subscribe((change) => route(change, (value) => channel.push(value)));
    return channel;
  }

  /**
   * One notification per claim per batch (the feed has one change per key), carrying the claim's
   * summary as the read model now holds it: one bounded object shared by every subscriber.
   */
  private publish(changes: ProjectionChange[]): void {
    if (!this.payloads.hasSubscribers) return;
    for (const { projection, key: claimId, position, eventTypes } of changes) {
      if (projection !== claimsProjection.name) continue;
      const claim = this.claims.get(claimId);
      if (!claim) continue;
      const payload: ClaimChangePayload = { claimId, status: claim.status, revision: claim.revision, position, eventTypes, claim: summarise(claim) };
      this.payloads.publish(payload);
    }
  }
}

import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Channel } from '../../shared/channel';
import { ClaimStatus, ExistingClaim } from '../domain/claim';
import { Feed } from '../../projections/feed';
import { ProjectionChange } from '../../projections/projection';
import { ReadModelsService } from '../../projections/read-models.service';
import { ClaimsReadModel } from './claims.read-model';
import { claimsProjection } from './claims.projection';

export interface ClaimChangePayload {
  claimId: string;
  status: ClaimStatus;
  revision: number;
  position: number;
  eventTypes: string[];
  claim: ExistingClaim;
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

  /** The claim now (so a client that reconnects has the state again), then after every change. */
  claimUpdates(claimId: string, visible?: ClaimStatus[]): Channel<ExistingClaim> {
    const channel = this.channel<ExistingClaim>((change, push) => {
      if (change.claimId === claimId && (!visible || visible.includes(change.status))) push(change.claim);
    });
    const current = this.claims.get(claimId, visible);
    if (current) channel.push(current);
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

  /** One notification per claim per batch (the feed has one change per key), carrying the claim as the read model now holds it. */
  private publish(changes: ProjectionChange[]): void {
    if (!this.payloads.hasSubscribers) return;
    for (const { projection, key: claimId, position, eventTypes } of changes) {
      if (projection !== claimsProjection.name) continue;
      const claim = this.claims.get(claimId);
      if (!claim) continue;
      const payload: ClaimChangePayload = { claimId, status: claim.status, revision: claim.revision, position, eventTypes, claim };
      this.payloads.publish(payload);
    }
  }
}

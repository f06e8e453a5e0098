import { Inject } from '@nestjs/common';
import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { EVENT_STORE, EventStore } from '../../event-store/event-store.port';
import { claimStream, toClaimEvent } from '../claim-stream';
import { ExistingClaim, foldClaim } from '../domain/claim';

/** The claim as it stands now, folded straight from its stream (always current, never stale). */
export class GetClaimQuery {
  constructor(readonly claimId: string) {}
}

@QueryHandler(GetClaimQuery)
export class GetClaimQueryHandler implements IQueryHandler<GetClaimQuery, ExistingClaim | null> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ claimId }: GetClaimQuery): Promise<ExistingClaim | null> {
    const read = await this.store.readStream(claimStream(claimId));
    if (!read.found) return null;
    const state = foldClaim(read.events.map(toClaimEvent));
    return state.exists ? state : null;
  }
}

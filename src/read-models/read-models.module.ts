import { Module } from '@nestjs/common';
import { ActivityReadModel } from './activity/activity.read-model';
import { ClaimLiveUpdates } from './claims/claim-live-updates';
import { ClaimsReadModel } from './claims/claims.read-model';
import { ClaimsResolver } from './claims/claims.resolver';

/** The desk's read side: claim lists, counts, the reviewer's queue, live updates. */
@Module({
  providers: [ClaimsReadModel, ActivityReadModel, ClaimLiveUpdates, ClaimsResolver],
  exports: [ClaimsReadModel, ActivityReadModel],
})
export class ReadModelsModule {}

import { Module } from '@nestjs/common';
import { deskPolicyProvider } from '../fact-check/desk-policy';
import { ReadModelsModule } from '../read-models/read-models.module';
import { ClaimReviewController } from './claim-review.controller';
import { ClaimReviewResolver } from './claim-review.resolver';
import { ClaimReviewService } from './claim-review.service';

/**
 * schema.org ClaimReview export of published fact-checks: GET /claims/:id/claim-review.jsonld, the
 * paginated feed GET /claim-reviews.jsonld, and `Claim.claimReview` in GraphQL.
 * The desk policy (its rating scale) is provided here again rather than importing FactCheckModule.
 */
@Module({
  imports: [ReadModelsModule],
  providers: [deskPolicyProvider, ClaimReviewService, ClaimReviewResolver],
  controllers: [ClaimReviewController],
})
export class ClaimReviewModule {}

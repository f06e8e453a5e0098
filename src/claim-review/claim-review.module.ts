import { Module } from '@nestjs/common';
import { ClaimsModule } from '../claims/claims.module';
import { ClaimReviewController } from './claim-review.controller';
import { ClaimReviewResolver } from './claim-review.resolver';
import { ClaimReviewService } from './claim-review.service';

/**
 * schema.org ClaimReview export of published fact-checks: GET /claims/:id/claim-review.jsonld, the
 * paginated feed GET /claim-reviews.jsonld, and `Claim.claimReview` in GraphQL.
 */
@Module({
  imports: [ClaimsModule],
  providers: [ClaimReviewService, ClaimReviewResolver],
  controllers: [ClaimReviewController],
  exports: [ClaimReviewService],
})
export class ClaimReviewModule {}

import { Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { ExistingClaim } from '../claims/domain/claim';
import { Claim } from '../claims/api/claim.types';
import type { ClaimReviewJsonLd } from './claim-review.builder';
import { ClaimReviewService, ExternalClaimReviewDocument } from './claim-review.service';
import { JsonScalar } from '../graphql/json.scalar';

/** `Claim.claimReview`: the same JSON-LD document that GET /claims/:id/claim-review.jsonld serves. */
@Resolver(() => Claim)
export class ClaimReviewResolver {
  constructor(private readonly reviews: ClaimReviewService) {}

  @ResolveField('claimReview', () => JsonScalar, {
    nullable: true,
    description:
      'The schema.org ClaimReview (JSON-LD) this fact-check exports, exactly as GET /claims/{id}/claim-review.jsonld serves it. ' +
      'Null unless the fact-check is published; also null once it is retracted (a retracted fact-check exports no ClaimReview). ' +
      'For an EXTERNAL claim: the other fact-checker\'s own ClaimReview, exactly as imported.',
  })
  claimReview(@Parent() claim: ExistingClaim): ClaimReviewJsonLd | ExternalClaimReviewDocument | null {
    return this.reviews.liveReviewOf(claim);
  }
}

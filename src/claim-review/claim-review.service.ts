import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { PublicAddress } from '../config/public-address';
import type { ExistingClaim } from '../claims/domain/claim';
import type { DeskPolicy } from '../claims/domain/commands';
import { DESK_POLICY } from '../claims/application/desk-policy';
import { ClaimsReadModel, PUBLIC_STATUSES } from '../claims/read-model/claims.read-model';
import { buildClaimReview, ClaimReviewContext, ClaimReviewJsonLd, factCheckUrl, isoDate } from './claim-review.builder';

/** Another desk's ClaimReview, served back as it was imported: its own author, rating and url, never ours. */
export type ExternalClaimReviewDocument = { [key: string]: unknown };

export type ClaimReviewLookup =
  | { kind: 'live'; review: ClaimReviewJsonLd | ExternalClaimReviewDocument }
  | { kind: 'retracted'; url: string; retraction: { note: string; at: string } }
  | { kind: 'none' };

export interface ClaimReviewPage {
  reviews: ClaimReviewJsonLd[];
  /** Cursor after the last review of the page; null on the last page. */
  nextCursor: string | null;
}

/**
 * Which fact-checks are exported as ClaimReview, from the claims read model.
 *
 * Only a PUBLISHED fact-check has a live ClaimReview. A RETRACTED one has none: schema.org has no
 * way to say "retracted" that ClaimReview consumers act on, and anything with a reviewRating looks
 * like a standing verdict in Fact Check Explorer. So a retracted fact-check is left out of the feed,
 * its single export answers 410 Gone with the retraction note (which tells crawlers to drop the old
 * ClaimReview), and `Claim.claimReview` is null. Unpublished claims never show, not even as "exists".
 */
@Injectable()
export class ClaimReviewService {
  readonly context: ClaimReviewContext;

  constructor(
    private readonly claims: ClaimsReadModel,
    @Inject(DESK_POLICY) policy: DeskPolicy,
    @Inject(APP_CONFIG) config: AppConfig,
    address: PublicAddress,
  ) {
    this.context = {
      scale: policy.scale,
      // Read at each use: with PORT=0 the address is known only once the server listens.
      get baseUrl() {
        return address.baseUrl;
      },
      organization: { name: config.ORGANIZATION_NAME, ...(config.ORGANIZATION_URL ? { url: config.ORGANIZATION_URL } : {}) },
    };
  }

  /**
   * The ClaimReview a claim exports now: null unless its fact-check is published (and not retracted).
   * An external fact-check gives back the document it was imported from, so nothing presents another
   * desk's work as ours; the feed (ours) leaves them out.
   */
  liveReviewOf(claim: ExistingClaim): ClaimReviewJsonLd | ExternalClaimReviewDocument | null {
    if (claim.origin === 'EXTERNAL') return claim.external ? (JSON.parse(claim.external.document) as ExternalClaimReviewDocument) : null;
    return claim.status === 'PUBLISHED' ? buildClaimReview(claim, this.context) : null;
  }

  /** For the public endpoint: only public claims are read, so nothing unpublished can leak. */
  lookup(id: string): ClaimReviewLookup {
    const claim = this.claims.get(id, PUBLIC_STATUSES);
    if (!claim) return { kind: 'none' };
    if (claim.status === 'RETRACTED' && claim.retraction) {
      return { kind: 'retracted', url: factCheckUrl(this.context.baseUrl, claim.id), retraction: { note: claim.retraction.note, at: claim.retraction.at } };
    }
    const review = this.liveReviewOf(claim);
    return review ? { kind: 'live', review } : { kind: 'none' };
  }

  /**
   * A page of live ClaimReviews, newest first by submission (the order the read model keeps; it has
   * no publication-order index). Throws the read model's InvalidArgument for a page size
   * over the cap or a cursor it did not issue.
   */
  page(first: number, after: string | undefined): ClaimReviewPage {
    // The desk's own fact-checks only: the feed is what this desk publishes.
    const result = this.claims.list({ status: ['PUBLISHED'], origin: 'DESK' }, { first, after, sort: 'RECENTLY_PUBLISHED', visibleStatuses: PUBLIC_STATUSES });
    const reviews = result.claims.map((c) => (c.origin === 'EXTERNAL' ? null : buildClaimReview(c, this.context))).filter((r): r is ClaimReviewJsonLd => r !== null);
    return { reviews, nextCursor: result.hasNextPage ? (result.cursors[result.cursors.length - 1] ?? null) : null };
  }

  /** A person-readable reason for a 410. */
  static retractionMessage(retraction: { note: string; at: string }): string {
    return `This fact-check was retracted on ${isoDate(retraction.at)}: ${retraction.note}`;
  }
}

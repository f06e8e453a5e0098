import { isDeskMember, type Actor } from '../../shared/actor';
import type { Citation, ClaimStatus, ExistingClaim, Publication, Verdict } from '../domain/claim';
import { PUBLIC_STATUSES } from '../read-model/claims.read-model';
import { pinnedScale } from '../domain/methodology';
import { ratingLabel, RatingScale } from '../domain/rating-scale';
import { isPublicCitation, staleReasons } from '../domain/rules';
import type { Publication as PublicationType, Verdict as VerdictType } from './claim.types';

/**
 * How the stored claim reads through the API: what is derived (staleness, the rating's label on the
 * pinned scale) and what readers may see (not the citations added after publication that no
 * correction includes yet). Pure, so every query that returns a Claim reads it the same way.
 */
export function verdictView(claim: ExistingClaim, verdict: Verdict): VerdictType {
  const reasons = staleReasons(claim, verdict);
  return {
    ...verdict,
    basis: { claimRevision: verdict.basis.claimRevision, citations: Object.entries(verdict.basis.citationHashes).map(([citationId, hash]) => ({ citationId, hash })) },
    stale: reasons.length > 0,
    staleReasons: reasons.map((r) => (r.kind === 'CLAIM' ? { field: r.field, citationId: null } : { field: r.field, citationId: r.citationId })),
  };
}

export function publicationView(claim: ExistingClaim, configured: RatingScale): PublicationType | null {
  const publication: Publication | null = claim.publication;
  if (!publication) return null;
  return { ...publication, ratingLabel: ratingLabel(pinnedScale(claim, configured), publication.rating), methodology: publication.methodology ?? null };
}

/** The citations a viewer sees: the desk all of them, readers none added after publication until a correction includes it. */
export function citationsFor(claim: ExistingClaim, desk: boolean): Citation[] {
  return desk ? claim.citations : claim.citations.filter((c) => isPublicCitation(claim, c));
}

/** Without a token (or a role) only published (and retracted) fact-checks are visible; the desk's people see everything. */
export function visibleTo(actor: Actor | null): ClaimStatus[] | undefined {
  return isDeskMember(actor) ? undefined : PUBLIC_STATUSES;
}

/**
 * The methodology a fact-check is published under: the rating scale (keys, values, labels) and the
 * desk's publication rules in force, each with a hash. Recorded in FactCheckPublished (v2), so a later
 * change of RATING_SCALE never changes how an earlier fact-check reads, is corrected or is exported.
 */
import { contentHash } from '../../shared/content-hash';
import type { ExistingClaim, Methodology, PinnedPolicy, PinnedRating } from './claim';
import { DEFAULT_MIN_SOURCES, DeskPolicy } from './commands';
import { RatingScale, ratingScale } from './rating-scale';

export function pinnedPolicyOf(policy: DeskPolicy): PinnedPolicy {
  return { minReviewers: policy.minReviewers, minSources: policy.minSources ?? DEFAULT_MIN_SOURCES, requireIndependentEditor: policy.requireIndependentEditor ?? false };
}

export function methodologyOf(policy: DeskPolicy): Methodology {
  const scale: PinnedRating[] = policy.scale.ratings.map((r) => ({ key: r.key, value: r.value, label: r.label, onScale: r.onScale }));
  const scaleHash = contentHash(scale);
  const pinned = pinnedPolicyOf(policy);
  return { scaleVersion: policy.scaleVersion ?? `custom-${scaleHash.slice('sha256:'.length, 'sha256:'.length + 12)}`, scaleHash, scale, policy: pinned, policyHash: contentHash(pinned) };
}

/** The scale a methodology pinned, as a scale the domain reads. */
export function scaleOf(methodology: Methodology): RatingScale {
  return ratingScale(methodology.scale.map((r) => ({ ...r })));
}

/**
 * The scale a claim's fact-check reads through: the one it was published under, or (a v1 publication,
 * which recorded none, or no publication yet) the scale configured now.
 */
export function pinnedScale(claim: Pick<ExistingClaim, 'publication'>, current: RatingScale): RatingScale {
  const methodology = claim.publication?.methodology;
  return methodology ? scaleOf(methodology) : current;
}

import type { Appearance, Claimant, ExistingClaim } from '../claims/domain/claim';
import { pinnedScale } from '../claims/domain/methodology';
import { findRating, labelOfKey, RatingScale } from '../claims/domain/rating-scale';

/**
 * schema.org ClaimReview (https://schema.org/ClaimReview) for a published fact-check: what Google
 * Fact Check Explorer and other ClaimReview consumers read. Pure: the same claim and context always
 * give the same document.
 */

export interface ClaimReviewContext {
  /** The configured scale: what a fact-check published before methodologies were pinned (v1) reads through. */
  scale: RatingScale;
  /** Public address of the fact-checks (PUBLIC_BASE_URL); a trailing slash is ignored. */
  baseUrl: string;
  /** The publishing organisation: ClaimReview `author`. */
  organization: { name: string; url?: string };
}

export interface OrganizationJsonLd {
  '@type': 'Organization';
  name: string;
  url?: string;
}

export interface PersonJsonLd {
  '@type': 'Person';
  name: string;
}

export interface RatingJsonLd {
  '@type': 'Rating';
  /** Numeric rating; absent for ratings off the true-to-false axis (see `reviewRating`). */
  ratingValue?: number;
  bestRating?: number;
  worstRating?: number;
  /** The rating as readers see it, e.g. "Mostly false": the value consumers display. */
  alternateName: string;
}

export interface CreativeWorkJsonLd {
  '@type': 'CreativeWork';
  url: string;
  datePublished: string;
  publisher: OrganizationJsonLd;
}

export interface CorrectionCommentJsonLd {
  '@type': 'CorrectionComment';
  text: string;
  datePublished: string;
}

export interface ClaimJsonLd {
  '@type': 'Claim';
  author: PersonJsonLd | OrganizationJsonLd;
  datePublished: string;
  inLanguage: string;
  appearance?: CreativeWorkJsonLd[];
  firstAppearance?: CreativeWorkJsonLd;
}

/** Where the fact-check's transparency-log proof bundle is (GET /log/fact-checks/:claimId). */
export interface ProofBundleJsonLd {
  '@type': 'Dataset';
  name: string;
  url: string;
  encodingFormat: 'application/json';
}

export interface ClaimReviewJsonLd {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  url: string;
  claimReviewed: string;
  datePublished: string;
  dateModified?: string;
  author: OrganizationJsonLd;
  reviewRating: RatingJsonLd;
  reviewBody: string;
  itemReviewed: ClaimJsonLd;
  /** Every public correction (and the retraction), oldest first. */
  correction?: CorrectionCommentJsonLd[];
  /** "Retracted" once the fact-check is retracted; absent while it stands. */
  creativeWorkStatus?: 'Retracted';
  /**
   * The proof bundle: a stable link only, never the leaf indexes themselves, so the document does not
   * depend on how far the log has got (the same answer before and after the next checkpoint).
   */
  subjectOf: ProofBundleJsonLd;
}

/** `${baseUrl}/claims/${id}`: the public page of a fact-check, which is also its ClaimReview `url`. */
export function factCheckUrl(baseUrl: string, claimId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/claims/${encodeURIComponent(claimId)}`;
}

/** `${baseUrl}/log/fact-checks/${id}`: the fact-check's proof bundle in the transparency log. */
export function proofBundleUrl(baseUrl: string, claimId: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/log/fact-checks/${encodeURIComponent(claimId)}`;
}

/**
 * The ClaimReview of a claim's fact-check, or null when the claim has none (never published).
 *
 * - Rating and summary are the current ones: after a correction, the corrected rating and summary.
 * - `datePublished` is the (UTC) date of publication; `dateModified` the date of the latest correction
 *   or of the retraction, present only once there is one.
 * - A retracted fact-check still builds (so the document says what was retracted and when), but is
 *   marked `creativeWorkStatus: "Retracted"`, its `dateModified` is the retraction's date and the
 *   retraction note is the last `correction`. schema.org has no retraction field, so consumers cannot
 *   be relied on to notice that mark: the HTTP export therefore never serves a retracted fact-check
 *   as a ClaimReview (410 Gone with the note; left out of the feed). See ClaimReviewService.
 */
export function buildClaimReview(claim: ExistingClaim, ctx: ClaimReviewContext): ClaimReviewJsonLd | null {
  const publication = claim.publication;
  if (!publication) return null;

  const changes: CorrectionCommentJsonLd[] = claim.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.note, datePublished: isoDate(c.at) }));
  if (claim.retraction) changes.push({ '@type': 'CorrectionComment', text: `Retracted: ${claim.retraction.note}`, datePublished: isoDate(claim.retraction.at) });
  const modifiedAt = latest([...claim.corrections.map((c) => c.at), ...(claim.retraction ? [claim.retraction.at] : [])]);

  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: factCheckUrl(ctx.baseUrl, claim.id),
    claimReviewed: claim.statement,
    datePublished: isoDate(publication.publishedAt),
    ...(modifiedAt !== null ? { dateModified: isoDate(modifiedAt) } : {}),
    author: organization(ctx.organization.name, ctx.organization.url),
    // The scale the fact-check was published under: a later RATING_SCALE never changes its export.
    reviewRating: reviewRating(publication.rating, pinnedScale(claim, ctx.scale)),
    reviewBody: publication.summary,
    itemReviewed: itemReviewed(claim),
    ...(changes.length > 0 ? { correction: changes } : {}),
    ...(claim.retraction ? { creativeWorkStatus: 'Retracted' as const } : {}),
    subjectOf: { '@type': 'Dataset', name: 'Transparency-log proof bundle of this fact-check', url: proofBundleUrl(ctx.baseUrl, claim.id), encodingFormat: 'application/json' },
  };
}

/**
 * The rating as schema.org `Rating`.
 *
 * On the scale: `ratingValue` is the rating's numeric value, `bestRating`/`worstRating` the highest and
 * lowest values of the on-scale ratings, `alternateName` its label.
 *
 * Off the scale (e.g. UNVERIFIABLE, value 0): only `alternateName` (and no numbers at all). Consumers
 * read `ratingValue` as a position between `worstRating` and `bestRating` (Google's Fact Check API
 * requires it to lie in that range), so publishing 0 beside worstRating 1 would claim "worse than
 * false", and any in-range number would claim a truthfulness the desk did not find. A textual-only
 * rating is valid ClaimReview (alternateName is the one required Rating property, and the one shown).
 *
 * A key no longer on the configured scale (the scale changed after publication) is treated the same
 * way, labelled from its key ("SORT_OF_TRUE" -> "Sort of true").
 */
export function reviewRating(key: string, scale: RatingScale): RatingJsonLd {
  const rating = findRating(scale, key);
  if (!rating) return { '@type': 'Rating', alternateName: labelOfKey(key) };
  if (!rating.onScale) return { '@type': 'Rating', alternateName: rating.label };
  return { '@type': 'Rating', ratingValue: rating.value, bestRating: scale.best, worstRating: scale.worst, alternateName: rating.label };
}

function itemReviewed(claim: ExistingClaim): ClaimJsonLd {
  const first = claim.appearances.find((a) => a.firstAppearance);
  return {
    '@type': 'Claim',
    author: claimant(claim.claimant),
    datePublished: claim.claimDate,
    inLanguage: claim.language,
    ...(claim.appearances.length > 0 ? { appearance: claim.appearances.map(creativeWork) } : {}),
    ...(first ? { firstAppearance: creativeWork(first) } : {}),
  };
}

function claimant(c: Claimant): PersonJsonLd | OrganizationJsonLd {
  return c.kind === 'PERSON' ? { '@type': 'Person', name: c.name } : organization(c.name);
}

function organization(name: string, url?: string): OrganizationJsonLd {
  return url ? { '@type': 'Organization', name, url } : { '@type': 'Organization', name };
}

function creativeWork(a: Appearance): CreativeWorkJsonLd {
  return { '@type': 'CreativeWork', url: a.url, datePublished: a.appearedAt, publisher: organization(a.outlet) };
}

/** The calendar date (YYYY-MM-DD, UTC) of an ISO date-time; a bare date stays as it is. */
export function isoDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  const time = new Date(value);
  if (Number.isNaN(time.getTime())) throw new Error(`Not an ISO date or date-time: "${value}"`);
  return time.toISOString().slice(0, 10);
}

function latest(times: string[]): string | null {
  if (times.length === 0) return null;
  return times.reduce((a, b) => (new Date(b).getTime() > new Date(a).getTime() ? b : a));
}

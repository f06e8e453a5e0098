/**
 * What importing another desk's ClaimReview changes, decided on the state of its claim stream. Pure.
 * The claim's id is derived from the ClaimReview's url, so the same document always lands in the same
 * stream: unchanged (no event), or updated (one event) when the other desk changed it.
 */
import { ActorRef, ClaimDetails, ClaimEvent, ClaimState, ExternalReview, UNNAMED_CLAIMANT } from '../../claims/domain/claim';
import { canonicalJson } from '../../shared/canonical-json';
import { compareDates, normaliseReviewUrl, ParsedClaimReview } from './claim-review.parse';

/** `older`: the stored document is newer (by dateModified, else datePublished); nothing is written. */
export type ExternalOutcome = 'imported' | 'unchanged' | 'updated' | 'older';

export type ExternalDecision =
  | { outcome: 'imported' | 'unchanged' | 'updated'; events: ClaimEvent[] }
  | { outcome: 'older'; events: []; storedDate: string }
  | { outcome: 'collision'; message: string };

/** A review's own time: when it was last changed, else published. */
export const reviewDate = (review: { dateModified?: string | null; datePublished: string }) => review.dateModified ?? review.datePublished;

/**
 * Whether two documents (canonical JSON) say the same: byte for byte, or but for how their url is spelled
 * (`HTTPS://Host:443/a#x` is `https://host/a`), which is not a change by the publisher.
 */
function sameDocument(stored: string, given: string): boolean {
  if (stored === given) return true;
  const withUrl = (text: string) => {
    const value = JSON.parse(text) as Record<string, unknown>;
    if (typeof value.url !== 'string') return text;
    try {
      return canonicalJson({ ...value, url: normaliseReviewUrl(value.url.trim()) });
    } catch {
      return text;
    }
  };
  return withUrl(stored) === withUrl(given);
}

/** The stored review's date; events before dateModified was kept have it only in the document. */
function storedDateOf(review: ExternalReview): string {
  if (review.dateModified !== undefined) return reviewDate(review);
  try {
    const modified = (JSON.parse(review.document) as { dateModified?: unknown }).dateModified;
    if (typeof modified === 'string') return modified.trim();
  } catch {
    // a stored document is canonical JSON; fall through to datePublished
  }
  return review.datePublished;
}

/** The stream of an external fact-check holds its claim events; its id comes from the url alone. */
export function externalClaimName(url: string): string {
  return `external-fact-check|${url}`;
}

export function externalDetails(parsed: ParsedClaimReview): { details: ClaimDetails; review: ExternalReview } {
  return {
    details: {
      statement: parsed.claimReviewed,
      // A ClaimReview need not name who made the claim: a label says so rather than inventing one.
      claimant: parsed.claimant ?? { name: UNNAMED_CLAIMANT, kind: 'ORGANIZATION' },
      claimDate: parsed.claimDate,
      appearances: parsed.appearances,
      language: parsed.language,
      topics: [],
    },
    review: {
      url: parsed.url,
      publisher: parsed.publisher,
      authors: parsed.authors,
      datePublished: parsed.datePublished,
      dateModified: parsed.dateModified,
      corrections: parsed.corrections,
      rating: parsed.rating,
      reviewBody: parsed.reviewBody,
      document: parsed.document,
    },
  };
}

export function decideExternalImport(state: ClaimState, claimId: string, parsed: ParsedClaimReview, context: { by: ActorRef; at: string }): ExternalDecision {
  const { details, review } = externalDetails(parsed);
  const data = { by: context.by, at: context.at, claimId, details, review };
  if (!state.exists) return { outcome: 'imported', events: [{ type: 'ExternalFactCheckImported', data }] };
  if (state.origin !== 'EXTERNAL') return { outcome: 'collision', message: `claim ${claimId} is the desk's own, not an external fact-check` };
  // The document is kept as canonical JSON: the same content in another key order or spacing is unchanged.
  if (state.external && sameDocument(state.external.document, review.document)) return { outcome: 'unchanged', events: [] };
  // An old copy of the document (a feed fetched before the publisher's correction) does not undo the newer one.
  if (state.external) {
    const storedDate = storedDateOf(state.external);
    if (compareDates(reviewDate(parsed), storedDate) < 0) return { outcome: 'older', events: [], storedDate };
  }
  return { outcome: 'updated', events: [{ type: 'ExternalFactCheckUpdated', data }] };
}

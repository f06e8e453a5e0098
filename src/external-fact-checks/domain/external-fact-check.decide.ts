/**
 * What importing another desk's ClaimReview changes, decided on the state of its claim stream. Pure.
 * The claim's id is derived from the ClaimReview's url, so the same document always lands in the same
 * stream: unchanged (no event), or updated (one event) when the other desk changed it.
 */
import type { ActorRef, ClaimDetails, ClaimEvent, ClaimState, ExternalReview } from '../../claims/domain/claim';
import type { ParsedClaimReview } from './claim-review.parse';

export type ExternalOutcome = 'imported' | 'unchanged' | 'updated';

export type ExternalDecision = { outcome: ExternalOutcome; events: ClaimEvent[] } | { outcome: 'collision'; message: string };

/** The stream of an external fact-check holds its claim events; its id comes from the url alone. */
export function externalClaimName(url: string): string {
  return `external-fact-check|${url}`;
}

export function externalDetails(parsed: ParsedClaimReview): { details: ClaimDetails; review: ExternalReview } {
  return {
    details: {
      statement: parsed.claimReviewed,
      // A ClaimReview need not name who made the claim: an empty name says so rather than inventing one.
      claimant: parsed.claimant ?? { name: '', kind: 'ORGANIZATION' },
      claimDate: parsed.claimDate,
      appearances: parsed.appearances,
      language: parsed.language,
      topics: [],
    },
    review: {
      url: parsed.url,
      publisher: parsed.publisher,
      datePublished: parsed.datePublished,
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
  if (state.external?.document === review.document) return { outcome: 'unchanged', events: [] };
  return { outcome: 'updated', events: [{ type: 'ExternalFactCheckUpdated', data }] };
}

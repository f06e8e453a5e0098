import { ClaimEvent } from '../claims/domain/claim';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const quote = (text: string, max = 80) => `"${text.length > max ? `${text.slice(0, max - 1)}…` : text}"`;
const STANCE_WORDS = { SUPPORTS: 'supporting', REFUTES: 'refuting', CONTEXT: 'giving context to' } as const;

/** One line a person can read in a history: who did what, with the detail that matters. */
export function summarize(event: ClaimEvent): string {
  const who = event.data.by.name;
  switch (event.type) {
    case 'ClaimSubmitted':
      return `${who} submitted the claim ${quote(event.data.statement)} by ${event.data.claimant.name}`;
    case 'ClaimDetailsRevised':
      return `${who} revised the ${Object.keys(event.data.changes).join(', ')}: ${event.data.reason}`;
    case 'ReviewersAssigned':
      return `${who} assigned ${event.data.reviewers.map((r) => r.name).join(', ')} to review it`;
    case 'ReviewerUnassigned':
      return `${who} took ${event.data.reviewerId} off the review: ${event.data.reason}`;
    case 'ClaimReviewStarted':
      return 'The review started';
    case 'CitationAdded':
      return `${who} added a source ${STANCE_WORDS[event.data.stance]} the claim: ${quote(event.data.title, 60)} (${event.data.publisher})`;
    case 'CitationRevised':
      return `${who} revised the ${Object.keys(event.data.changes).join(', ')} of citation ${event.data.citationId}: ${event.data.reason}`;
    case 'CitationRetracted':
      return `${who} retracted citation ${event.data.citationId}: ${event.data.reason}`;
    case 'VerdictRecorded':
      return `${who} rated it ${event.data.rating} citing ${plural(event.data.citationIds.length, 'source')}`;
    case 'VerdictRevised':
      return `${who} revised their verdict to ${event.data.rating} citing ${plural(event.data.citationIds.length, 'source')}: ${event.data.reason}`;
    case 'VerdictWithdrawn':
      return `${who} withdrew their verdict: ${event.data.reason}`;
    case 'VerdictConfirmed':
      return `${who} confirmed their verdict after the claim or its sources changed`;
    case 'ClaimRejected':
      return `${who} rejected the claim as not check-worthy: ${event.data.reason}`;
    case 'ClaimReopened':
      return `${who} reopened the claim: ${event.data.reason}`;
    case 'FactCheckPublished': {
      const departing = event.data.justification ? `, departing from the reviewers' ${event.data.consensusRating ?? 'split verdicts'}` : '';
      return `${who} published the fact-check rated ${event.data.rating}${departing}`;
    }
    case 'FactCheckCorrected': {
      const rating = event.data.newRating !== event.data.previousRating ? ` from ${event.data.previousRating} to ${event.data.newRating}` : '';
      return `${who} corrected the fact-check${rating}: ${event.data.note}`;
    }
    case 'FactCheckRetracted':
      return `${who} retracted the fact-check: ${event.data.note}`;
    case 'ExternalFactCheckImported':
      return `${who} imported ${event.data.review.publisher.name}'s fact-check ${event.data.review.url}`;
    case 'ExternalFactCheckUpdated':
      return `${who} imported ${event.data.review.publisher.name}'s changed fact-check ${event.data.review.url}`;
    default: {
      const unhandled: never = event;
      return `Unknown event ${(unhandled as ClaimEvent).type}`;
    }
  }
}

import type { ClaimCommand } from '../../src/claims/domain/commands';
import type { ClaimEvent } from '../../src/claims/domain/claim';
import { parseClaimReviews } from '../../src/external-fact-checks/domain/claim-review.parse';
import { decideExternalImport } from '../../src/external-fact-checks/domain/external-fact-check.decide';
import { given } from '../support/decider-spec';
import { ada, alice, claimId, details, edgar, rita, source } from '../fact-check/desk.fixtures';
import { initialClaimState } from '../../src/claims/domain/claim';

/** The events of an imported external fact-check under claim id c1. */
function imported(): ClaimEvent[] {
  const parsed = parseClaimReviews({
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    url: 'https://checker.example.com/1',
    claimReviewed: 'Two men died',
    author: { name: 'Example Checker' },
    reviewRating: { alternateName: 'False' },
    datePublished: '2025-07-01',
  });
  if (!parsed.ok) throw new Error('fixture');
  const decision = decideExternalImport(initialClaimState(), claimId, parsed.reviews[0], { by: { id: 'ada', name: 'Ada' }, at: '2025-07-10T12:00:00.000Z' });
  if (decision.outcome !== 'imported') throw new Error('fixture');
  return decision.events;
}

/** Every desk act on an existing claim, by someone whose role allows it. */
const ACTS: [ClaimCommand, typeof alice][] = [
  [{ type: 'ReviseClaimDetails', claimId, changes: { statement: 'Changed' }, reason: 'r' }, alice],
  [{ type: 'AssignReviewers', claimId, reviewers: [{ id: 'rita', name: 'Rita' }] }, edgar],
  [{ type: 'UnassignReviewer', claimId, reviewerId: 'rita', reason: 'r' }, edgar],
  [{ type: 'AddCitation', claimId, citationId: 'k1', ...source('k1') }, alice],
  [{ type: 'ReviseCitation', claimId, citationId: 'k1', changes: { title: 't' }, reason: 'r' }, alice],
  [{ type: 'RetractCitation', claimId, citationId: 'k1', reason: 'r' }, alice],
  [{ type: 'RecordVerdict', claimId, verdictId: 'v1', rating: 'FALSE', rationale: 'r', citationIds: [] }, rita],
  [{ type: 'ReviseVerdict', claimId, verdictId: 'v1', rating: 'FALSE', rationale: 'r', citationIds: [], reason: 'r' }, rita],
  [{ type: 'WithdrawVerdict', claimId, verdictId: 'v1', reason: 'r' }, rita],
  [{ type: 'ConfirmVerdict', claimId, verdictId: 'v1' }, rita],
  [{ type: 'RejectClaim', claimId, reason: 'r' }, edgar],
  [{ type: 'ReopenClaim', claimId, reason: 'r' }, edgar],
  [{ type: 'PublishFactCheck', claimId, rating: 'FALSE', summary: 's' }, edgar],
  [{ type: 'CorrectFactCheck', claimId, note: 'n', rating: 'TRUE', summary: 's' }, edgar],
  [{ type: 'RetractFactCheck', claimId, note: 'n' }, ada],
] as unknown as [ClaimCommand, typeof alice][];

describe('an external fact-check is read-only', () => {
  it.each(ACTS.map(([command, actor]) => [command.type, command, actor] as const))('%s is refused with EXTERNAL_FACT_CHECK', (_type, command, actor) => {
    given(imported()).when(command, actor).thenRefused('EXTERNAL_FACT_CHECK', /Example Checker's fact-check/);
  });

  it('and submitting a claim under its id is refused as an existing claim', () => {
    given(imported()).when({ type: 'SubmitClaim', claimId, ...details } as ClaimCommand, alice).thenRefused('CLAIM_EXISTS');
  });
});

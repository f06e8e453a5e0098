/** Submitting a claim and revising its details. */
import { quote } from '../../../shared/quote';
import type { ClaimDetails, ClaimEvent, ClaimState, ExistingClaim } from '../claim';
import type { DecisionContext, ReviseClaimDetails, SubmitClaim } from '../commands';
import { DeskError } from '../desk-error';
import { ANY_ROLE, changedFields, checkDetails, requireAuthorOrEditor, requireRole, requireStatus, requireWithinLimit, stampOf } from '../rules';

const REVISABLE_CLAIM_FIELDS: readonly (keyof ClaimDetails)[] = ['statement', 'claimant', 'claimDate', 'appearances', 'language', 'topics'];

/** The one command that takes the bare state: it is the only one valid before the claim exists. */
export function submitClaim(command: SubmitClaim, state: ClaimState, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ANY_ROLE, 'submit a claim');
  if (state.exists) throw new DeskError('CLAIM_EXISTS', `Claim ${quote(command.claimId)} already exists`);
  const { type: _type, claimId, ...details } = command;
  checkDetails(details, context.now);
  requireWithinLimit(context, 'appearances', details.appearances.length);
  return [{ type: 'ClaimSubmitted', data: { ...stampOf(context), claimId, ...details } }];
}

export function reviseClaimDetails(command: ReviseClaimDetails, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireStatus(claim, ['DRAFT', 'IN_REVIEW', 'REJECTED'], 'revise its details', 'After publication, change a fact-check with a correction.');
  requireAuthorOrEditor(claim.submittedBy.id, context.actor, 'revise a claim\'s details', 'revise the details of a claim someone else submitted');
  const changes = changedFields<ClaimDetails>(claim, command.changes, REVISABLE_CLAIM_FIELDS);
  if (Object.keys(changes).length === 0) throw new DeskError('NOTHING_CHANGED', 'The revision changes nothing: every field equals the current one');
  // The whole claim as it would be after the revision must still pass, not just the changed fields.
  checkDetails({ ...claim, ...changes }, context.now);
  if (changes.appearances) requireWithinLimit(context, 'appearances', changes.appearances.length);
  return [{ type: 'ClaimDetailsRevised', data: { ...stampOf(context), claimId: claim.id, changes, reason: command.reason } }];
}

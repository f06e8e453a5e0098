/** A reviewer's verdict: recording, revising and withdrawing it. Only while the claim is in review. */
import { quote } from '../../../shared/quote';
import { basisOf, ClaimEvent, ExistingClaim } from '../claim';
import type { ConfirmVerdict, DecisionContext, RecordVerdict, ReviseVerdict, WithdrawVerdict } from '../commands';
import { DeskError } from '../desk-error';
import { activeVerdicts, checkEvidence, checkRating, hasRole, isAssigned, ownVerdict, requireRole, requireStatus, sameSet, staleReasons, stampOf } from '../rules';

export function recordVerdict(command: RecordVerdict, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  const { actor } = context;
  requireRole(actor, ['reviewer'], 'record a verdict');
  requireStatus(claim, ['IN_REVIEW'], 'record verdicts', claim.status === 'DRAFT' ? 'An editor first assigns reviewers, which opens the review.' : undefined);
  // Not even an admin may rate their own claim; an admin may, however, rate without being assigned.
  if (claim.submittedBy.id === actor.id) throw new DeskError('CONFLICT_OF_INTEREST', 'You submitted this claim, so you cannot rate it');
  if (!isAssigned(claim, actor.id) && !hasRole(actor, 'admin')) {
    throw new DeskError('NOT_ASSIGNED', 'You are not assigned to review this claim; ask an editor to assign you');
  }
  const mine = activeVerdicts(claim).find((v) => v.reviewer.id === actor.id);
  if (mine) throw new DeskError('INVALID_TRANSITION', `You already have a verdict on this claim (${mine.id}); revise it instead`, { verdictId: mine.id });
  if (claim.verdicts.some((v) => v.id === command.verdictId)) throw new DeskError('INVALID_TRANSITION', `Verdict ${quote(command.verdictId)} already exists`);
  checkRating(context.policy.scale, command.rating);
  checkEvidence(claim, command.citationIds);
  const { verdictId, rating, rationale } = command;
  const citationIds = [...new Set(command.citationIds)];
  // The basis is what the reviewer rated: the claim and the cited citations as they are now.
  return [{ type: 'VerdictRecorded', data: { ...stampOf(context), claimId: claim.id, verdictId, rating, rationale, citationIds, basis: basisOf(claim, citationIds) } }];
}

/** The event carries the whole verdict after the revision, so a reader needs no earlier event. */
export function reviseVerdict(command: ReviseVerdict, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  const { actor } = context;
  requireStatus(claim, ['IN_REVIEW'], 'revise verdicts');
  requireRole(actor, ['reviewer'], 'revise a verdict');
  const verdict = ownVerdict(claim, command.verdictId, actor, 'revise');
  if (!isAssigned(claim, actor.id)) {
    throw new DeskError('NOT_ASSIGNED', 'You are no longer assigned to review this claim, so your verdict can no longer change');
  }
  const rating = command.rating ?? verdict.rating;
  const rationale = command.rationale ?? verdict.rationale;
  const citationIds = command.citationIds ? [...new Set(command.citationIds)] : verdict.citationIds;
  checkRating(context.policy.scale, rating);
  checkEvidence(claim, citationIds);
  if (rating === verdict.rating && rationale === verdict.rationale && sameSet(citationIds, verdict.citationIds)) {
    const hint = staleReasons(claim, verdict).length > 0 ? '; to stand by it as the claim now is, confirm it' : '';
    throw new DeskError('NOTHING_CHANGED', `The revision changes nothing: rating, rationale and citations are as they were${hint}`);
  }
  const basis = basisOf(claim, citationIds);
  return [
    { type: 'VerdictRevised', data: { ...stampOf(context), claimId: claim.id, verdictId: verdict.id, rating, rationale, citationIds, reason: command.reason, basis } },
  ];
}

/**
 * The reviewer has looked at what changed since and stands by their verdict as it is: it rests on
 * the claim and its citations as they are now. Only a stale verdict can be confirmed.
 */
export function confirmVerdict(command: ConfirmVerdict, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  const { actor } = context;
  requireStatus(claim, ['IN_REVIEW'], 'confirm verdicts');
  requireRole(actor, ['reviewer'], 'confirm a verdict');
  const verdict = ownVerdict(claim, command.verdictId, actor, 'confirm');
  if (!isAssigned(claim, actor.id)) {
    throw new DeskError('NOT_ASSIGNED', 'You are no longer assigned to review this claim, so your verdict can no longer change');
  }
  // Confirming a verdict on a retracted citation would make it count on evidence the desk withdrew.
  const retracted = verdict.citationIds.filter((id) => claim.citations.find((c) => c.id === id)?.retraction);
  if (retracted.length > 0) {
    throw new DeskError(
      'CITATION_RETRACTED',
      `Verdict ${quote(verdict.id)} cites ${retracted.map((id) => `citation ${quote(id)}`).join(', ')}, since retracted, so it cannot be confirmed as it stands: revise it without ${retracted.length === 1 ? 'that citation' : 'those citations'}`,
      { verdictId: verdict.id, citationIds: retracted },
    );
  }
  if (staleReasons(claim, verdict).length === 0) {
    throw new DeskError('NOTHING_CHANGED', `Verdict ${quote(verdict.id)} is current: nothing it rests on has changed since you last rated`);
  }
  checkEvidence(claim, verdict.citationIds);
  return [{ type: 'VerdictConfirmed', data: { ...stampOf(context), claimId: claim.id, verdictId: verdict.id, basis: basisOf(claim, verdict.citationIds) } }];
}

export function withdrawVerdict(command: WithdrawVerdict, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireStatus(claim, ['IN_REVIEW'], 'withdraw verdicts');
  requireRole(context.actor, ['reviewer'], 'withdraw a verdict');
  const verdict = ownVerdict(claim, command.verdictId, context.actor, 'withdraw');
  return [{ type: 'VerdictWithdrawn', data: { ...stampOf(context), claimId: claim.id, verdictId: verdict.id, reason: command.reason } }];
}

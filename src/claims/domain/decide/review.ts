/** Who reviews a claim, and the editor's decision to reject it or reopen it. */
import { quote } from '../../../shared/quote';
import type { ClaimEvent, ExistingClaim } from '../claim';
import type { AssignReviewers, DecisionContext, RejectClaim, ReopenClaim, UnassignReviewer } from '../commands';
import { DeskError } from '../desk-error';
import { dedupe, isAssigned, requireRole, requireStatus, requireWithinLimit, stampOf } from '../rules';

/** Assigning the first reviewers to a draft is what opens its review. */
export function assignReviewers(command: AssignReviewers, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'assign reviewers');
  requireStatus(claim, ['DRAFT', 'IN_REVIEW'], 'assign reviewers');
  const conflicted = command.reviewers.find((r) => r.id === claim.submittedBy.id);
  if (conflicted) {
    throw new DeskError('CONFLICT_OF_INTEREST', `${quote(conflicted.id)} submitted this claim and cannot review it`, { reviewerId: conflicted.id });
  }
  const already = new Set(claim.assignees.map((a) => a.id));
  const fresh = dedupe(command.reviewers).filter((r) => !already.has(r.id));
  if (fresh.length === 0) throw new DeskError('NOTHING_CHANGED', 'Every one of these reviewers is already assigned');
  requireWithinLimit(context, 'assignees', claim.assignees.length + fresh.length);
  const stamp = stampOf(context);
  const events: ClaimEvent[] = [{ type: 'ReviewersAssigned', data: { ...stamp, claimId: claim.id, reviewers: fresh } }];
  if (claim.status === 'DRAFT') events.push({ type: 'ClaimReviewStarted', data: { ...stamp, claimId: claim.id } });
  return events;
}

export function unassignReviewer(command: UnassignReviewer, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'unassign reviewers');
  requireStatus(claim, ['DRAFT', 'IN_REVIEW'], 'unassign reviewers');
  if (!isAssigned(claim, command.reviewerId)) {
    throw new DeskError('NOT_ASSIGNED', `${quote(command.reviewerId)} is not assigned to this claim`);
  }
  return [{ type: 'ReviewerUnassigned', data: { ...stampOf(context), claimId: claim.id, reviewerId: command.reviewerId, reason: command.reason } }];
}

export function rejectClaim(command: RejectClaim, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'reject a claim');
  requireStatus(claim, ['DRAFT', 'IN_REVIEW'], 'reject it');
  return [{ type: 'ClaimRejected', data: { ...stampOf(context), claimId: claim.id, reason: command.reason } }];
}

export function reopenClaim(command: ReopenClaim, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'reopen a claim');
  requireStatus(claim, ['REJECTED'], 'reopen it', 'Only a rejected claim can be reopened.');
  return [{ type: 'ClaimReopened', data: { ...stampOf(context), claimId: claim.id, reason: command.reason } }];
}

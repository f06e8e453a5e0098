/** Publishing a fact-check, and what may follow it: corrections and a retraction. */
import type { ClaimEvent, CorrectionDecision, ExistingClaim, PublicationDecision, Verdict } from '../claim';
import type { CorrectFactCheck, DecisionContext, PublishFactCheck, RetractFactCheck } from '../commands';
import { DeskError } from '../desk-error';
import { checkEvidence, checkRating, consensusRating, findCitation, requireRole, requireStatus, requireWithinLimit, standingVerdicts, stampOf } from '../rules';

/**
 * The editor publishes on the standing verdicts of enough distinct reviewers (the desk's policy),
 * none resting on a retracted citation; departing from the reviewers' consensus needs a reason.
 */
export function publishFactCheck(command: PublishFactCheck, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'publish a fact-check');
  requireStatus(claim, ['IN_REVIEW'], 'publish it', claim.status === 'DRAFT' ? 'A draft must be reviewed first.' : undefined);
  checkRating(context.policy.scale, command.rating);
  const verdicts = standingVerdicts(claim);
  requireEnoughReviewers(verdicts, context.policy.minReviewers);
  const shaky = verdicts.find((v) => v.citationIds.some((id) => findCitation(claim, id).retraction));
  if (shaky) {
    throw new DeskError('CITATION_RETRACTED', `Verdict ${shaky.id} by ${shaky.reviewer.name} rests on a retracted citation; it must be revised first`, {
      verdictId: shaky.id,
    });
  }
  const consensus = consensusRating(claim);
  const justification = command.justification?.trim() || null;
  if (command.rating !== consensus && !justification) {
    throw new DeskError(
      'JUSTIFICATION_REQUIRED',
      consensus
        ? `The reviewers agree on ${consensus}; publishing ${command.rating} needs a written justification`
        : `The reviewers disagree (${[...new Set(verdicts.map((v) => v.rating))].join(', ')}); publishing needs a written justification`,
      { consensusRating: consensus },
    );
  }
  const decision: PublicationDecision = {
    rating: command.rating,
    summary: command.summary,
    consensusRating: consensus,
    // A justification is kept only where it explains a departure from the consensus.
    justification: command.rating === consensus ? null : justification,
    verdictIds: verdicts.map((v) => v.id),
    citationIds: [...new Set(verdicts.flatMap((v) => v.citationIds))],
  };
  return [{ type: 'FactCheckPublished', data: { ...stampOf(context), claimId: claim.id, ...decision } }];
}

function requireEnoughReviewers(verdicts: Verdict[], required: number): void {
  const reviewers = new Set(verdicts.map((v) => v.reviewer.id));
  if (reviewers.size < required) {
    throw new DeskError(
      'NOT_ENOUGH_VERDICTS',
      `Publishing needs standing verdicts from at least ${required} different reviewers; this claim has ${reviewers.size} (a verdict stands while it is not withdrawn and its reviewer is assigned)`,
      { required, actual: reviewers.size },
    );
  }
}

/** What a correction leaves out stays as published; it may only add evidence, never remove it. */
export function correctFactCheck(command: CorrectFactCheck, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'correct a fact-check');
  requireStatus(claim, ['PUBLISHED'], 'correct it', 'Only a published fact-check can be corrected.');
  requireWithinLimit(context, 'corrections', claim.corrections.length + 1);
  const publication = claim.publication as NonNullable<ExistingClaim['publication']>;
  const newRating = command.newRating ?? publication.rating;
  const newSummary = command.newSummary ?? publication.summary;
  checkRating(context.policy.scale, newRating);
  const added = [...new Set(command.addedCitationIds ?? [])].filter((id) => !publication.citationIds.includes(id));
  if (added.length > 0) checkEvidence(claim, added);
  if (newRating === publication.rating && newSummary === publication.summary && added.length === 0) {
    throw new DeskError('NOTHING_CHANGED', 'A correction must change the rating, the summary or the evidence');
  }
  const correction: CorrectionDecision = {
    note: command.note,
    previousRating: publication.rating,
    newRating,
    previousSummary: publication.summary,
    newSummary,
    addedCitationIds: added,
  };
  return [{ type: 'FactCheckCorrected', data: { ...stampOf(context), claimId: claim.id, ...correction } }];
}

export function retractFactCheck(command: RetractFactCheck, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'retract a fact-check');
  requireStatus(claim, ['PUBLISHED'], 'retract it', 'Only a published fact-check can be retracted.');
  return [{ type: 'FactCheckRetracted', data: { ...stampOf(context), claimId: claim.id, note: command.note } }];
}

/** Publishing a fact-check, and what may follow it: corrections and a retraction. */
import type { ClaimEvent, CorrectionDecision, ExistingClaim, PublicationDecision, Verdict } from '../claim';
import { DEFAULT_MIN_SOURCES } from '../commands';
import type { CorrectFactCheck, DecisionContext, PublishFactCheck, RetractFactCheck } from '../commands';
import { DeskError } from '../desk-error';
import { methodologyOf, pinnedScale } from '../methodology';
import {
  checkEvidence,
  checkRating,
  consensusRating,
  countedVerdicts,
  findCitation,
  requireRole,
  requireStatus,
  requireWithinLimit,
  StaleReason,
  staleReasons,
  standingVerdicts,
  stampOf,
} from '../rules';

/**
 * The editor publishes on the counted verdicts (standing and current) of enough distinct reviewers
 * (the desk's policy), none resting on a retracted citation, with enough standing sources (at least
 * one of them cited by those verdicts) and, where the desk requires it, without having been one of
 * those reviewers; departing from the reviewers' consensus needs a reason. The publication records
 * the methodology in force.
 */
export function publishFactCheck(command: PublishFactCheck, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'publish a fact-check');
  requireStatus(claim, ['IN_REVIEW'], 'publish it', claim.status === 'DRAFT' ? 'A draft must be reviewed first.' : undefined);
  checkRating(context.policy.scale, command.rating);
  requireEnoughReviewers(standingVerdicts(claim), context.policy.minReviewers);
  const verdicts = countedVerdicts(claim);
  requireCurrentVerdicts(claim, verdicts, context.policy.minReviewers);
  const shaky = verdicts.find((v) => v.citationIds.some((id) => findCitation(claim, id).retraction));
  if (shaky) {
    throw new DeskError('CITATION_RETRACTED', `Verdict ${shaky.id} by ${shaky.reviewer.name} rests on a retracted citation; it must be revised first`, {
      verdictId: shaky.id,
    });
  }
  requireEnoughSources(claim, verdicts, context.policy.minSources ?? DEFAULT_MIN_SOURCES);
  if (context.policy.requireIndependentEditor && verdicts.some((v) => v.reviewer.id === context.actor.id)) {
    throw new DeskError('EDITOR_NOT_INDEPENDENT', 'The desk requires an independent editor: you recorded one of the verdicts this fact-check rests on, so another editor must publish it', {
      editorId: context.actor.id,
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
    methodology: methodologyOf(context.policy),
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

/** Enough reviewers have standing verdicts, but some rest on a claim or citations that changed since: name them and why. */
function requireCurrentVerdicts(claim: ExistingClaim, counted: Verdict[], required: number): void {
  const reviewers = new Set(counted.map((v) => v.reviewer.id));
  if (reviewers.size >= required) return;
  const stale = standingVerdicts(claim)
    .map((v) => ({ verdict: v, reasons: staleReasons(claim, v) }))
    .filter((s) => s.reasons.length > 0);
  const listed = stale.map((s) => `${s.verdict.id} by ${s.verdict.reviewer.name} (${s.reasons.map(describeReason).join(', ')} changed)`).join('; ');
  throw new DeskError(
    'STALE_VERDICTS',
    `Publishing needs current verdicts from at least ${required} different reviewers; ${reviewers.size} are current. Stale since their reviewer rated: ${listed}. Each reviewer must confirm or revise their verdict`,
    {
      required,
      actual: reviewers.size,
      stale: stale.map((s) => ({ verdictId: s.verdict.id, reviewerId: s.verdict.reviewer.id, reasons: s.reasons.map(describeReason) })),
    },
  );
}

/** How a stale reason reads: "statement", or "citation k1 excerpt". */
export function describeReason(reason: StaleReason): string {
  return reason.kind === 'CLAIM' ? reason.field : `citation ${reason.citationId} ${reason.field}`;
}

function requireEnoughSources(claim: ExistingClaim, verdicts: Verdict[], required: number): void {
  const standing = claim.citations.filter((c) => !c.retraction);
  if (standing.length < required) {
    throw new DeskError('NOT_ENOUGH_SOURCES', `Publishing needs at least ${required} standing (not retracted) citations; this claim has ${standing.length}`, {
      required,
      actual: standing.length,
    });
  }
  const cited = new Set(verdicts.flatMap((v) => v.citationIds));
  if (!standing.some((c) => cited.has(c.id))) {
    throw new DeskError('SOURCES_NOT_CITED', 'None of the standing citations is cited by the verdicts this fact-check rests on', { required });
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
  // A correction rates against the scale the fact-check was published under, not whatever is configured now.
  checkRating(pinnedScale(claim, context.policy.scale), newRating);
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

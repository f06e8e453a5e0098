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
  distinctSources,
  requireJustifiedDeparture,
  requireRole,
  requireStatus,
  requireWithinLimit,
  StaleReason,
  staleReasons,
  standingVerdicts,
  stampOf,
} from '../rules';

/**
 * The editor publishes on the counted verdicts (standing and current: a verdict resting on a retracted
 * citation is stale) of enough distinct reviewers (the desk's policy), with enough distinct standing
 * sources (at least one of them cited by those verdicts) and, where the desk requires it, without
 * having been one of those reviewers; a rating that differs from any standing verdict, stale or not,
 * needs a reason. The publication records the methodology in force.
 */
export function publishFactCheck(command: PublishFactCheck, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'publish a fact-check');
  requireStatus(claim, ['IN_REVIEW'], 'publish it', claim.status === 'DRAFT' ? 'A draft must be reviewed first.' : undefined);
  checkRating(context.policy.scale, command.rating);
  requireEnoughReviewers(standingVerdicts(claim), context.policy.minReviewers);
  const verdicts = countedVerdicts(claim);
  requireCurrentVerdicts(claim, verdicts, context.policy.minReviewers);
  // A verdict resting on a retracted citation is stale (it names the retraction), so none of these does.
  requireEnoughSources(claim, verdicts, context.policy.minSources ?? DEFAULT_MIN_SOURCES);
  if (context.policy.requireIndependentEditor) requireIndependentEditor(verdicts, context.actor.id, 'publish it');
  const consensus = consensusRating(claim);
  const justification = command.justification?.trim() || null;
  requireJustifiedDeparture(claim, command.rating, justification, 'publishing');
  const decision: PublicationDecision = {
    rating: command.rating,
    summary: command.summary,
    consensusRating: consensus,
    // A justification is kept only where it explains a departure from a standing verdict.
    justification: departsFrom(claim, command.rating) ? justification : null,
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
  const listed = stale.map((s) => `${s.verdict.id} by ${s.verdict.reviewer.name} (${reasonsText(s.reasons)})`).join('; ');
  throw new DeskError(
    'STALE_VERDICTS',
    `Publishing needs current verdicts from at least ${required} different reviewers; ${reviewers.size} are current. Stale since their reviewer rated: ${listed}. Each reviewer must confirm or revise their verdict (revise it without a retracted citation)`,
    {
      required,
      actual: reviewers.size,
      stale: stale.map((s) => ({ verdictId: s.verdict.id, reviewerId: s.verdict.reviewer.id, reasons: s.reasons.map(describeReason) })),
    },
  );
}

/** How a stale reason reads: "statement", "citation k1 excerpt", or "citation k1 retracted". */
export function describeReason(reason: StaleReason): string {
  return reason.kind === 'CLAIM' ? reason.field : `citation ${reason.citationId} ${reason.field}`;
}

/** "statement, citation k1 excerpt changed; citation k2 retracted". */
function reasonsText(reasons: StaleReason[]): string {
  const changed = reasons.filter((r) => r.field !== 'retracted').map(describeReason);
  const retracted = reasons.filter((r) => r.field === 'retracted').map(describeReason);
  return [...(changed.length ? [`${changed.join(', ')} changed`] : []), ...retracted].join('; ');
}

/** Sources are counted once per source (sourceKey): two citations of the same page are one source. */
function requireEnoughSources(claim: ExistingClaim, verdicts: Verdict[], required: number): void {
  const standing = claim.citations.filter((c) => !c.retraction);
  const distinct = distinctSources(standing);
  if (distinct < required) {
    throw new DeskError(
      'NOT_ENOUGH_SOURCES',
      `Publishing needs at least ${required} distinct sources among the standing (not retracted) citations; this claim has ${distinct} distinct ${distinct === 1 ? 'source' : 'sources'} (${standing.length} standing ${standing.length === 1 ? 'citation' : 'citations'}; citations of the same address count once)`,
      { required, actual: distinct, standingCitations: standing.length },
    );
  }
  const cited = new Set(verdicts.flatMap((v) => v.citationIds));
  if (!standing.some((c) => cited.has(c.id))) {
    throw new DeskError('SOURCES_NOT_CITED', 'None of the standing citations is cited by the verdicts this fact-check rests on', { required });
  }
}

/** PUBLISH_REQUIRE_INDEPENDENT_EDITOR: the editor may not be one of the reviewers whose verdicts it rests on. */
function requireIndependentEditor(verdicts: Verdict[], editorId: string, act: string): void {
  if (!verdicts.some((v) => v.reviewer.id === editorId)) return;
  throw new DeskError('EDITOR_NOT_INDEPENDENT', `The desk requires an independent editor: you recorded one of the verdicts this fact-check rests on, so another editor must ${act}`, {
    editorId,
  });
}

/** Whether the rating differs from that of any standing verdict, stale or not. */
function departsFrom(claim: ExistingClaim, rating: string): boolean {
  return standingVerdicts(claim).some((v) => v.rating !== rating);
}

/**
 * What a correction leaves out stays as published; it may only add evidence, never remove it. A
 * correction that changes the rating passes the checks a publication does on its rating: the
 * independent editor (against the verdicts the publication counted) and a justification when the new
 * rating differs from any standing verdict.
 */
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
  const ratingChanged = newRating !== publication.rating;
  const justification = (ratingChanged && command.justification?.trim()) || null;
  if (ratingChanged) {
    if (context.policy.requireIndependentEditor) {
      const counted = claim.verdicts.filter((v) => publication.verdictIds.includes(v.id));
      requireIndependentEditor(counted, context.actor.id, 'correct its rating');
    }
    requireJustifiedDeparture(claim, newRating, justification, 'correcting the rating to');
  }
  const correction: CorrectionDecision = {
    note: command.note,
    previousRating: publication.rating,
    newRating,
    previousSummary: publication.summary,
    newSummary,
    addedCitationIds: added,
    justification: ratingChanged && departsFrom(claim, newRating) ? justification : null,
  };
  return [{ type: 'FactCheckCorrected', data: { ...stampOf(context), claimId: claim.id, ...correction } }];
}

export function retractFactCheck(command: RetractFactCheck, claim: ExistingClaim, context: DecisionContext): ClaimEvent[] {
  requireRole(context.actor, ['editor'], 'retract a fact-check');
  requireStatus(claim, ['PUBLISHED'], 'retract it', 'Only a published fact-check can be retracted.');
  return [{ type: 'FactCheckRetracted', data: { ...stampOf(context), claimId: claim.id, note: command.note } }];
}

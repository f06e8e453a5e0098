import type { Actor, Role } from '../../shared/actor';
import {
  activeVerdicts,
  ActorRef,
  CitationDetails,
  ClaimDetails,
  ClaimEvent,
  ClaimState,
  ClaimStatus,
  consensusRating,
  ExistingClaim,
  standingVerdicts,
} from './claim';
import { canonicalJson } from '../../shared/canonical-json';
import { latestLocalDate } from '../../shared/calendar';
import { DeskError } from './desk-error';
import { findRating, RatingScale } from './rating-scale';

// ---- Commands -----------------------------------------------------------------------------------
// Ids of new things (claim, citation, verdict) are chosen by the caller, so `decide` stays pure.

export type SubmitClaim = { type: 'SubmitClaim'; claimId: string } & ClaimDetails;
export type ReviseClaimDetails = { type: 'ReviseClaimDetails'; claimId: string; changes: Partial<ClaimDetails>; reason: string };
export type AssignReviewers = { type: 'AssignReviewers'; claimId: string; reviewers: ActorRef[] };
export type UnassignReviewer = { type: 'UnassignReviewer'; claimId: string; reviewerId: string; reason: string };
export type AddCitation = { type: 'AddCitation'; claimId: string; citationId: string } & CitationDetails;
export type ReviseCitation = { type: 'ReviseCitation'; claimId: string; citationId: string; changes: Partial<CitationDetails>; reason: string };
export type RetractCitation = { type: 'RetractCitation'; claimId: string; citationId: string; reason: string };
export type RecordVerdict = { type: 'RecordVerdict'; claimId: string; verdictId: string; rating: string; rationale: string; citationIds: string[] };
export type ReviseVerdict = {
  type: 'ReviseVerdict';
  claimId: string;
  verdictId: string;
  rating?: string;
  rationale?: string;
  citationIds?: string[];
  reason: string;
};
export type WithdrawVerdict = { type: 'WithdrawVerdict'; claimId: string; verdictId: string; reason: string };
export type RejectClaim = { type: 'RejectClaim'; claimId: string; reason: string };
export type ReopenClaim = { type: 'ReopenClaim'; claimId: string; reason: string };
export type PublishFactCheck = { type: 'PublishFactCheck'; claimId: string; rating: string; summary: string; justification?: string };
export type CorrectFactCheck = {
  type: 'CorrectFactCheck';
  claimId: string;
  note: string;
  newRating?: string;
  newSummary?: string;
  addedCitationIds?: string[];
};
export type RetractFactCheck = { type: 'RetractFactCheck'; claimId: string; note: string };

export type ClaimCommand =
  | SubmitClaim
  | ReviseClaimDetails
  | AssignReviewers
  | UnassignReviewer
  | AddCitation
  | ReviseCitation
  | RetractCitation
  | RecordVerdict
  | ReviseVerdict
  | WithdrawVerdict
  | RejectClaim
  | ReopenClaim
  | PublishFactCheck
  | CorrectFactCheck
  | RetractFactCheck;

export interface DeskPolicy {
  scale: RatingScale;
  /** Distinct reviewers with standing verdicts needed before publication. */
  minReviewers: number;
}

/** Everything `decide` needs besides the command and the state, injected so it stays pure. */
export interface DecisionContext {
  actor: Actor;
  now: Date;
  policy: DeskPolicy;
}

// ---- Decide -------------------------------------------------------------------------------------

export function decide(command: ClaimCommand, state: ClaimState, context: DecisionContext): ClaimEvent[] {
  const { actor } = context;
  const stamp = { by: { id: actor.id, name: actor.name }, at: context.now.toISOString() };

  if (command.type === 'SubmitClaim') {
    requireRole(actor, ['contributor', 'reviewer', 'editor'], 'submit a claim');
    if (state.exists) throw new DeskError('CLAIM_EXISTS', `Claim ${command.claimId} already exists`);
    const { type: _type, claimId, ...details } = command;
    checkDetails(details, context.now);
    return [{ type: 'ClaimSubmitted', data: { ...stamp, claimId, ...details } }];
  }

  const claim = existing(state, command.claimId);
  const claimId = claim.id;

  switch (command.type) {
    case 'ReviseClaimDetails': {
      requireStatus(claim, ['DRAFT', 'IN_REVIEW', 'REJECTED'], 'revise its details', 'After publication, change a fact-check with a correction.');
      if (claim.submittedBy.id !== actor.id) requireRole(actor, ['editor'], 'revise the details of a claim someone else submitted');
      else requireRole(actor, ANY_ROLE, 'revise a claim\'s details');
      const changes = changedFields<ClaimDetails>(claim, command.changes, REVISABLE_CLAIM_FIELDS);
      if (Object.keys(changes).length === 0) throw new DeskError('NOTHING_CHANGED', 'The revision changes nothing: every field equals the current one');
      checkDetails({ ...claim, ...changes }, context.now);
      return [{ type: 'ClaimDetailsRevised', data: { ...stamp, claimId, changes, reason: command.reason } }];
    }

    case 'AssignReviewers': {
      requireRole(actor, ['editor'], 'assign reviewers');
      requireStatus(claim, ['DRAFT', 'IN_REVIEW'], 'assign reviewers');
      const conflicted = command.reviewers.find((r) => r.id === claim.submittedBy.id);
      if (conflicted) {
        throw new DeskError('CONFLICT_OF_INTEREST', `${conflicted.id} submitted this claim and cannot review it`, { reviewerId: conflicted.id });
      }
      const already = new Set(claim.assignees.map((a) => a.id));
      const fresh = dedupe(command.reviewers).filter((r) => !already.has(r.id));
      if (fresh.length === 0) throw new DeskError('NOTHING_CHANGED', 'Every one of these reviewers is already assigned');
      const events: ClaimEvent[] = [{ type: 'ReviewersAssigned', data: { ...stamp, claimId, reviewers: fresh } }];
      if (claim.status === 'DRAFT') events.push({ type: 'ClaimReviewStarted', data: { ...stamp, claimId } });
      return events;
    }

    case 'UnassignReviewer': {
      requireRole(actor, ['editor'], 'unassign reviewers');
      requireStatus(claim, ['DRAFT', 'IN_REVIEW'], 'unassign reviewers');
      if (!claim.assignees.some((a) => a.id === command.reviewerId)) {
        throw new DeskError('NOT_ASSIGNED', `${command.reviewerId} is not assigned to this claim`);
      }
      return [{ type: 'ReviewerUnassigned', data: { ...stamp, claimId, reviewerId: command.reviewerId, reason: command.reason } }];
    }

    case 'AddCitation': {
      requireRole(actor, ['contributor', 'reviewer', 'editor'], 'add a citation');
      requireStatus(claim, ['DRAFT', 'IN_REVIEW', 'PUBLISHED'], 'add citations');
      if (claim.citations.some((c) => c.id === command.citationId)) throw new DeskError('INVALID_TRANSITION', `Citation ${command.citationId} already exists`);
      const { type: _type, claimId: _claimId, citationId, ...details } = command;
      checkCitation(details);
      return [{ type: 'CitationAdded', data: { ...stamp, claimId, citationId, ...details } }];
    }

    case 'ReviseCitation': {
      requireStatus(claim, ['DRAFT', 'IN_REVIEW', 'PUBLISHED'], 'revise citations');
      const citation = findCitation(claim, command.citationId);
      requireNotPublishedEvidence(claim, citation.id, 'revised');
      if (citation.retraction) throw new DeskError('CITATION_RETRACTED', `Citation ${citation.id} was retracted and can no longer be revised`);
      if (citation.addedBy.id !== actor.id) requireRole(actor, ['editor'], 'revise a citation someone else added');
      else requireRole(actor, ANY_ROLE, 'revise a citation');
      const changes = changedFields<CitationDetails>(citation, command.changes, REVISABLE_CITATION_FIELDS);
      if (Object.keys(changes).length === 0) throw new DeskError('NOTHING_CHANGED', 'The revision changes nothing: every field equals the current one');
      checkCitation({ ...citation, ...changes });
      return [{ type: 'CitationRevised', data: { ...stamp, claimId, citationId: citation.id, changes, reason: command.reason } }];
    }

    case 'RetractCitation': {
      requireStatus(claim, ['DRAFT', 'IN_REVIEW', 'PUBLISHED'], 'retract citations');
      const citation = findCitation(claim, command.citationId);
      requireNotPublishedEvidence(claim, citation.id, 'retracted');
      if (citation.retraction) throw new DeskError('CITATION_RETRACTED', `Citation ${citation.id} is already retracted`);
      if (citation.addedBy.id !== actor.id) requireRole(actor, ['editor'], 'retract a citation someone else added');
      else requireRole(actor, ANY_ROLE, 'retract a citation');
      return [{ type: 'CitationRetracted', data: { ...stamp, claimId, citationId: citation.id, reason: command.reason } }];
    }

    case 'RecordVerdict': {
      requireRole(actor, ['reviewer'], 'record a verdict');
      requireStatus(claim, ['IN_REVIEW'], 'record verdicts', claim.status === 'DRAFT' ? 'An editor first assigns reviewers, which opens the review.' : undefined);
      if (claim.submittedBy.id === actor.id) throw new DeskError('CONFLICT_OF_INTEREST', 'You submitted this claim, so you cannot rate it');
      if (!claim.assignees.some((a) => a.id === actor.id) && !hasRole(actor, 'admin')) {
        throw new DeskError('NOT_ASSIGNED', 'You are not assigned to review this claim; ask an editor to assign you');
      }
      const mine = activeVerdicts(claim).find((v) => v.reviewer.id === actor.id);
      if (mine) throw new DeskError('INVALID_TRANSITION', `You already have a verdict on this claim (${mine.id}); revise it instead`, { verdictId: mine.id });
      if (claim.verdicts.some((v) => v.id === command.verdictId)) throw new DeskError('INVALID_TRANSITION', `Verdict ${command.verdictId} already exists`);
      checkRating(context.policy.scale, command.rating);
      checkEvidence(claim, command.citationIds);
      const { verdictId, rating, rationale, citationIds } = command;
      return [{ type: 'VerdictRecorded', data: { ...stamp, claimId, verdictId, rating, rationale, citationIds: [...new Set(citationIds)] } }];
    }

    case 'ReviseVerdict': {
      requireStatus(claim, ['IN_REVIEW'], 'revise verdicts');
      requireRole(actor, ['reviewer'], 'revise a verdict');
      const verdict = ownVerdict(claim, command.verdictId, actor, 'revise');
      if (!claim.assignees.some((a) => a.id === actor.id)) {
        throw new DeskError('NOT_ASSIGNED', 'You are no longer assigned to review this claim, so your verdict can no longer change');
      }
      const rating = command.rating ?? verdict.rating;
      const rationale = command.rationale ?? verdict.rationale;
      const citationIds = command.citationIds ? [...new Set(command.citationIds)] : verdict.citationIds;
      checkRating(context.policy.scale, rating);
      checkEvidence(claim, citationIds);
      if (rating === verdict.rating && rationale === verdict.rationale && sameSet(citationIds, verdict.citationIds)) {
        throw new DeskError('NOTHING_CHANGED', 'The revision changes nothing: rating, rationale and citations are as they were');
      }
      return [{ type: 'VerdictRevised', data: { ...stamp, claimId, verdictId: verdict.id, rating, rationale, citationIds, reason: command.reason } }];
    }

    case 'WithdrawVerdict': {
      requireStatus(claim, ['IN_REVIEW'], 'withdraw verdicts');
      requireRole(actor, ['reviewer'], 'withdraw a verdict');
      const verdict = ownVerdict(claim, command.verdictId, actor, 'withdraw');
      return [{ type: 'VerdictWithdrawn', data: { ...stamp, claimId, verdictId: verdict.id, reason: command.reason } }];
    }

    case 'RejectClaim': {
      requireRole(actor, ['editor'], 'reject a claim');
      requireStatus(claim, ['DRAFT', 'IN_REVIEW'], 'reject it');
      return [{ type: 'ClaimRejected', data: { ...stamp, claimId, reason: command.reason } }];
    }

    case 'ReopenClaim': {
      requireRole(actor, ['editor'], 'reopen a claim');
      requireStatus(claim, ['REJECTED'], 'reopen it', 'Only a rejected claim can be reopened.');
      return [{ type: 'ClaimReopened', data: { ...stamp, claimId, reason: command.reason } }];
    }

    case 'PublishFactCheck': {
      requireRole(actor, ['editor'], 'publish a fact-check');
      requireStatus(claim, ['IN_REVIEW'], 'publish it', claim.status === 'DRAFT' ? 'A draft must be reviewed first.' : undefined);
      checkRating(context.policy.scale, command.rating);
      const verdicts = standingVerdicts(claim);
      const reviewers = new Set(verdicts.map((v) => v.reviewer.id));
      if (reviewers.size < context.policy.minReviewers) {
        throw new DeskError(
          'NOT_ENOUGH_VERDICTS',
          `Publishing needs standing verdicts from at least ${context.policy.minReviewers} different reviewers; this claim has ${reviewers.size} (a verdict stands while it is not withdrawn and its reviewer is assigned)`,
          { required: context.policy.minReviewers, actual: reviewers.size },
        );
      }
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
      const citationIds = [...new Set(verdicts.flatMap((v) => v.citationIds))];
      return [
        {
          type: 'FactCheckPublished',
          data: {
            ...stamp,
            claimId,
            rating: command.rating,
            summary: command.summary,
            consensusRating: consensus,
            justification: command.rating === consensus ? null : justification,
            verdictIds: verdicts.map((v) => v.id),
            citationIds,
          },
        },
      ];
    }

    case 'CorrectFactCheck': {
      requireRole(actor, ['editor'], 'correct a fact-check');
      requireStatus(claim, ['PUBLISHED'], 'correct it', 'Only a published fact-check can be corrected.');
      const publication = claim.publication as NonNullable<ExistingClaim['publication']>;
      const newRating = command.newRating ?? publication.rating;
      const newSummary = command.newSummary ?? publication.summary;
      checkRating(context.policy.scale, newRating);
      const added = [...new Set(command.addedCitationIds ?? [])].filter((id) => !publication.citationIds.includes(id));
      if (added.length > 0) checkEvidence(claim, added);
      if (newRating === publication.rating && newSummary === publication.summary && added.length === 0) {
        throw new DeskError('NOTHING_CHANGED', 'A correction must change the rating, the summary or the evidence');
      }
      return [
        {
          type: 'FactCheckCorrected',
          data: {
            ...stamp,
            claimId,
            note: command.note,
            previousRating: publication.rating,
            newRating,
            previousSummary: publication.summary,
            newSummary,
            addedCitationIds: added,
          },
        },
      ];
    }

    case 'RetractFactCheck': {
      requireRole(actor, ['editor'], 'retract a fact-check');
      requireStatus(claim, ['PUBLISHED'], 'retract it', 'Only a published fact-check can be retracted.');
      return [{ type: 'FactCheckRetracted', data: { ...stamp, claimId, note: command.note } }];
    }

    default: {
      const unhandled: never = command;
      throw new Error(`Unhandled command ${(unhandled as ClaimCommand).type}`);
    }
  }
}

// ---- Rules shared by several commands -----------------------------------------------------------

const ANY_ROLE: Role[] = ['contributor', 'reviewer', 'editor'];

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role) || actor.roles.includes('admin');
}

function requireRole(actor: Actor, allowed: Role[], act: string): void {
  if (allowed.some((role) => hasRole(actor, role))) return;
  throw new DeskError('FORBIDDEN', `Only ${allowed.map((r) => `${r}s`).join(' or ')} may ${act}`, { required: allowed });
}

function existing(state: ClaimState, claimId: string): ExistingClaim {
  if (!state.exists) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${claimId}`);
  return state;
}

const STATUS_WORDS: Record<ClaimStatus, string> = {
  DRAFT: 'a draft',
  IN_REVIEW: 'in review',
  PUBLISHED: 'published',
  REJECTED: 'rejected',
  RETRACTED: 'retracted',
};

function requireStatus(claim: ExistingClaim, allowed: ClaimStatus[], act: string, hint?: string): void {
  if (allowed.includes(claim.status)) return;
  const message = `The claim is ${STATUS_WORDS[claim.status]}, so you cannot ${act}${hint ? `. ${hint}` : ''}`;
  throw new DeskError('INVALID_TRANSITION', message, { status: claim.status, allowed });
}

function findCitation(claim: ExistingClaim, citationId: string) {
  const citation = claim.citations.find((c) => c.id === citationId);
  if (!citation) throw new DeskError('CITATION_NOT_FOUND', `Claim ${claim.id} has no citation ${citationId}`, { citationId });
  return citation;
}

/** A verdict rests on at least one citation, each on this claim and not retracted. */
function checkEvidence(claim: ExistingClaim, citationIds: string[]): void {
  if (citationIds.length === 0) throw new DeskError('CITATION_NOT_FOUND', 'A verdict must rest on at least one citation of this claim');
  for (const id of citationIds) {
    const citation = findCitation(claim, id);
    if (citation.retraction) throw new DeskError('CITATION_RETRACTED', `Citation ${id} was retracted and cannot support a verdict`, { citationId: id });
  }
}

function checkRating(scale: RatingScale, key: string): void {
  if (!findRating(scale, key)) {
    throw new DeskError('UNKNOWN_RATING', `"${key}" is not on the desk's rating scale (${scale.ratings.map((r) => r.key).join(', ')})`, { rating: key });
  }
}

function ownVerdict(claim: ExistingClaim, verdictId: string, actor: Actor, act: string) {
  const verdict = claim.verdicts.find((v) => v.id === verdictId);
  if (!verdict) throw new DeskError('VERDICT_NOT_FOUND', `Claim ${claim.id} has no verdict ${verdictId}`, { verdictId });
  if (verdict.reviewer.id !== actor.id) throw new DeskError('NOT_AUTHOR', `Only ${verdict.reviewer.name}, who recorded verdict ${verdictId}, may ${act} it`);
  if (verdict.withdrawal) throw new DeskError('VERDICT_WITHDRAWN', `Verdict ${verdictId} was withdrawn`);
  return verdict;
}

/** After publication, the evidence the fact-check rests on changes only through a correction. */
function requireNotPublishedEvidence(claim: ExistingClaim, citationId: string, act: string): void {
  if (claim.publication?.citationIds.includes(citationId)) {
    throw new DeskError(
      'INVALID_TRANSITION',
      `Citation ${citationId} is evidence of the published fact-check, so it cannot be ${act} silently: publish a correction (it can add new citations) instead`,
      { citationId },
    );
  }
}

const nonBlank = (value: unknown) => typeof value === 'string' && value.trim() !== '';
const optionalText = (value: unknown) => value === null || typeof value === 'string';

/** Every event is kept forever, so what goes into one must already be whole: no missing or null fields. */
function checkCitation(c: CitationDetails): void {
  for (const field of ['url', 'title', 'publisher', 'excerpt'] as const) {
    if (!nonBlank(c[field])) throw new DeskError('INCOMPLETE_DETAILS', `The citation's ${field} must be a non-empty text`, { field });
  }
  if (!['SUPPORTS', 'REFUTES', 'CONTEXT'].includes(c.stance)) throw new DeskError('INCOMPLETE_DETAILS', 'The citation\'s stance must be SUPPORTS, REFUTES or CONTEXT', { field: 'stance' });
  for (const field of ['publishedAt', 'note', 'archivedUrl'] as const) {
    if (!optionalText(c[field])) throw new DeskError('INCOMPLETE_DETAILS', `The citation's ${field} must be a text or null`, { field });
  }
}

function checkShape(details: ClaimDetails): void {
  const bad = (field: string, what: string) => new DeskError('INCOMPLETE_DETAILS', `${field} ${what}`, { field });
  if (!nonBlank(details.statement)) throw bad('statement', 'must be a non-empty text');
  if (!details.claimant || !nonBlank(details.claimant.name)) throw bad('claimant', 'must have a name');
  if (details.claimant.kind !== 'PERSON' && details.claimant.kind !== 'ORGANIZATION') throw bad('claimant.kind', 'must be PERSON or ORGANIZATION');
  if (!nonBlank(details.language)) throw bad('language', 'must be a language tag');
  if (!Array.isArray(details.topics) || !details.topics.every(nonBlank)) throw bad('topics', 'must be a list of non-empty texts');
  if (!Array.isArray(details.appearances)) throw bad('appearances', 'must be a list');
  for (const a of details.appearances) {
    if (!a || !nonBlank(a.url) || !nonBlank(a.outlet) || typeof a.firstAppearance !== 'boolean') throw bad('appearances', 'need a url, an outlet and whether each is the first');
  }
}

/**
 * Claim details a desk can stand behind: dates that are real ISO dates and not in the future
 * (anywhere on Earth), exactly one first appearance which is also the earliest, and no appearance
 * before the claim was made.
 */
function checkDetails(details: ClaimDetails, now: Date): void {
  checkShape(details);
  const latest = latestLocalDate(now);
  const day = (value: string, field: string) => {
    if (typeof value !== 'string' || !ISO_DATE.test(value) || Number.isNaN(Date.parse(value))) throw new DeskError('INVALID_DETAILS', `${field} "${value}" is not an ISO 8601 date`, { field });
    if (value.slice(0, 10) > latest) throw new DeskError('INVALID_DETAILS', `${field} ${value} is in the future`, { field });
    return value.slice(0, 10);
  };
  const claimDay = day(details.claimDate, 'claimDate');
  const days = details.appearances.map((a) => day(a.appearedAt, 'appearances.appearedAt'));
  if (details.appearances.length === 0) return;
  const firsts = details.appearances.filter((a) => a.firstAppearance);
  if (firsts.length !== 1) throw new DeskError('INVALID_DETAILS', `Exactly one appearance must be marked as the first; ${firsts.length} are`, { field: 'appearances' });
  const early = details.appearances.find((_, i) => days[i] < claimDay);
  if (early) {
    throw new DeskError('INVALID_DETAILS', `The appearance at ${early.url} (${early.appearedAt}) is dated before the claim was made (${details.claimDate})`, { field: 'appearances' });
  }
  const firstDay = days[details.appearances.indexOf(firsts[0])];
  if (days.some((d) => d < firstDay)) {
    throw new DeskError('INVALID_DETAILS', `The appearance marked first (${firsts[0].url}) is not the earliest one`, { field: 'appearances' });
  }
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ][0-9:.]+(Z|[+-]\d{2}:?\d{2})?)?$/;

/** The fields of `changes` that are revisable and differ from the current value (field order inside values ignored). */
function changedFields<T extends object>(current: T, changes: Partial<T>, revisable: readonly (keyof T)[]): Partial<T> {
  const result: Partial<T> = {};
  for (const key of revisable) {
    const value = changes[key];
    if (value !== undefined && canonicalJson(value) !== canonicalJson(current[key])) result[key] = value;
  }
  return result;
}

const REVISABLE_CLAIM_FIELDS: readonly (keyof ClaimDetails)[] = ['statement', 'claimant', 'claimDate', 'appearances', 'language', 'topics'];
const REVISABLE_CITATION_FIELDS: readonly (keyof CitationDetails)[] = ['url', 'title', 'publisher', 'publishedAt', 'excerpt', 'stance', 'note', 'archivedUrl'];

function dedupe(actors: ActorRef[]): ActorRef[] {
  const seen = new Map<string, ActorRef>();
  for (const a of actors) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

/**
 * The desk's rules that several commands share: who may act, on a claim in which status, and what
 * a detail, a citation or a verdict's evidence must look like before it goes into an event.
 * Every guard either returns or throws a DeskError; none has side effects.
 */
import { quote } from '../../shared/quote';
import type { Actor, Role } from '../../shared/actor';
import { canonicalJson } from '../../shared/canonical-json';
import { latestLocalDate } from '../../shared/calendar';
import { isIsoDateOrDateTime } from '../../shared/instant';
import { hasVisibleCharacter } from '../../shared/text';
import { CITATION_STANCES } from './claim';
import type { ActorRef, Citation, CitationDetails, CitationStance, CitedContentField, ClaimDetails, ClaimState, ClaimStatus, ExistingClaim, MaterialClaimField, Verdict } from './claim';
import { CITED_CONTENT_FIELDS, MATERIAL_CLAIM_FIELDS } from './claim';
import { ClaimLimits, DEFAULT_CLAIM_LIMITS, DecisionContext } from './commands';
import { DeskError } from './desk-error';
import { findRating, RatingScale } from './rating-scale';

/** Who acted and when, as every event records it. */
export function stampOf(context: DecisionContext): { by: ActorRef; at: string } {
  return { by: { id: context.actor.id, name: context.actor.name }, at: context.now.toISOString() };
}

// ---- Roles --------------------------------------------------------------------------------------

export const ANY_ROLE: Role[] = ['contributor', 'reviewer', 'editor'];

export function hasRole(actor: Actor, role: Role): boolean {
  return actor.roles.includes(role) || actor.roles.includes('admin');
}

export function requireRole(actor: Actor, allowed: Role[], act: string): void {
  if (allowed.some((role) => hasRole(actor, role))) return;
  throw new DeskError('FORBIDDEN', `Only ${allowed.map((r) => `${r}s`).join(' or ')} may ${act}`, { required: allowed });
}

/**
 * Whoever submitted or added something may change it with any desk role; anyone else must be an
 * editor. A person whose token carries no role may not act even on their own work.
 */
export function requireAuthorOrEditor(authorId: string, actor: Actor, ownAct: string, othersAct: string): void {
  if (authorId !== actor.id) requireRole(actor, ['editor'], othersAct);
  else requireRole(actor, ANY_ROLE, ownAct);
}

// ---- How big a claim may grow ------------------------------------------------------------------

export function limitsOf(context: DecisionContext): ClaimLimits {
  return context.policy.limits ?? DEFAULT_CLAIM_LIMITS;
}

const LIMIT_WORDS: Record<keyof ClaimLimits, string> = {
  citations: 'citations',
  appearances: 'appearances',
  assignees: 'assigned reviewers',
  events: 'recorded acts (events)',
  corrections: 'corrections',
};

/** Refuses when the claim would hold more than the desk allows of `limit` after the act. */
export function requireWithinLimit(context: DecisionContext, limit: keyof ClaimLimits, countAfter: number): void {
  const max = limitsOf(context)[limit];
  if (countAfter <= max) return;
  throw new DeskError(
    'CLAIM_LIMIT_REACHED',
    `A claim may have at most ${max} ${LIMIT_WORDS[limit]}; this would make ${countAfter}. Split the work into another claim or ask an admin to raise the limit`,
    { limit, max },
  );
}

// ---- Existence and status -----------------------------------------------------------------------

export function existing(state: ClaimState, claimId: string): ExistingClaim {
  if (!state.exists) throw new DeskError('CLAIM_NOT_FOUND', `No claim ${quote(claimId)}`);
  return state;
}

const STATUS_WORDS: Record<ClaimStatus, string> = {
  DRAFT: 'a draft',
  IN_REVIEW: 'in review',
  PUBLISHED: 'published',
  REJECTED: 'rejected',
  RETRACTED: 'retracted',
};

/** While a claim is open or published, its evidence may grow and change (with a correction, after publication). */
export const CITABLE_STATUSES: ClaimStatus[] = ['DRAFT', 'IN_REVIEW', 'PUBLISHED'];

export function requireStatus(claim: ExistingClaim, allowed: ClaimStatus[], act: string, hint?: string): void {
  if (allowed.includes(claim.status)) return;
  const message = `The claim is ${STATUS_WORDS[claim.status]}, so you cannot ${act}${hint ? `. ${hint}` : ''}`;
  throw new DeskError('INVALID_TRANSITION', message, { status: claim.status, allowed });
}

// ---- Citations, evidence, ratings and verdicts ----------------------------------------------------

export function findCitation(claim: ExistingClaim, citationId: string) {
  const citation = claim.citations.find((c) => c.id === citationId);
  if (!citation) throw new DeskError('CITATION_NOT_FOUND', `Claim ${claim.id} has no citation ${quote(citationId)}`, { citationId });
  return citation;
}

/** A verdict rests on at least one citation, each on this claim and not retracted. */
export function checkEvidence(claim: ExistingClaim, citationIds: string[]): void {
  if (citationIds.length === 0) throw new DeskError('CITATION_NOT_FOUND', 'A verdict must rest on at least one citation of this claim');
  for (const id of citationIds) {
    const citation = findCitation(claim, id);
    if (citation.retraction) throw new DeskError('CITATION_RETRACTED', `Citation ${quote(id)} was retracted and cannot support a verdict`, { citationId: id });
  }
}

export function checkRating(scale: RatingScale, key: string): void {
  if (!findRating(scale, key)) {
    throw new DeskError('UNKNOWN_RATING', `"${quote(key)}" is not on the desk's rating scale (${scale.ratings.map((r) => r.key).join(', ')})`, { rating: key });
  }
}

/** Whether the actor is one of the claim's assigned reviewers. */
export function isAssigned(claim: ExistingClaim, actorId: string): boolean {
  return claim.assignees.some((a) => a.id === actorId);
}

export function ownVerdict(claim: ExistingClaim, verdictId: string, actor: Actor, act: string) {
  const verdict = claim.verdicts.find((v) => v.id === verdictId);
  if (!verdict) throw new DeskError('VERDICT_NOT_FOUND', `Claim ${claim.id} has no verdict ${quote(verdictId)}`, { verdictId });
  if (verdict.reviewer.id !== actor.id) throw new DeskError('NOT_AUTHOR', `Only ${verdict.reviewer.name}, who recorded verdict ${quote(verdictId)}, may ${act} it`);
  if (verdict.withdrawal) throw new DeskError('VERDICT_WITHDRAWN', `Verdict ${quote(verdictId)} was withdrawn`);
  return verdict;
}

/**
 * Once a fact-check is published (and after it is retracted), every citation a reader can see is
 * frozen: the published evidence changes only through a correction. Citations the desk added after
 * publication that no correction includes yet are desk-only and may still change.
 */
export function requireNotPublishedEvidence(claim: ExistingClaim, citation: Citation, act: string): void {
  if (claim.publication && isPublicCitation(claim, citation)) {
    throw new DeskError(
      'INVALID_TRANSITION',
      `Citation ${quote(citation.id)} is evidence of the published fact-check (readers see it), so it cannot be ${act} silently: publish a correction (it can add new citations) instead`,
      { citationId: citation.id },
    );
  }
}

/**
 * How a source is counted once, however its citation spells the address: scheme and host in lower
 * case, the default port dropped, the fragment and a trailing slash ignored; path, query and the rest
 * kept as written. A url that does not parse counts as its trimmed text.
 */
export function sourceKey(url: string): string {
  const text = url.trim();
  let parsed: URL;
  try {
    parsed = new URL(text);
  } catch {
    return text;
  }
  // URL lower-cases the scheme and host and drops a scheme's default port.
  const path = parsed.pathname.replace(/\/+$/, '');
  const auth = parsed.username || parsed.password ? `${parsed.username}${parsed.password ? `:${parsed.password}` : ''}@` : '';
  const authority = parsed.host ? `//${auth}${parsed.host}` : '';
  return `${parsed.protocol}${authority}${path}${parsed.search}`;
}

/** Distinct sources among the citations, by sourceKey. */
export function distinctSources(citations: readonly Pick<Citation, 'url'>[]): number {
  return new Set(citations.map((c) => sourceKey(c.url))).size;
}

// ---- What an event may carry --------------------------------------------------------------------

/** A text with a visible character: white space, zero-width characters and lone combining marks are blank. */
const nonBlank = (value: unknown) => typeof value === 'string' && hasVisibleCharacter(value);
const optionalText = (value: unknown) => value === null || typeof value === 'string';

/** Every event is kept forever, so what goes into one must already be whole: no missing or null fields. */
export function checkCitation(c: CitationDetails): void {
  for (const field of ['url', 'title', 'publisher', 'excerpt'] as const) {
    if (!nonBlank(c[field])) throw new DeskError('INCOMPLETE_DETAILS', `The citation's ${field} must be a non-empty text`, { field });
  }
  if (!isCitationStance(c.stance)) throw new DeskError('INCOMPLETE_DETAILS', `The citation's stance must be ${CITATION_STANCES.slice(0, -1).join(', ')} or ${CITATION_STANCES.at(-1)}`, { field: 'stance' });
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
export function checkDetails(details: ClaimDetails, now: Date): void {
  checkShape(details);
  const latest = latestLocalDate(now);
  const day = (value: string, field: string) => {
    if (!isIsoDate(value)) throw new DeskError('INVALID_DETAILS', `${field} "${quote(value)}" is not an ISO 8601 date`, { field });
    if (value.slice(0, 10) > latest) throw new DeskError('INVALID_DETAILS', `${field} ${quote(value)} is in the future (after ${latest}, the latest date anywhere on Earth at the time of the act)`, { field });
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

/**
 * An ISO 8601 date (YYYY-MM-DD) or date-time with its offset that is a real one: what a claim's dates
 * must be. Strict (src/shared/instant.ts): Date.parse would take "2025-02-30" as 2 March, or a time
 * without an offset in the server's own zone.
 */
export function isIsoDate(value: unknown): value is string {
  return isIsoDateOrDateTime(value);
}

export function isCitationStance(value: unknown): value is CitationStance {
  return (CITATION_STANCES as readonly unknown[]).includes(value);
}

// ---- Revisions and lists ------------------------------------------------------------------------

/** The fields of `changes` that are revisable and differ from the current value (field order inside values ignored). */
export function changedFields<T extends object>(current: T, changes: Partial<T>, revisable: readonly (keyof T)[]): Partial<T> {
  const result: Partial<T> = {};
  for (const key of revisable) {
    const value = changes[key];
    if (value !== undefined && canonicalJson(value) !== canonicalJson(current[key])) result[key] = value;
  }
  return result;
}

export function dedupe(actors: ActorRef[]): ActorRef[] {
  const seen = new Map<string, ActorRef>();
  for (const a of actors) if (!seen.has(a.id)) seen.set(a.id, a);
  return [...seen.values()];
}

export function sameSet(a: string[], b: string[]): boolean {
  return a.length === b.length && a.every((x) => b.includes(x));
}

// ---- Derived state ------------------------------------------------------------------------------

/** Verdicts that count: recorded and not withdrawn. */
export function activeVerdicts(state: ExistingClaim): Verdict[] {
  return state.verdicts.filter((v) => v.withdrawal === null);
}

/**
 * Verdicts that decide publication: not withdrawn, by a reviewer still assigned. Taking a
 * reviewer off the review (say, for a conflict found late) takes their verdict out of the count.
 */
export function standingVerdicts(state: ExistingClaim): Verdict[] {
  const assigned = new Set(state.assignees.map((a) => a.id));
  return activeVerdicts(state).filter((v) => assigned.has(v.reviewer.id));
}

/**
 * Why a verdict is stale: a material field of the claim changed, the cited content of one of its
 * citations changed, or one of its citations was retracted (field `retracted`).
 */
export type StaleReason =
  | { kind: 'CLAIM'; field: MaterialClaimField }
  | { kind: 'CITATION'; citationId: string; field: CitedContentField }
  | { kind: 'CITATION'; citationId: string; field: 'retracted' };

/**
 * What changed since the reviewer last looked (empty: the verdict is current). Content-based
 * throughout: a claim field is stale when its value now differs from its value at the basis's
 * claim revision, a citation's field when its current content differs from the version the basis
 * names (so a change reverted reads as it did); a cited citation since retracted is stale whatever
 * its content. A withdrawn verdict rests on nothing any more, so it is never stale.
 */
export function staleReasons(claim: ExistingClaim, verdict: Verdict): StaleReason[] {
  if (verdict.withdrawal) return [];
  const reasons: StaleReason[] = [];
  const seen = claim.claimRevisions[verdict.basis.claimRevision];
  for (const field of MATERIAL_CLAIM_FIELDS) {
    // A basis naming no known revision cannot say which field: all of them may have changed.
    const changed = seen ? canonicalJson(seen[field]) !== canonicalJson(claim[field]) : verdict.basis.claimRevision !== claim.claimRevision;
    if (changed) reasons.push({ kind: 'CLAIM', field });
  }
  for (const citationId of verdict.citationIds) {
    const citation = claim.citations.find((c) => c.id === citationId);
    if (!citation) continue;
    for (const field of citationChanges(citation, verdict.basis.citationHashes[citationId])) reasons.push({ kind: 'CITATION', citationId, field });
    if (citation.retraction) reasons.push({ kind: 'CITATION', citationId, field: 'retracted' });
  }
  return reasons;
}

function citationChanges(citation: Citation, seenHash: string | undefined): CitedContentField[] {
  const current = citation.contents[citation.contents.length - 1];
  if (!current || current.hash === seenHash) return [];
  const seen = citation.contents.find((c) => c.hash === seenHash);
  // A basis naming no known version cannot say which field: all of them may have changed.
  return CITED_CONTENT_FIELDS.filter((field) => !seen || seen[field] !== current[field]);
}

export function isStale(claim: ExistingClaim, verdict: Verdict): boolean {
  return staleReasons(claim, verdict).length > 0;
}

/** Verdicts that count for publication: standing, and resting on what the claim and its citations are now. */
export function countedVerdicts(state: ExistingClaim): Verdict[] {
  return standingVerdicts(state).filter((v) => !isStale(state, v));
}

/**
 * The rating every standing verdict agrees on, stale or not, or null when there are none or they
 * disagree. A stale verdict does not count toward the minimum, but its reviewer's view still stands
 * until they revise or withdraw it: staling a dissent (say, by revising a citation it cites) must not
 * make it vanish from what the editor departs from.
 */
export function consensusRating(state: ExistingClaim): string | null {
  const ratings = new Set(standingVerdicts(state).map((v) => v.rating));
  return ratings.size === 1 ? [...ratings][0] : null;
}

/**
 * Publishing (or correcting to) `rating` departs from the reviewers when it differs from the rating of
 * any standing verdict, stale or not: such an act needs a written justification.
 */
export function requireJustifiedDeparture(state: ExistingClaim, rating: string, justification: string | null, act: string): void {
  const standing = standingVerdicts(state);
  const dissent = standing.filter((v) => v.rating !== rating);
  if (dissent.length === 0 || justification) return;
  const consensus = consensusRating(state);
  const ratings = [...new Set(standing.map((v) => v.rating))];
  throw new DeskError(
    'JUSTIFICATION_REQUIRED',
    consensus
      ? `The reviewers agree on ${consensus}; ${act} ${rating} needs a written justification`
      : `The reviewers disagree (${ratings.join(', ')}); ${act} ${rating} departs from ${dissent
          .map((v) => `${v.id} by ${v.reviewer.name} (${v.rating}${isStale(state, v) ? ', stale but standing' : ''})`)
          .join(', ')} and needs a written justification`,
    { consensusRating: consensus },
  );
}

/** Readers see a citation added after publication only once a correction includes it. */
export function isPublicCitation(claim: ExistingClaim, citation: Citation): boolean {
  return !citation.addedAfterPublication || (claim.publication?.citationIds.includes(citation.id) ?? false);
}

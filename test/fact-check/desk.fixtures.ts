/**
 * The desk's cast, claim and standard histories, shared by the decide and evolve specs. Each
 * fixture is defined before it is first used, so the file reads top to bottom like a story:
 * Alice (contributor) submits claim c1; Rita, Ravi and Rosa review; Edgar edits; Ada administers;
 * Carl is another contributor and Nobody holds no role at all.
 */
import type { Actor } from '../../src/shared/actor';
import { ActorRef, CitationDetails, citedContent, ClaimEvent, ClaimState, ExistingClaim, foldClaim, Methodology, VerdictBasis } from '../../src/claims/domain/claim';
import { ClaimCommand } from '../../src/claims/domain/commands';
import { methodologyOf } from '../../src/claims/domain/methodology';
import { DEFAULT_POLICY, NOW } from '../support/decider-spec';

// ---- Cast ---------------------------------------------------------------------------------------

export const alice: Actor = { id: 'alice', name: 'Alice', roles: ['contributor'] };
export const carl: Actor = { id: 'carl', name: 'Carl', roles: ['contributor'] };
export const rita: Actor = { id: 'rita', name: 'Rita', roles: ['reviewer'] };
export const ravi: Actor = { id: 'ravi', name: 'Ravi', roles: ['reviewer'] };
export const rosa: Actor = { id: 'rosa', name: 'Rosa', roles: ['reviewer'] };
export const edgar: Actor = { id: 'edgar', name: 'Edgar', roles: ['editor'] };
export const ada: Actor = { id: 'ada', name: 'Ada', roles: ['admin'] };
export const nobody: Actor = { id: 'nobody', name: 'Nobody', roles: [] };

/** How events name an actor: without their roles, which are the token's, not the history's. */
export const ref = (a: Actor): ActorRef => ({ id: a.id, name: a.name });

// ---- The claim and its sources ------------------------------------------------------------------

export const claimId = 'c1';
export const at = NOW.toISOString();
export const stamp = (actor: Actor) => ({ by: ref(actor), at });

export const RATIONALE = 'The morgue records list no deaths that night.';
export const REVISED_RATIONALE = 'The death register, checked since, lists no deaths either.';
export const SUMMARY = 'No one died during the raids.';
export const vid = (reviewer: Actor) => `v-${reviewer.id}`;

export const details = {
  statement: 'Two people died during the raids in Yekaterinburg.',
  claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' as const },
  claimDate: '2025-06-28',
  appearances: [{ url: 'https://en.trend.az/a', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
  language: 'en',
  topics: ['russia', 'azerbaijan'],
};

export const source = (citationId: string): CitationDetails => ({
  url: `https://example.org/${citationId}`,
  title: `Source ${citationId}`,
  publisher: 'Example Press',
  publishedAt: '2025-06-30',
  excerpt: `What ${citationId} says.`,
  stance: 'REFUTES',
  note: null,
  archivedUrl: null,
});

/**
 * The basis of a verdict rated on the claim at `claimRevision` (0: as submitted) with each cited
 * citation as first added (`source(id)`), unless `contents` gives a citation's content then.
 */
export const basisFor = (citationIds: string[], claimRevision = 0, contents: Record<string, CitationDetails> = {}): VerdictBasis => ({
  claimRevision,
  citationHashes: Object.fromEntries(citationIds.map((id) => [id, citedContent(contents[id] ?? source(id)).hash])),
});

// ---- Events -------------------------------------------------------------------------------------

export const claimSubmitted = (actor: Actor = alice): ClaimEvent => ({ type: 'ClaimSubmitted', data: { ...stamp(actor), claimId, ...details } });
/** Alice's claim c1, as submitted. */
export const submitted = claimSubmitted();

export const reviewersAssigned = (reviewers: Actor[], actor: Actor = edgar): ClaimEvent => ({
  type: 'ReviewersAssigned',
  data: { ...stamp(actor), claimId, reviewers: reviewers.map(ref) },
});
export const reviewStarted = (actor: Actor = edgar): ClaimEvent => ({ type: 'ClaimReviewStarted', data: { ...stamp(actor), claimId } });
export const reviewerUnassigned = (reviewer: Actor): ClaimEvent => ({
  type: 'ReviewerUnassigned',
  data: { ...stamp(edgar), claimId, reviewerId: reviewer.id, reason: 'Away' },
});
export const citationAdded = (citationId: string, actor: Actor = alice): ClaimEvent => ({
  type: 'CitationAdded',
  data: { ...stamp(actor), claimId, citationId, ...source(citationId) },
});
export const citationRevised = (citationId: string, changes: Partial<CitationDetails>, actor: Actor = edgar): ClaimEvent => ({
  type: 'CitationRevised',
  data: { ...stamp(actor), claimId, citationId, changes, reason: 'Typo' },
});
export const citationRetracted = (citationId: string, actor: Actor = edgar): ClaimEvent => ({
  type: 'CitationRetracted',
  data: { ...stamp(actor), claimId, citationId, reason: 'The page was doctored' },
});
export const verdictRecorded = (
  reviewer: Actor,
  rating: string,
  citationIds: string[] = ['k1'],
  verdictId = vid(reviewer),
  basis: VerdictBasis | null = basisFor(citationIds),
): ClaimEvent => ({
  type: 'VerdictRecorded',
  data: { ...stamp(reviewer), claimId, verdictId, rating, rationale: RATIONALE, citationIds, basis },
});
export const verdictRevised = (
  reviewer: Actor,
  rating: string,
  citationIds: string[] = ['k1'],
  rationale = REVISED_RATIONALE,
  basis: VerdictBasis | null = basisFor(citationIds),
): ClaimEvent => ({
  type: 'VerdictRevised',
  data: { ...stamp(reviewer), claimId, verdictId: vid(reviewer), rating, rationale, citationIds, reason: 'Found more', basis },
});
export const verdictConfirmed = (reviewer: Actor, basis: VerdictBasis, verdictId = vid(reviewer)): ClaimEvent => ({
  type: 'VerdictConfirmed',
  data: { ...stamp(reviewer), claimId, verdictId, basis },
});
export const verdictWithdrawn = (reviewer: Actor, verdictId = vid(reviewer)): ClaimEvent => ({
  type: 'VerdictWithdrawn',
  data: { ...stamp(reviewer), claimId, verdictId, reason: 'Second thoughts' },
});
export const claimRejected = (): ClaimEvent => ({ type: 'ClaimRejected', data: { ...stamp(edgar), claimId, reason: 'Not checkable' } });
export const claimReopened = (): ClaimEvent => ({ type: 'ClaimReopened', data: { ...stamp(edgar), claimId, reason: 'New evidence surfaced' } });

/** By default the editor publishes the consensus, with no justification; `departure` says otherwise. */
export const factCheckPublished = (
  rating = 'FALSE',
  verdictIds = ['v-rita', 'v-ravi'],
  citationIds = ['k1'],
  departure: { consensusRating: string | null; justification: string | null } = { consensusRating: rating, justification: null },
  methodology: Methodology | null = methodologyOf(DEFAULT_POLICY),
): ClaimEvent => ({
  type: 'FactCheckPublished',
  data: { ...stamp(edgar), claimId, rating, summary: SUMMARY, ...departure, verdictIds, citationIds, methodology },
});
export const factCheckCorrected = (
  previousRating: string,
  newRating: string,
  previousSummary: string,
  newSummary: string,
  addedCitationIds: string[] = [],
  justification: string | null = null,
): ClaimEvent => ({
  type: 'FactCheckCorrected',
  data: { ...stamp(edgar), claimId, note: 'Corrected after a reader wrote in', previousRating, newRating, previousSummary, newSummary, addedCitationIds, justification },
});
export const factCheckRetracted = (): ClaimEvent => ({ type: 'FactCheckRetracted', data: { ...stamp(edgar), claimId, note: 'Wrong claim' } });

// ---- Histories ----------------------------------------------------------------------------------

/** Alice's claim, still a draft, with citations k1 (added by Alice), k2 (Rita) and k3 (Ravi). */
export const draft = (): ClaimEvent[] => [submitted, citationAdded('k1', alice), citationAdded('k2', rita), citationAdded('k3', ravi)];

/** The draft after Edgar assigned reviewers (Rita and Ravi unless told otherwise). */
export const inReview = (reviewers: Actor[] = [rita, ravi]): ClaimEvent[] => [...draft(), reviewersAssigned(reviewers), reviewStarted()];

export type VerdictSpec = [reviewer: Actor, rating: string, citationIds?: string[]];
/** In review, each listed reviewer (assigned along with Rita and Ravi) having recorded verdict v-<id>. */
export const withVerdicts = (...verdicts: VerdictSpec[]): ClaimEvent[] => {
  const reviewers = [...new Map([rita, ravi, ...verdicts.map(([r]) => r)].map((r) => [r.id, r])).values()];
  return [...inReview(reviewers), ...verdicts.map(([reviewer, rating, citationIds]) => verdictRecorded(reviewer, rating, citationIds))];
};

/** Rita and Ravi both rated FALSE on k1; Edgar published FALSE. */
export const published = (): ClaimEvent[] => [...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), factCheckPublished()];

/** The published fact-check, then retracted by Edgar. */
export const retracted = (): ClaimEvent[] => [...published(), factCheckRetracted()];

/** Alice's draft, rejected by Edgar (optionally after reviewers were assigned). */
export const rejected = (reviewers: Actor[] = []): ClaimEvent[] => [...(reviewers.length ? inReview(reviewers) : draft()), claimRejected()];

/** The claim folded from a history that must have created it. */
export const stateAfter = (history: ClaimEvent[]): ExistingClaim => {
  const state: ClaimState = foldClaim(history);
  if (!state.exists) throw new Error('expected the claim to exist');
  return state;
};

// ---- Commands -----------------------------------------------------------------------------------

export const submit = (overrides: Partial<typeof details> = {}): ClaimCommand => ({ type: 'SubmitClaim', claimId, ...details, ...overrides });
export const reviseDetails = (changes: Partial<typeof details>): ClaimCommand => ({ type: 'ReviseClaimDetails', claimId, changes, reason: 'Clarified' });
export const assign = (...reviewers: Actor[]): ClaimCommand => ({ type: 'AssignReviewers', claimId, reviewers: reviewers.map(ref) });
export const unassign = (reviewer: Actor): ClaimCommand => ({ type: 'UnassignReviewer', claimId, reviewerId: reviewer.id, reason: 'Away' });
export const cite = (citationId: string): ClaimCommand => ({ type: 'AddCitation', claimId, citationId, ...source(citationId) });
export const reviseCitation = (citationId: string, changes: Partial<CitationDetails>): ClaimCommand => ({
  type: 'ReviseCitation',
  claimId,
  citationId,
  changes,
  reason: 'Typo',
});
export const retractCitation = (citationId: string): ClaimCommand => ({ type: 'RetractCitation', claimId, citationId, reason: 'The page was doctored' });
export const record = (rating: string, citationIds: string[] = ['k1'], verdictId = 'v-new'): ClaimCommand => ({
  type: 'RecordVerdict',
  claimId,
  verdictId,
  rating,
  rationale: RATIONALE,
  citationIds,
});
export const reviseVerdict = (verdictId: string, changes: { rating?: string; rationale?: string; citationIds?: string[] }): ClaimCommand => ({
  type: 'ReviseVerdict',
  claimId,
  verdictId,
  ...changes,
  reason: 'Found more',
});
export const confirm = (verdictId: string): ClaimCommand => ({ type: 'ConfirmVerdict', claimId, verdictId });
export const withdraw = (verdictId: string): ClaimCommand => ({ type: 'WithdrawVerdict', claimId, verdictId, reason: 'Second thoughts' });
export const reject: ClaimCommand = { type: 'RejectClaim', claimId, reason: 'Not checkable' };
export const reopen: ClaimCommand = { type: 'ReopenClaim', claimId, reason: 'New evidence surfaced' };
export const publish = (rating = 'FALSE', justification?: string): ClaimCommand => ({
  type: 'PublishFactCheck',
  claimId,
  rating,
  summary: SUMMARY,
  ...(justification === undefined ? {} : { justification }),
});
export const correct = (changes: { newRating?: string; newSummary?: string; addedCitationIds?: string[]; justification?: string }): ClaimCommand => ({
  type: 'CorrectFactCheck',
  claimId,
  note: 'Corrected after a reader wrote in',
  ...changes,
});
export const retractFactCheck: ClaimCommand = { type: 'RetractFactCheck', claimId, note: 'Wrong claim' };

import type { Actor } from '../../src/shared/actor';
import { CitationDetails, ClaimEvent, ClaimState, ExistingClaim, foldClaim } from '../../src/claims/domain/claim';
import { ClaimCommand, DeskPolicy } from '../../src/claims/domain/commands';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { DEFAULT_POLICY, given, NOW } from '../support/decider-spec';

const at = NOW.toISOString();
const alice: Actor = { id: 'alice', name: 'Alice', roles: ['contributor'] };
const rita: Actor = { id: 'rita', name: 'Rita', roles: ['reviewer'] };
const edgar: Actor = { id: 'edgar', name: 'Edgar', roles: ['editor'] };
const ref = (a: Actor) => ({ id: a.id, name: a.name });

const details = {
  statement: 'Two people died during the raids in Yekaterinburg.',
  claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' as const },
  claimDate: '2025-06-28',
  appearances: [{ url: 'https://en.trend.az/a', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
  language: 'en',
  topics: ['russia', 'azerbaijan'],
};
const submitted: ClaimEvent = { type: 'ClaimSubmitted', data: { by: ref(alice), at, claimId: 'c1', ...details } };

describe('submitting a claim', () => {
  it('a contributor submits a claim: ClaimSubmitted with every detail, who and when', () => {
    given([])
      .when({ type: 'SubmitClaim', claimId: 'c1', ...details }, alice)
      .then([submitted]);
  });

  it('an editor cannot record a verdict (only reviewers rate)', () => {
    given([submitted, { type: 'ReviewersAssigned', data: { by: ref(edgar), at, claimId: 'c1', reviewers: [ref(rita)] } }, { type: 'ClaimReviewStarted', data: { by: ref(edgar), at, claimId: 'c1' } }])
      .when({ type: 'RecordVerdict', claimId: 'c1', verdictId: 'v1', rating: 'FALSE', rationale: 'r', citationIds: ['x'] }, edgar)
      .thenRefused('FORBIDDEN', /Only reviewers may record a verdict/);
  });
});

// ---- Cast ---------------------------------------------------------------------------------------
// Alice (contributor) submits claim c1. Rita, Ravi and Rosa review; Edgar edits; Ada administers.

const ravi: Actor = { id: 'ravi', name: 'Ravi', roles: ['reviewer'] };
const rosa: Actor = { id: 'rosa', name: 'Rosa', roles: ['reviewer'] };
const carl: Actor = { id: 'carl', name: 'Carl', roles: ['contributor'] };
const ada: Actor = { id: 'ada', name: 'Ada', roles: ['admin'] };
const nobody: Actor = { id: 'nobody', name: 'Nobody', roles: [] };

const claimId = 'c1';
const RATIONALE = 'The morgue records list no deaths that night.';
const SUMMARY = 'No one died during the raids.';
const vid = (reviewer: Actor) => `v-${reviewer.id}`;
const stamp = (actor: Actor) => ({ by: ref(actor), at });
const threeReviewers: DeskPolicy = { scale: DEFAULT_POLICY.scale, minReviewers: 3 };

// ---- Events -------------------------------------------------------------------------------------

const source = (citationId: string): CitationDetails => ({
  url: `https://example.org/${citationId}`,
  title: `Source ${citationId}`,
  publisher: 'Example Press',
  publishedAt: '2025-06-30',
  excerpt: `What ${citationId} says.`,
  stance: 'REFUTES',
  note: null,
  archivedUrl: null,
});

const reviewersAssigned = (reviewers: Actor[], actor: Actor = edgar): ClaimEvent => ({
  type: 'ReviewersAssigned',
  data: { ...stamp(actor), claimId, reviewers: reviewers.map(ref) },
});
const reviewStarted = (actor: Actor = edgar): ClaimEvent => ({ type: 'ClaimReviewStarted', data: { ...stamp(actor), claimId } });
const reviewerUnassigned = (reviewer: Actor): ClaimEvent => ({
  type: 'ReviewerUnassigned',
  data: { ...stamp(edgar), claimId, reviewerId: reviewer.id, reason: 'Away' },
});
const citationAdded = (citationId: string, actor: Actor = alice): ClaimEvent => ({
  type: 'CitationAdded',
  data: { ...stamp(actor), claimId, citationId, ...source(citationId) },
});
const citationRetracted = (citationId: string, actor: Actor = edgar): ClaimEvent => ({
  type: 'CitationRetracted',
  data: { ...stamp(actor), claimId, citationId, reason: 'The page was doctored' },
});
const verdictRecorded = (reviewer: Actor, rating: string, citationIds: string[] = ['k1'], verdictId = vid(reviewer)): ClaimEvent => ({
  type: 'VerdictRecorded',
  data: { ...stamp(reviewer), claimId, verdictId, rating, rationale: RATIONALE, citationIds },
});
const verdictWithdrawn = (reviewer: Actor, verdictId = vid(reviewer)): ClaimEvent => ({
  type: 'VerdictWithdrawn',
  data: { ...stamp(reviewer), claimId, verdictId, reason: 'Second thoughts' },
});
const claimRejected = (): ClaimEvent => ({ type: 'ClaimRejected', data: { ...stamp(edgar), claimId, reason: 'Not checkable' } });
const factCheckPublished = (rating = 'FALSE', verdictIds = ['v-rita', 'v-ravi'], citationIds = ['k1']): ClaimEvent => ({
  type: 'FactCheckPublished',
  data: { ...stamp(edgar), claimId, rating, summary: SUMMARY, consensusRating: rating, justification: null, verdictIds, citationIds },
});

// ---- Histories ----------------------------------------------------------------------------------

/** Alice's claim, still a draft, with citations k1 (added by Alice), k2 (Rita) and k3 (Ravi). */
const draft = (): ClaimEvent[] => [submitted, citationAdded('k1', alice), citationAdded('k2', rita), citationAdded('k3', ravi)];

/** The draft after Edgar assigned reviewers (Rita and Ravi unless told otherwise). */
const inReview = (reviewers: Actor[] = [rita, ravi]): ClaimEvent[] => [...draft(), reviewersAssigned(reviewers), reviewStarted()];

type VerdictSpec = [reviewer: Actor, rating: string, citationIds?: string[]];
/** In review, each listed reviewer (assigned along with Rita and Ravi) having recorded verdict v-<id>. */
const withVerdicts = (...verdicts: VerdictSpec[]): ClaimEvent[] => {
  const reviewers = [...new Map([rita, ravi, ...verdicts.map(([r]) => r)].map((r) => [r.id, r])).values()];
  return [...inReview(reviewers), ...verdicts.map(([reviewer, rating, citationIds]) => verdictRecorded(reviewer, rating, citationIds))];
};

/** Rita and Ravi both rated FALSE on k1; Edgar published FALSE. */
const published = (): ClaimEvent[] => [...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), factCheckPublished()];

/** The published fact-check, then retracted by Edgar. */
const retracted = (): ClaimEvent[] => [...published(), { type: 'FactCheckRetracted', data: { ...stamp(edgar), claimId, note: 'Wrong claim' } }];

/** Alice's draft, rejected by Edgar (optionally after reviewers were assigned). */
const rejected = (reviewers: Actor[] = []): ClaimEvent[] => [...(reviewers.length ? inReview(reviewers) : draft()), claimRejected()];

const stateAfter = (history: ClaimEvent[]): ExistingClaim => {
  const state: ClaimState = foldClaim(history);
  if (!state.exists) throw new Error('expected the claim to exist');
  return state;
};

// ---- Commands -----------------------------------------------------------------------------------

const submit = (overrides: Partial<typeof details> = {}): ClaimCommand => ({ type: 'SubmitClaim', claimId, ...details, ...overrides });
const assign = (...reviewers: Actor[]): ClaimCommand => ({ type: 'AssignReviewers', claimId, reviewers: reviewers.map(ref) });
const unassign = (reviewer: Actor): ClaimCommand => ({ type: 'UnassignReviewer', claimId, reviewerId: reviewer.id, reason: 'Away' });
const cite = (citationId: string): ClaimCommand => ({ type: 'AddCitation', claimId, citationId, ...source(citationId) });
const reviseCitation = (citationId: string, changes: Partial<CitationDetails>): ClaimCommand => ({
  type: 'ReviseCitation',
  claimId,
  citationId,
  changes,
  reason: 'Typo',
});
const retractCitation = (citationId: string): ClaimCommand => ({ type: 'RetractCitation', claimId, citationId, reason: 'The page was doctored' });
const record = (rating: string, citationIds: string[] = ['k1'], verdictId = 'v-new'): ClaimCommand => ({
  type: 'RecordVerdict',
  claimId,
  verdictId,
  rating,
  rationale: RATIONALE,
  citationIds,
});
const reviseVerdict = (verdictId: string, changes: { rating?: string; rationale?: string; citationIds?: string[] }): ClaimCommand => ({
  type: 'ReviseVerdict',
  claimId,
  verdictId,
  ...changes,
  reason: 'Found more',
});
const withdraw = (verdictId: string): ClaimCommand => ({ type: 'WithdrawVerdict', claimId, verdictId, reason: 'Second thoughts' });
const publish = (rating = 'FALSE', justification?: string): ClaimCommand => ({
  type: 'PublishFactCheck',
  claimId,
  rating,
  summary: SUMMARY,
  ...(justification === undefined ? {} : { justification }),
});
const correct = (changes: { newRating?: string; newSummary?: string; addedCitationIds?: string[] }): ClaimCommand => ({
  type: 'CorrectFactCheck',
  claimId,
  note: 'Corrected after a reader wrote in',
  ...changes,
});
const retractFactCheck: ClaimCommand = { type: 'RetractFactCheck', claimId, note: 'Wrong claim' };
const reject: ClaimCommand = { type: 'RejectClaim', claimId, reason: 'Not checkable' };
const reopen: ClaimCommand = { type: 'ReopenClaim', claimId, reason: 'New evidence surfaced' };
const reviseDetails = (changes: Partial<typeof details>): ClaimCommand => ({ type: 'ReviseClaimDetails', claimId, changes, reason: 'Clarified' });

// ---- Roles --------------------------------------------------------------------------------------

describe('roles', () => {
  it.each([['contributor', alice], ['reviewer', rita], ['editor', edgar], ['admin', ada]] as const)('a %s may submit a claim', (_role, actor) => {
    given([]).when(submit(), actor).then([{ type: 'ClaimSubmitted', data: { ...stamp(actor), claimId, ...details } }]);
  });

  it('an actor without a role may not submit a claim (FORBIDDEN)', () => {
    given([]).when(submit(), nobody).thenRefused('FORBIDDEN', /may submit a claim/);
  });

  it.each([['contributor', carl], ['reviewer', rita], ['editor', edgar], ['admin', ada]] as const)('a %s may cite sources for a claim', (_role, actor) => {
    given(draft()).when(cite('k9'), actor).then([{ type: 'CitationAdded', data: { ...stamp(actor), claimId, citationId: 'k9', ...source('k9') } }]);
  });

  it('an actor without a role may not cite sources (FORBIDDEN)', () => {
    given(draft()).when(cite('k9'), nobody).thenRefused('FORBIDDEN', /may add a citation/);
  });

  it('an assigned reviewer may rate a claim', () => {
    given(inReview()).when(record('FALSE'), rita).then([verdictRecorded(rita, 'FALSE', ['k1'], 'v-new')]);
  });

  it.each([['contributor', carl], ['editor', edgar], ['actor without a role', nobody]] as const)('a %s may not rate a claim (only reviewers rate)', (_role, actor) => {
    given(inReview([rita, ravi])).when(record('FALSE'), actor).thenRefused('FORBIDDEN', /Only reviewers may record a verdict/);
  });

  it('an admin may rate a claim, even without being assigned to it', () => {
    given(inReview()).when(record('FALSE'), ada).then([verdictRecorded(ada, 'FALSE', ['k1'], 'v-new')]);
  });

  const editorOnly: [act: string, history: () => ClaimEvent[], command: ClaimCommand, emits: ClaimEvent['type'][]][] = [
    ['assign reviewers', draft, assign(rita), ['ReviewersAssigned', 'ClaimReviewStarted']],
    ['unassign a reviewer', inReview, unassign(rita), ['ReviewerUnassigned']],
    ['publish a fact-check', () => withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), publish('FALSE'), ['FactCheckPublished']],
    ['correct a fact-check', published, correct({ newSummary: 'Nobody died.' }), ['FactCheckCorrected']],
    ['retract a fact-check', published, retractFactCheck, ['FactCheckRetracted']],
    ['reject a claim', draft, reject, ['ClaimRejected']],
    ['reopen a claim', rejected, reopen, ['ClaimReopened']],
  ];

  it.each(editorOnly)('only editors may %s: a contributor, a reviewer or an actor without a role is refused (FORBIDDEN)', (act, history, command) => {
    for (const actor of [carl, alice, rita, nobody]) {
      given(history()).when(command, actor).thenRefused('FORBIDDEN', new RegExp(`Only editors may ${act.split(' ')[0]}`));
    }
  });

  it.each(editorOnly)('an editor may %s', (_act, history, command, emits) => {
    const events = given(history()).when(command, edgar).events();
    expect(events.map((e) => e.type)).toEqual(emits);
    expect(events.every((e) => e.data.by.id === edgar.id && e.data.at === at)).toBe(true);
  });

  it.each(editorOnly)('an admin may %s', (_act, history, command, emits) => {
    const events = given(history()).when(command, ada).events();
    expect(events.map((e) => e.type)).toEqual(emits);
    expect(events.every((e) => e.data.by.id === ada.id)).toBe(true);
  });
});

// ---- Claims -------------------------------------------------------------------------------------

describe('claim details', () => {
  it('a claim cannot be submitted twice (CLAIM_EXISTS)', () => {
    given([submitted]).when(submit(), edgar).thenRefused('CLAIM_EXISTS', /c1 already exists/);
  });

  it('a claim dated in the future is refused (INVALID_DETAILS), judged by the injected clock', () => {
    const dayAfterTomorrow = '2025-07-12';
    given([]).when(submit({ claimDate: dayAfterTomorrow, appearances: [] }), alice).thenRefused('INVALID_DETAILS', /claimDate 2025-07-12 is in the future/);
    given([], DEFAULT_POLICY, new Date('2025-07-12T00:00:00.000Z'))
      .when(submit({ claimDate: dayAfterTomorrow, appearances: [] }), alice)
      .then([{ type: 'ClaimSubmitted', data: { by: ref(alice), at: '2025-07-12T00:00:00.000Z', claimId, ...details, claimDate: dayAfterTomorrow, appearances: [] } }]);
    given([], DEFAULT_POLICY, new Date('2025-06-01T00:00:00.000Z')).when(submit(), alice).thenRefused('INVALID_DETAILS', /in the future/);
  });

  it('"today" anywhere on Earth is not the future: a claim dated tomorrow in UTC+14 terms is accepted', () => {
    // NOW is 12:00 UTC on 10 July: it is already 11 July east of UTC+12.
    expect(given([]).when(submit({ claimDate: '2025-07-11', appearances: [] }), alice).events().map((e) => e.type)).toEqual(['ClaimSubmitted']);
    given([], DEFAULT_POLICY, new Date('2025-07-10T09:00:00.000Z')).when(submit({ claimDate: '2025-07-11', appearances: [] }), alice).thenRefused('INVALID_DETAILS', /in the future/);
  });

  it('a claim made today is not in the future', () => {
    const events = given([]).when(submit({ claimDate: '2025-07-10', appearances: [] }), alice).events();
    expect(events.map((e) => e.type)).toEqual(['ClaimSubmitted']);
  });

  it('dates must be ISO 8601 dates (INVALID_DETAILS)', () => {
    given([]).when(submit({ claimDate: '1 July 2025', appearances: [] }), alice).thenRefused('INVALID_DETAILS', /claimDate "1 July 2025" is not an ISO 8601 date/);
    given([]).when(submit({ claimDate: '2025-6-28', appearances: [] }), alice).thenRefused('INVALID_DETAILS', /not an ISO 8601 date/);
  });

  it('an appearance dated in the future is refused (INVALID_DETAILS)', () => {
    const appearances = [{ url: 'https://x.example/a', outlet: 'X', appearedAt: '2025-07-12T08:00:00Z', firstAppearance: true }];
    given([]).when(submit({ appearances }), alice).thenRefused('INVALID_DETAILS', /appearedAt 2025-07-12T08:00:00Z is in the future/);
  });

  it('no appearance predates the claim, and the one marked first is the earliest (INVALID_DETAILS)', () => {
    const before = [{ url: 'https://x.example/a', outlet: 'X', appearedAt: '2025-06-27', firstAppearance: true }];
    given([]).when(submit({ appearances: before }), alice).thenRefused('INVALID_DETAILS', /dated before the claim was made \(2025-06-28\)/);
    const misplaced = [
      { url: 'https://x.example/a', outlet: 'X', appearedAt: '2025-06-30', firstAppearance: true },
      { url: 'https://y.example/b', outlet: 'Y', appearedAt: '2025-06-28', firstAppearance: false },
    ];
    given([]).when(submit({ appearances: misplaced }), alice).thenRefused('INVALID_DETAILS', /marked first \(https:\/\/x.example\/a\) is not the earliest/);
  });

  it('exactly one appearance is marked as the first (INVALID_DETAILS for none or two)', () => {
    const a = { url: 'https://x.example/a', outlet: 'X', appearedAt: '2025-06-28' };
    const b = { url: 'https://y.example/b', outlet: 'Y', appearedAt: '2025-06-29' };
    given([])
      .when(submit({ appearances: [{ ...a, firstAppearance: false }, { ...b, firstAppearance: false }] }), alice)
      .thenRefused('INVALID_DETAILS', /Exactly one appearance must be marked as the first; 0 are/);
    given([])
      .when(submit({ appearances: [{ ...a, firstAppearance: true }, { ...b, firstAppearance: true }] }), alice)
      .thenRefused('INVALID_DETAILS', /Exactly one appearance must be marked as the first; 2 are/);
    const events = given([]).when(submit({ appearances: [{ ...a, firstAppearance: true }, { ...b, firstAppearance: false }] }), alice).events();
    expect(events.map((e) => e.type)).toEqual(['ClaimSubmitted']);
  });

  it.each([
    ['revise its details', reviseDetails({ statement: 'x' })],
    ['assign reviewers', assign(rita)],
    ['unassign a reviewer', unassign(rita)],
    ['cite a source', cite('k1')],
    ['revise a citation', reviseCitation('k1', { title: 'x' })],
    ['retract a citation', retractCitation('k1')],
    ['record a verdict', record('FALSE')],
    ['revise a verdict', reviseVerdict('v1', { rating: 'TRUE' })],
    ['withdraw a verdict', withdraw('v1')],
    ['reject it', reject],
    ['reopen it', reopen],
    ['publish it', publish()],
    ['correct it', correct({ newRating: 'TRUE' })],
    ['retract it', retractFactCheck],
  ] as const)('a claim that was never submitted cannot be acted on: %s (CLAIM_NOT_FOUND)', (_act, command) => {
    given([]).when(command, ada).thenRefused('CLAIM_NOT_FOUND', /No claim c1/);
  });

  it('the submitter may revise the details: ClaimDetailsRevised lists only the fields that change', () => {
    given(draft())
      .when(reviseDetails({ statement: 'Three people died.', language: 'en', topics: ['russia', 'azerbaijan'] }), alice)
      .then([{ type: 'ClaimDetailsRevised', data: { ...stamp(alice), claimId, changes: { statement: 'Three people died.' }, reason: 'Clarified' } }]);
  });

  it('an editor may revise the details of a claim someone else submitted; so may an admin', () => {
    for (const actor of [edgar, ada]) {
      given(inReview())
        .when(reviseDetails({ topics: ['russia'] }), actor)
        .then([{ type: 'ClaimDetailsRevised', data: { ...stamp(actor), claimId, changes: { topics: ['russia'] }, reason: 'Clarified' } }]);
    }
  });

  it('no one else may revise the details of a claim they did not submit (FORBIDDEN)', () => {
    for (const actor of [carl, rita, nobody]) {
      given(draft()).when(reviseDetails({ statement: 'x' }), actor).thenRefused('FORBIDDEN', /Only editors may revise the details/);
    }
  });

  it('the details of a rejected claim may still be revised (so that it can be reopened)', () => {
    const events = given(rejected()).when(reviseDetails({ statement: 'Clearer.' }), alice).events();
    expect(events.map((e) => e.type)).toEqual(['ClaimDetailsRevised']);
  });

  it('after publication the details cannot be revised: a correction is the way (INVALID_TRANSITION)', () => {
    given(published()).when(reviseDetails({ statement: 'x' }), edgar).thenRefused('INVALID_TRANSITION', /published.*correction/);
    given(retracted()).when(reviseDetails({ statement: 'x' }), edgar).thenRefused('INVALID_TRANSITION', /retracted/);
  });

  it('a revision that changes nothing is refused (NOTHING_CHANGED)', () => {
    given(draft()).when(reviseDetails({ statement: details.statement, claimant: { ...details.claimant } }), alice).thenRefused('NOTHING_CHANGED');
    given(draft()).when(reviseDetails({}), alice).thenRefused('NOTHING_CHANGED');
  });

  it('a revision only touches the claim\'s details, whatever else the command carries', () => {
    const sneaky = { statement: 'Revised', status: 'PUBLISHED' } as unknown as Parameters<typeof reviseDetails>[0];
    const [event] = given(draft()).when(reviseDetails(sneaky), alice).events();
    expect(event.type === 'ClaimDetailsRevised' && event.data.changes).toEqual({ statement: 'Revised' });
  });

  it('a revision restating the same claimant and appearances (fields in another order) changes nothing (NOTHING_CHANGED)', () => {
    const claimant = { kind: details.claimant.kind, name: details.claimant.name };
    const [first] = details.appearances;
    const appearances = [{ firstAppearance: first.firstAppearance, appearedAt: first.appearedAt, outlet: first.outlet, url: first.url }];
    given(draft()).when(reviseDetails({ claimant }), alice).thenRefused('NOTHING_CHANGED');
    given(draft()).when(reviseDetails({ appearances }), alice).thenRefused('NOTHING_CHANGED');
  });

  it('a revision may not move the claim date into the future or break the first appearance (INVALID_DETAILS)', () => {
    given(draft()).when(reviseDetails({ claimDate: '2025-07-12', appearances: [] }), alice).thenRefused('INVALID_DETAILS', /in the future/);
    given(draft()).when(reviseDetails({ claimDate: '2025-07-01' }), alice).thenRefused('INVALID_DETAILS', /dated before the claim was made/);
    given(draft())
      .when(reviseDetails({ appearances: [{ ...details.appearances[0], firstAppearance: false }] }), alice)
      .thenRefused('INVALID_DETAILS', /Exactly one appearance/);
  });
});

// ---- Reviewers ----------------------------------------------------------------------------------

describe('assigning reviewers', () => {
  it('assigning reviewers to a draft starts its review: ReviewersAssigned then ClaimReviewStarted', () => {
    given(draft())
      .when(assign(rita, ravi), edgar)
      .then([reviewersAssigned([rita, ravi]), reviewStarted()]);
  });

  it('a claim assigned its reviewers is in review', () => {
    const events = given(draft()).when(assign(rita), edgar).events();
    const state = stateAfter([...draft(), ...events]);
    expect(state.status).toBe('IN_REVIEW');
    expect(state.assignees).toEqual([ref(rita)]);
  });

  it('assigning more reviewers to a claim in review adds only the new ones, once each, and does not restart the review', () => {
    given(inReview([rita]))
      .when(assign(rita, ravi, rosa, ravi), edgar)
      .then([reviewersAssigned([ravi, rosa])]);
  });

  it('assigning reviewers who are all already assigned is refused (NOTHING_CHANGED)', () => {
    given(inReview([rita, ravi])).when(assign(ravi, rita), edgar).thenRefused('NOTHING_CHANGED', /already assigned/);
  });

  it('an editor may not assign the submitter as a reviewer (conflict of interest)', () => {
    const submittedByRita: ClaimEvent = { type: 'ClaimSubmitted', data: { ...stamp(rita), claimId, ...details } };
    const error = given([submittedByRita]).when(assign(ravi, rita), edgar).thenRefused('CONFLICT_OF_INTEREST', /rita submitted this claim/);
    expect(error.details).toEqual({ reviewerId: 'rita' });
  });

  it('reviewers cannot be assigned once the claim is rejected, published or retracted (INVALID_TRANSITION)', () => {
    for (const history of [rejected(), published(), retracted()]) {
      given(history).when(assign(rosa), edgar).thenRefused('INVALID_TRANSITION', /cannot assign reviewers/);
    }
  });

  it('an editor unassigns a reviewer: ReviewerUnassigned, and the reviewer is no longer an assignee', () => {
    given(inReview()).when(unassign(rita), edgar).then([reviewerUnassigned(rita)]);
    expect(stateAfter([...inReview(), reviewerUnassigned(rita)]).assignees).toEqual([ref(ravi)]);
  });

  it('a reviewer who is not assigned cannot be unassigned (NOT_ASSIGNED)', () => {
    given(inReview()).when(unassign(rosa), edgar).thenRefused('NOT_ASSIGNED', /rosa is not assigned/);
  });

  it('reviewers cannot be unassigned after publication (INVALID_TRANSITION)', () => {
    given(published()).when(unassign(rita), edgar).thenRefused('INVALID_TRANSITION');
  });
});

// ---- Citations ----------------------------------------------------------------------------------

describe('citations', () => {
  it.each([
    ['a draft', draft],
    ['a claim in review', inReview],
    ['a published fact-check', published],
  ] as const)('a citation may be added to %s: CitationAdded with its details, who and when', (_what, history) => {
    given(history())
      .when(cite('k9'), carl)
      .then([{ type: 'CitationAdded', data: { ...stamp(carl), claimId, citationId: 'k9', ...source('k9') } }]);
  });

  it('no citation may be added to a rejected or retracted claim (INVALID_TRANSITION)', () => {
    given(rejected()).when(cite('k9'), edgar).thenRefused('INVALID_TRANSITION', /rejected, so you cannot add citations/);
    given(retracted()).when(cite('k9'), edgar).thenRefused('INVALID_TRANSITION', /retracted, so you cannot add citations/);
  });

  it('a citation id is used once per claim (INVALID_TRANSITION)', () => {
    given(draft()).when(cite('k1'), carl).thenRefused('INVALID_TRANSITION', /Citation k1 already exists/);
  });

  it('whoever added a citation may revise it: CitationRevised lists only the fields that change', () => {
    given(inReview())
      .when(reviseCitation('k2', { title: 'A better title', publisher: 'Example Press' }), rita)
      .then([{ type: 'CitationRevised', data: { ...stamp(rita), claimId, citationId: 'k2', changes: { title: 'A better title' }, reason: 'Typo' } }]);
  });

  it('an editor (or admin) may revise a citation someone else added; others may not (FORBIDDEN)', () => {
    for (const actor of [edgar, ada]) {
      const events = given(inReview()).when(reviseCitation('k2', { stance: 'CONTEXT' }), actor).events();
      expect(events).toEqual([{ type: 'CitationRevised', data: { ...stamp(actor), claimId, citationId: 'k2', changes: { stance: 'CONTEXT' }, reason: 'Typo' } }]);
    }
    for (const actor of [alice, ravi, nobody]) {
      given(inReview()).when(reviseCitation('k2', { stance: 'CONTEXT' }), actor).thenRefused('FORBIDDEN', /revise a citation someone else added/);
    }
  });

  it('a revision of a citation that changes nothing is refused (NOTHING_CHANGED)', () => {
    given(inReview()).when(reviseCitation('k2', { title: 'Source k2', note: null }), rita).thenRefused('NOTHING_CHANGED');
  });

  it('a retracted citation can no longer be revised (CITATION_RETRACTED)', () => {
    given([...inReview(), citationRetracted('k2')]).when(reviseCitation('k2', { title: 'x' }), rita).thenRefused('CITATION_RETRACTED', /k2 was retracted/);
  });

  it('an unknown citation cannot be revised or retracted (CITATION_NOT_FOUND)', () => {
    given(inReview()).when(reviseCitation('k9', { title: 'x' }), edgar).thenRefused('CITATION_NOT_FOUND', /no citation k9/);
    given(inReview()).when(retractCitation('k9'), edgar).thenRefused('CITATION_NOT_FOUND', /no citation k9/);
  });

  it('whoever added a citation may retract it; an editor or admin may retract anyone\u2019s; others may not (FORBIDDEN)', () => {
    for (const actor of [rita, edgar, ada]) {
      given(inReview()).when(retractCitation('k2'), actor).then([citationRetracted('k2', actor)]);
    }
    for (const actor of [alice, ravi, nobody]) {
      given(inReview()).when(retractCitation('k2'), actor).thenRefused('FORBIDDEN', /retract a citation someone else added/);
    }
  });

  it('a citation cannot be retracted twice (CITATION_RETRACTED)', () => {
    given([...inReview(), citationRetracted('k2')]).when(retractCitation('k2'), edgar).thenRefused('CITATION_RETRACTED', /already retracted/);
  });

  it('citations of a retracted fact-check can be neither revised nor retracted (INVALID_TRANSITION)', () => {
    given(retracted()).when(reviseCitation('k1', { title: 'x' }), alice).thenRefused('INVALID_TRANSITION');
    given(retracted()).when(retractCitation('k1'), alice).thenRefused('INVALID_TRANSITION');
  });

  it('a verdict may not cite a citation of another claim or an unknown one (CITATION_NOT_FOUND)', () => {
    // k-c2 was added to claim c2; it is not in c1's stream.
    given(inReview()).when(record('FALSE', ['k1', 'k-c2']), rita).thenRefused('CITATION_NOT_FOUND', /Claim c1 has no citation k-c2/);
  });

  it('a verdict may not cite a retracted citation (CITATION_RETRACTED)', () => {
    given([...inReview(), citationRetracted('k1')]).when(record('FALSE', ['k1']), rita).thenRefused('CITATION_RETRACTED', /k1 was retracted/);
  });

  it('a verdict must rest on at least one citation (CITATION_NOT_FOUND)', () => {
    given(inReview()).when(record('FALSE', []), rita).thenRefused('CITATION_NOT_FOUND', /at least one citation/);
  });
});

// ---- Verdicts -----------------------------------------------------------------------------------

describe('recording verdicts', () => {
  it('an assigned reviewer records a verdict: VerdictRecorded, citing each citation once', () => {
    given(inReview())
      .when(record('MOSTLY_FALSE', ['k1', 'k2', 'k1'], 'v9'), ravi)
      .then([verdictRecorded(ravi, 'MOSTLY_FALSE', ['k1', 'k2'], 'v9')]);
  });

  it('a reviewer may not rate a claim they submitted (conflict of interest)', () => {
    const submittedByRita: ClaimEvent = { type: 'ClaimSubmitted', data: { ...stamp(rita), claimId, ...details } };
    given([submittedByRita, citationAdded('k1', rita), reviewersAssigned([ravi]), reviewStarted()])
      .when(record('FALSE'), rita)
      .thenRefused('CONFLICT_OF_INTEREST', /You submitted this claim/);
  });

  it('not even an admin may rate a claim they submitted (conflict of interest)', () => {
    const submittedByAda: ClaimEvent = { type: 'ClaimSubmitted', data: { ...stamp(ada), claimId, ...details } };
    given([submittedByAda, citationAdded('k1', ada), reviewersAssigned([ravi]), reviewStarted()]).when(record('FALSE'), ada).thenRefused('CONFLICT_OF_INTEREST');
  });

  it('a reviewer who is not assigned to the claim may not rate it (NOT_ASSIGNED)', () => {
    given(inReview([rita])).when(record('FALSE'), ravi).thenRefused('NOT_ASSIGNED', /ask an editor to assign you/);
  });

  it('a reviewer who was unassigned may no longer rate the claim (NOT_ASSIGNED)', () => {
    given([...inReview(), reviewerUnassigned(ravi)]).when(record('FALSE'), ravi).thenRefused('NOT_ASSIGNED');
  });

  it('a reviewer has one standing verdict per claim: a second is refused (INVALID_TRANSITION)', () => {
    const error = given(withVerdicts([rita, 'FALSE'])).when(record('TRUE', ['k1'], 'v-second'), rita).thenRefused('INVALID_TRANSITION', /revise it instead/);
    expect(error.details).toEqual({ verdictId: 'v-rita' });
  });

  it('a reviewer whose verdict was withdrawn may record a fresh one', () => {
    given([...withVerdicts([rita, 'FALSE']), verdictWithdrawn(rita)])
      .when(record('TRUE', ['k2'], 'v-rita-2'), rita)
      .then([verdictRecorded(rita, 'TRUE', ['k2'], 'v-rita-2')]);
  });

  it('a verdict id is used once per claim (INVALID_TRANSITION)', () => {
    given(withVerdicts([rita, 'FALSE'])).when(record('FALSE', ['k1'], 'v-rita'), ravi).thenRefused('INVALID_TRANSITION', /Verdict v-rita already exists/);
  });

  it('a rating must be on the desk\u2019s scale (UNKNOWN_RATING)', () => {
    given(inReview()).when(record('PANTS_ON_FIRE'), rita).thenRefused('UNKNOWN_RATING', /"PANTS_ON_FIRE" is not on the desk's rating scale/);
  });

  it('the scale is the desk\u2019s policy: a rating missing from a custom scale is unknown (UNKNOWN_RATING)', () => {
    const binary: DeskPolicy = {
      scale: ratingScale([
        { key: 'CORRECT', label: 'Correct', value: 1, onScale: true },
        { key: 'INCORRECT', label: 'Incorrect', value: 0, onScale: true },
      ]),
      minReviewers: 2,
    };
    given(inReview(), binary).when(record('FALSE'), rita).thenRefused('UNKNOWN_RATING');
    given(inReview(), binary).when(record('INCORRECT'), rita).then([verdictRecorded(rita, 'INCORRECT', ['k1'], 'v-new')]);
  });

  it('a draft cannot be rated before reviewers are assigned (INVALID_TRANSITION)', () => {
    given(draft()).when(record('FALSE'), ada).thenRefused('INVALID_TRANSITION', /a draft.*An editor first assigns reviewers/);
  });

  it('a published, rejected or retracted claim cannot be rated (INVALID_TRANSITION)', () => {
    given(published()).when(record('FALSE', ['k1'], 'v9'), rosa).thenRefused('INVALID_TRANSITION', /published, so you cannot record verdicts/);
    given(rejected([rita])).when(record('FALSE'), rita).thenRefused('INVALID_TRANSITION', /rejected, so you cannot record verdicts/);
    given(retracted()).when(record('FALSE', ['k1'], 'v9'), rosa).thenRefused('INVALID_TRANSITION', /retracted/);
  });
});

describe('revising and withdrawing verdicts', () => {
  it('a reviewer revises their own verdict: VerdictRevised carries the whole verdict, unchanged parts kept', () => {
    given(withVerdicts([rita, 'FALSE', ['k1']]))
      .when(reviseVerdict('v-rita', { rating: 'MOSTLY_FALSE', citationIds: ['k2', 'k1', 'k2'] }), rita)
      .then([
        {
          type: 'VerdictRevised',
          data: { ...stamp(rita), claimId, verdictId: 'v-rita', rating: 'MOSTLY_FALSE', rationale: RATIONALE, citationIds: ['k2', 'k1'], reason: 'Found more' },
        },
      ]);
  });

  it('a reviewer may not revise or withdraw someone else\u2019s verdict (NOT_AUTHOR)', () => {
    const history = withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']);
    given(history).when(reviseVerdict('v-rita', { rating: 'TRUE' }), ravi).thenRefused('NOT_AUTHOR', /Only Rita, who recorded verdict v-rita, may revise it/);
    given(history).when(withdraw('v-rita'), ravi).thenRefused('NOT_AUTHOR', /Only Rita, who recorded verdict v-rita, may withdraw it/);
    given(history).when(withdraw('v-rita'), edgar).thenRefused('FORBIDDEN', /Only reviewers may withdraw a verdict/);
  });

  it('an unknown verdict cannot be revised or withdrawn (VERDICT_NOT_FOUND)', () => {
    given(withVerdicts([rita, 'FALSE'])).when(reviseVerdict('v9', { rating: 'TRUE' }), rita).thenRefused('VERDICT_NOT_FOUND', /no verdict v9/);
    given(withVerdicts([rita, 'FALSE'])).when(withdraw('v9'), rita).thenRefused('VERDICT_NOT_FOUND', /no verdict v9/);
  });

  it('a revision of a verdict that changes nothing is refused (NOTHING_CHANGED)', () => {
    given(withVerdicts([rita, 'FALSE', ['k1', 'k2']]))
      .when(reviseVerdict('v-rita', { rating: 'FALSE', rationale: RATIONALE, citationIds: ['k2', 'k1'] }), rita)
      .thenRefused('NOTHING_CHANGED');
  });

  it('a revised verdict is held to the same rules: a known rating, resting on live citations of this claim', () => {
    const history = withVerdicts([rita, 'FALSE']);
    given(history).when(reviseVerdict('v-rita', { rating: 'BOGUS' }), rita).thenRefused('UNKNOWN_RATING');
    given(history).when(reviseVerdict('v-rita', { citationIds: [] }), rita).thenRefused('CITATION_NOT_FOUND', /at least one citation/);
    given(history).when(reviseVerdict('v-rita', { citationIds: ['k-c2'] }), rita).thenRefused('CITATION_NOT_FOUND');
    given([...history, citationRetracted('k2')]).when(reviseVerdict('v-rita', { citationIds: ['k2'] }), rita).thenRefused('CITATION_RETRACTED');
  });

  it('a verdict resting on a retracted citation can be revised onto live ones', () => {
    const events = given([...withVerdicts([rita, 'FALSE', ['k1']]), citationRetracted('k1')])
      .when(reviseVerdict('v-rita', { citationIds: ['k2'] }), rita)
      .events();
    expect(events).toEqual([expect.objectContaining({ type: 'VerdictRevised', data: expect.objectContaining({ citationIds: ['k2'] }) })]);
  });

  it('a reviewer withdraws their own verdict: VerdictWithdrawn', () => {
    given(withVerdicts([rita, 'FALSE'])).when(withdraw('v-rita'), rita).then([verdictWithdrawn(rita)]);
  });

  it('a withdrawn verdict can be neither revised nor withdrawn again (VERDICT_WITHDRAWN)', () => {
    const history = [...withVerdicts([rita, 'FALSE']), verdictWithdrawn(rita)];
    given(history).when(reviseVerdict('v-rita', { rating: 'TRUE' }), rita).thenRefused('VERDICT_WITHDRAWN', /v-rita was withdrawn/);
    given(history).when(withdraw('v-rita'), rita).thenRefused('VERDICT_WITHDRAWN', /v-rita was withdrawn/);
  });

  it('verdicts are settled once the fact-check is published: no revision or withdrawal (INVALID_TRANSITION)', () => {
    given(published()).when(reviseVerdict('v-rita', { rating: 'TRUE' }), rita).thenRefused('INVALID_TRANSITION', /published/);
    given(published()).when(withdraw('v-rita'), rita).thenRefused('INVALID_TRANSITION', /published/);
  });
});

// ---- Publishing ---------------------------------------------------------------------------------

describe('publishing', () => {
  it('an editor publishes the rating the reviewers agree on: FactCheckPublished with consensus and no justification', () => {
    given(withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']))
      .when(publish('FALSE'), edgar)
      .then([factCheckPublished('FALSE', ['v-rita', 'v-ravi'], ['k1'])]);
  });

  it('a justification offered for the consensus rating is not recorded (justification null)', () => {
    const [event] = given(withVerdicts([rita, 'FALSE'], [ravi, 'FALSE'])).when(publish('FALSE', 'Because I say so'), edgar).events();
    expect(event).toEqual(factCheckPublished('FALSE'));
  });

  it('publishing needs standing verdicts from two different reviewers by default (NOT_ENOUGH_VERDICTS)', () => {
    const error = given(withVerdicts([rita, 'FALSE'])).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_VERDICTS', /at least 2 different reviewers; this claim has 1/);
    expect(error.details).toEqual({ required: 2, actual: 1 });
    given(inReview()).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_VERDICTS', /has 0/);
  });

  it('a desk whose policy asks for three reviewers publishes only with three (NOT_ENOUGH_VERDICTS with two)', () => {
    const two = withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']);
    const error = given(two, threeReviewers).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_VERDICTS', /at least 3 different reviewers; this claim has 2/);
    expect(error.details).toEqual({ required: 3, actual: 2 });
    given(withVerdicts([rita, 'FALSE'], [ravi, 'FALSE'], [rosa, 'FALSE']), threeReviewers)
      .when(publish('FALSE'), edgar)
      .then([factCheckPublished('FALSE', ['v-rita', 'v-ravi', 'v-rosa'], ['k1'])]);
  });

  it('a withdrawn verdict does not count toward publication', () => {
    given([...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), verdictWithdrawn(ravi)])
      .when(publish('FALSE'), edgar)
      .thenRefused('NOT_ENOUGH_VERDICTS', /this claim has 1/);
  });

  it('a reviewer counts once, however many verdicts they recorded', () => {
    given([...withVerdicts([rita, 'FALSE']), verdictWithdrawn(rita), verdictRecorded(rita, 'FALSE', ['k1'], 'v-rita-2')])
      .when(publish('FALSE'), edgar)
      .thenRefused('NOT_ENOUGH_VERDICTS', /this claim has 1/);
  });

  it('a draft cannot be published; it must be reviewed first (INVALID_TRANSITION)', () => {
    given(draft()).when(publish('FALSE'), edgar).thenRefused('INVALID_TRANSITION', /a draft, so you cannot publish it\. A draft must be reviewed first/);
  });

  it('a claim is published once; a rejected or retracted one not at all (INVALID_TRANSITION)', () => {
    given(published()).when(publish('FALSE'), edgar).thenRefused('INVALID_TRANSITION', /published, so you cannot publish it/);
    given(rejected()).when(publish('FALSE'), edgar).thenRefused('INVALID_TRANSITION', /rejected/);
    given(retracted()).when(publish('FALSE'), edgar).thenRefused('INVALID_TRANSITION', /retracted/);
  });

  it('the published rating must be on the scale (UNKNOWN_RATING)', () => {
    given(withVerdicts([rita, 'FALSE'], [ravi, 'FALSE'])).when(publish('NOPE'), edgar).thenRefused('UNKNOWN_RATING');
  });

  it('publishing a rating other than the reviewers\u2019 consensus needs a justification (JUSTIFICATION_REQUIRED)', () => {
    const history = withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']);
    const error = given(history).when(publish('MISLEADING'), edgar).thenRefused('JUSTIFICATION_REQUIRED', /agree on FALSE; publishing MISLEADING needs a written justification/);
    expect(error.details).toEqual({ consensusRating: 'FALSE' });
    given(history).when(publish('MISLEADING', '   '), edgar).thenRefused('JUSTIFICATION_REQUIRED');
  });

  it('with a justification, the editor may depart from the consensus: it is recorded with the consensus', () => {
    given(withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']))
      .when(publish('MISLEADING', '  The numbers are right but the framing is not.  '), edgar)
      .then([
        {
          type: 'FactCheckPublished',
          data: {
            ...stamp(edgar),
            claimId,
            rating: 'MISLEADING',
            summary: SUMMARY,
            consensusRating: 'FALSE',
            justification: 'The numbers are right but the framing is not.',
            verdictIds: ['v-rita', 'v-ravi'],
            citationIds: ['k1'],
          },
        },
      ]);
  });

  it('when the reviewers disagree, publishing needs a justification (JUSTIFICATION_REQUIRED); with one it records no consensus', () => {
    const history = withVerdicts([rita, 'FALSE'], [ravi, 'MOSTLY_FALSE']);
    const error = given(history).when(publish('FALSE'), edgar).thenRefused('JUSTIFICATION_REQUIRED', /reviewers disagree \(FALSE, MOSTLY_FALSE\)/);
    expect(error.details).toEqual({ consensusRating: null });
    const [event] = given(history).when(publish('FALSE', 'Rita found the death register.'), edgar).events();
    expect(event).toEqual({
      type: 'FactCheckPublished',
      data: expect.objectContaining({ rating: 'FALSE', consensusRating: null, justification: 'Rita found the death register.' }),
    });
  });

  it('a verdict resting on a retracted citation blocks publication until it is revised (CITATION_RETRACTED)', () => {
    const history = [...withVerdicts([rita, 'FALSE', ['k1']], [ravi, 'FALSE', ['k2', 'k3']]), citationRetracted('k3')];
    const error = given(history).when(publish('FALSE'), edgar).thenRefused('CITATION_RETRACTED', /Verdict v-ravi by Ravi rests on a retracted citation/);
    expect(error.details).toEqual({ verdictId: 'v-ravi' });
  });

  it('a withdrawn verdict resting on a retracted citation does not block publication', () => {
    const history = [...withVerdicts([rita, 'FALSE', ['k1']], [ravi, 'FALSE', ['k1']], [rosa, 'FALSE', ['k3']]), citationRetracted('k3'), verdictWithdrawn(rosa)];
    const events = given(history).when(publish('FALSE'), edgar).events();
    expect(events.map((e) => e.type)).toEqual(['FactCheckPublished']);
  });

  it('the fact-check lists the standing verdicts and every citation they rest on, once each', () => {
    const history: ClaimEvent[] = [
      ...draft(),
      citationAdded('k4', rosa),
      reviewersAssigned([rita, ravi, rosa]),
      reviewStarted(),
      verdictRecorded(rita, 'FALSE', ['k1', 'k2']),
      verdictRecorded(ravi, 'TRUE', ['k2']),
      verdictRecorded(rosa, 'TRUE', ['k4']),
      { type: 'VerdictRevised', data: { ...stamp(ravi), claimId, verdictId: 'v-ravi', rating: 'FALSE', rationale: RATIONALE, citationIds: ['k2', 'k3'], reason: 'r' } },
      verdictWithdrawn(rosa),
    ];
    given(history)
      .when(publish('FALSE'), edgar)
      .then([factCheckPublished('FALSE', ['v-rita', 'v-ravi'], ['k1', 'k2', 'k3'])]);
  });
});

// ---- After publication --------------------------------------------------------------------------

describe('after publication', () => {
  it('a published fact-check is changed only by correction or retraction: reviewing, rejecting and revising are over (INVALID_TRANSITION)', () => {
    for (const command of [assign(rosa), unassign(rita), record('FALSE', ['k1'], 'v9'), reject, reopen, reviseDetails({ statement: 'x' })]) {
      given(published()).when(command, ada).thenRefused('INVALID_TRANSITION');
    }
  });

  it('only a published fact-check can be corrected (INVALID_TRANSITION)', () => {
    const verdicts = withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']);
    given(verdicts).when(correct({ newRating: 'TRUE' }), edgar).thenRefused('INVALID_TRANSITION', /Only a published fact-check can be corrected/);
    given(draft()).when(correct({ newRating: 'TRUE' }), edgar).thenRefused('INVALID_TRANSITION', /Only a published fact-check can be corrected/);
    given(rejected()).when(correct({ newRating: 'TRUE' }), edgar).thenRefused('INVALID_TRANSITION', /Only a published fact-check can be corrected/);
  });

  it('a correction records the previous and new rating and summary', () => {
    given(published())
      .when(correct({ newRating: 'MOSTLY_FALSE', newSummary: 'One person died, not two.' }), edgar)
      .then([
        {
          type: 'FactCheckCorrected',
          data: {
            ...stamp(edgar),
            claimId,
            note: 'Corrected after a reader wrote in',
            previousRating: 'FALSE',
            newRating: 'MOSTLY_FALSE',
            previousSummary: SUMMARY,
            newSummary: 'One person died, not two.',
            addedCitationIds: [],
          },
        },
      ]);
  });

  it('what a correction leaves out stays as it was: previous and new are then the same', () => {
    const [event] = given(published()).when(correct({ newSummary: 'Nobody died.' }), edgar).events();
    expect(event.data).toEqual(expect.objectContaining({ previousRating: 'FALSE', newRating: 'FALSE', previousSummary: SUMMARY, newSummary: 'Nobody died.' }));
  });

  it('a second correction starts from the corrected fact-check', () => {
    const first = given(published()).when(correct({ newRating: 'MOSTLY_FALSE' }), edgar).events();
    const [second] = given([...published(), ...first]).when(correct({ newRating: 'MISLEADING' }), edgar).events();
    expect(second.data).toEqual(expect.objectContaining({ previousRating: 'MOSTLY_FALSE', newRating: 'MISLEADING' }));
  });

  it('a correction that changes nothing is refused (NOTHING_CHANGED), including re-adding citations already relied on', () => {
    given(published()).when(correct({}), edgar).thenRefused('NOTHING_CHANGED', /must change the rating, the summary or the evidence/);
    given(published()).when(correct({ newRating: 'FALSE', newSummary: SUMMARY, addedCitationIds: ['k1'] }), edgar).thenRefused('NOTHING_CHANGED');
  });

  it('a correction may add citations to the evidence, listing only the new ones', () => {
    const [event] = given([...published(), citationAdded('k9', carl)]).when(correct({ addedCitationIds: ['k1', 'k9', 'k2', 'k9'] }), edgar).events();
    expect(event).toEqual({ type: 'FactCheckCorrected', data: expect.objectContaining({ newRating: 'FALSE', newSummary: SUMMARY, addedCitationIds: ['k9', 'k2'] }) });
  });

  it('citations added by a correction are validated: of this claim (CITATION_NOT_FOUND) and not retracted (CITATION_RETRACTED)', () => {
    given(published()).when(correct({ addedCitationIds: ['k-c2'] }), edgar).thenRefused('CITATION_NOT_FOUND', /no citation k-c2/);
    given([...published(), citationRetracted('k2')]).when(correct({ addedCitationIds: ['k2'] }), edgar).thenRefused('CITATION_RETRACTED', /k2 was retracted/);
  });

  it('a corrected rating must be on the scale (UNKNOWN_RATING)', () => {
    given(published()).when(correct({ newRating: 'SORT_OF' }), edgar).thenRefused('UNKNOWN_RATING');
  });

  it('an editor retracts a published fact-check: FactCheckRetracted', () => {
    given(published()).when(retractFactCheck, edgar).then([{ type: 'FactCheckRetracted', data: { ...stamp(edgar), claimId, note: 'Wrong claim' } }]);
  });

  it('only a published fact-check can be retracted (INVALID_TRANSITION)', () => {
    given(withVerdicts([rita, 'FALSE'], [ravi, 'FALSE'])).when(retractFactCheck, edgar).thenRefused('INVALID_TRANSITION', /Only a published fact-check can be retracted/);
    given(draft()).when(retractFactCheck, edgar).thenRefused('INVALID_TRANSITION', /Only a published fact-check can be retracted/);
  });

  it.each([
    ['correct it', correct({ newRating: 'TRUE' })],
    ['retract it again', retractFactCheck],
    ['publish it', publish('FALSE')],
    ['reject it', reject],
    ['reopen it', reopen],
    ['cite a source', cite('k9')],
    ['revise a verdict', reviseVerdict('v-rita', { rating: 'TRUE' })],
    ['assign reviewers', assign(rosa)],
  ] as const)('nothing happens to a retracted fact-check: no one may %s (INVALID_TRANSITION)', (_act, command) => {
    for (const actor of [edgar, ada]) given(retracted()).when(command, actor).thenRefused('INVALID_TRANSITION', /retracted/);
  });
});

// ---- Rejecting and reopening --------------------------------------------------------------------

describe('rejecting and reopening', () => {
  it('an editor rejects a draft, with a reason: ClaimRejected', () => {
    given(draft()).when(reject, edgar).then([claimRejected()]);
  });

  it('an editor rejects a claim in review, with a reason: ClaimRejected', () => {
    given(withVerdicts([rita, 'FALSE'])).when(reject, edgar).then([claimRejected()]);
    expect(stateAfter([...withVerdicts([rita, 'FALSE']), claimRejected()])).toEqual(
      expect.objectContaining({ status: 'REJECTED', rejection: { reason: 'Not checkable', by: ref(edgar), at } }),
    );
  });

  it('a published or already rejected claim cannot be rejected (INVALID_TRANSITION)', () => {
    given(published()).when(reject, edgar).thenRefused('INVALID_TRANSITION', /published, so you cannot reject it/);
    given(rejected()).when(reject, edgar).thenRefused('INVALID_TRANSITION', /rejected, so you cannot reject it/);
  });

  it('reopening a claim rejected as a draft takes it back to DRAFT', () => {
    const events = given(rejected()).when(reopen, edgar).events();
    expect(events).toEqual([{ type: 'ClaimReopened', data: { ...stamp(edgar), claimId, reason: 'New evidence surfaced' } }]);
    const state = stateAfter([...rejected(), ...events]);
    expect(state.status).toBe('DRAFT');
    expect(state.rejection).toBeNull();
  });

  it('reopening a claim that had reviewers assigned takes it back to IN_REVIEW', () => {
    const history = rejected([rita, ravi]);
    const events = given(history).when(reopen, edgar).events();
    const state = stateAfter([...history, ...events]);
    expect(state.status).toBe('IN_REVIEW');
    expect(state.rejection).toBeNull();
  });

  it('only a rejected claim can be reopened (INVALID_TRANSITION)', () => {
    for (const history of [draft(), inReview(), published(), retracted()]) {
      given(history).when(reopen, edgar).thenRefused('INVALID_TRANSITION', /Only a rejected claim can be reopened/);
    }
  });
});

// ---- Rules added after a hostile-input review --------------------------------------------------

describe('what an event may carry, since it is kept forever', () => {
  it('a revision may not blank out or null a claim detail (INCOMPLETE_DETAILS, BAD_USER_INPUT over the API)', () => {
    given(draft()).when(reviseDetails({ language: null } as unknown as Partial<typeof details>), alice).thenRefused('INCOMPLETE_DETAILS', /language must be a language tag/);
    given(draft()).when(reviseDetails({ claimant: null } as unknown as Partial<typeof details>), alice).thenRefused('INCOMPLETE_DETAILS', /claimant must have a name/);
    given(draft()).when(reviseDetails({ topics: null } as unknown as Partial<typeof details>), alice).thenRefused('INCOMPLETE_DETAILS', /topics must be a list/);
    given(draft()).when(reviseDetails({ statement: '   ' }), alice).thenRefused('INCOMPLETE_DETAILS', /statement must be a non-empty text/);
  });

  it('a citation may not lose its url, title, publisher, excerpt or stance (INCOMPLETE_DETAILS, BAD_USER_INPUT over the API)', () => {
    given(draft()).when(reviseCitation('k1', { title: null } as unknown as Partial<CitationDetails>), alice).thenRefused('INCOMPLETE_DETAILS', /title must be a non-empty text/);
    given(draft()).when(reviseCitation('k1', { stance: 'MAYBE' } as unknown as Partial<CitationDetails>), alice).thenRefused('INCOMPLETE_DETAILS', /stance must be/);
    given(draft()).when({ ...cite('k9'), url: '' } as ClaimCommand, alice).thenRefused('INCOMPLETE_DETAILS', /url must be a non-empty text/);
  });
});

describe('acting on one\'s own work still needs a role', () => {
  const roleless = (a: Actor): Actor => ({ ...a, roles: [] });

  it('a person whose token carries no role may not revise or retract what they once did (FORBIDDEN)', () => {
    given(draft()).when(reviseDetails({ statement: 'New wording' }), roleless(alice)).thenRefused('FORBIDDEN', /revise a claim's details/);
    given(draft()).when(reviseCitation('k1', { title: 'New title' }), roleless(alice)).thenRefused('FORBIDDEN', /revise a citation/);
    given(draft()).when(retractCitation('k1'), roleless(alice)).thenRefused('FORBIDDEN', /retract a citation/);
    given(withVerdicts([rita, 'FALSE'])).when(reviseVerdict('v-rita', { rating: 'TRUE' }), roleless(rita)).thenRefused('FORBIDDEN', /Only reviewers may revise a verdict/);
  });
});

describe('published evidence changes only through a correction', () => {
  it('a citation the published fact-check rests on can be neither revised nor retracted (INVALID_TRANSITION)', () => {
    given(published()).when(reviseCitation('k1', { url: 'https://elsewhere.example/x' }), alice).thenRefused('INVALID_TRANSITION', /evidence of the published fact-check.*publish a correction/);
    given(published()).when(retractCitation('k1'), edgar).thenRefused('INVALID_TRANSITION', /evidence of the published fact-check/);
  });

  it('a citation the publication does not rest on can still be revised', () => {
    expect(given(published()).when(reviseCitation('k2', { title: 'Better title' }), rita).events().map((e) => e.type)).toEqual(['CitationRevised']);
  });
});

describe('a verdict stands only while its reviewer is assigned', () => {
  it('an unassigned reviewer\'s verdict does not count towards publication (NOT_ENOUGH_VERDICTS)', () => {
    const history = [...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), reviewerUnassigned(ravi)];
    given(history).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_VERDICTS', /this claim has 1/);
  });

  it('an unassigned reviewer may no longer revise their verdict (NOT_ASSIGNED)', () => {
    const history = [...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), reviewerUnassigned(ravi)];
    given(history).when(reviseVerdict('v-ravi', { rating: 'TRUE' }), ravi).thenRefused('NOT_ASSIGNED', /no longer assigned/);
  });

  it('the consensus is the standing verdicts\' rating: an unassigned dissenter does not split it', () => {
    const history = [...withVerdicts([rita, 'FALSE'], [ravi, 'TRUE'], [rosa, 'FALSE']), reviewerUnassigned(ravi)];
    const [event] = given(history).when(publish('FALSE'), edgar).events();
    expect(event.type === 'FactCheckPublished' && event.data).toMatchObject({ consensusRating: 'FALSE', justification: null, verdictIds: ['v-rita', 'v-rosa'] });
  });
});

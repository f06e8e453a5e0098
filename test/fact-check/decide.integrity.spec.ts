/**
 * Issue 13, editorial integrity: verdicts rest on what the reviewer saw, publication gates, citations
 * added after publication, and the methodology a fact-check is published under.
 */
import type { Actor } from '../../src/shared/actor';
import type { ClaimEvent } from '../../src/claims/domain/claim';
import { citedContent, foldClaim } from '../../src/claims/domain/claim';
import type { DeskPolicy } from '../../src/claims/domain/commands';
import { methodologyOf, pinnedScale } from '../../src/claims/domain/methodology';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { countedVerdicts, isPublicCitation, staleReasons } from '../../src/claims/domain/rules';
import { selfReviewRefused } from '../../src/claims/application/desk-refusals';
import { toClaimEvent } from '../../src/claims/application/claim-stream';
import { DEFAULT_POLICY, given, NOW } from '../support/decider-spec';
import {
  alice,
  assign,
  basisFor,
  citationAdded,
  citationRetracted,
  citationRevised,
  cite,
  claimId,
  confirm,
  correct,
  edgar,
  factCheckCorrected,
  factCheckPublished,
  publish,
  published,
  ravi,
  record,
  reviseVerdict,
  rita,
  rosa,
  source,
  stamp,
  stateAfter,
  submitted,
  SUMMARY,
  verdictConfirmed,
  verdictRecorded,
  withVerdicts,
} from './desk.fixtures';

const detailsRevised = (changes: Record<string, unknown>): ClaimEvent => ({
  type: 'ClaimDetailsRevised',
  data: { ...stamp(alice), claimId, changes, reason: 'Sharpened' },
});
const bothFalse = () => withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']);

describe('a verdict rests on what its reviewer saw', () => {
  it('a recorded verdict carries its basis: the claim revision and the content hash of each cited citation', () => {
    given([...withVerdicts(), detailsRevised({ statement: 'Three died.' })])
      .when(record('FALSE', ['k1', 'k2']), rita)
      .then([verdictRecorded(rita, 'FALSE', ['k1', 'k2'], 'v-new', basisFor(['k1', 'k2'], 1))]);
  });

  it('a change of statement, claimant or claim date makes every verdict stale, naming the fields', () => {
    const state = stateAfter([...bothFalse(), detailsRevised({ statement: 'Three died.' }), detailsRevised({ claimDate: '2025-06-27', claimant: { name: 'Trend', kind: 'ORGANIZATION' } })]);
    expect(state.verdicts.map((v) => staleReasons(state, v))).toEqual([
      [{ kind: 'CLAIM', field: 'statement' }, { kind: 'CLAIM', field: 'claimant' }, { kind: 'CLAIM', field: 'claimDate' }],
      [{ kind: 'CLAIM', field: 'statement' }, { kind: 'CLAIM', field: 'claimant' }, { kind: 'CLAIM', field: 'claimDate' }],
    ]);
    expect(countedVerdicts(state)).toEqual([]);
  });

  it('a change of language, topics or appearances leaves verdicts current', () => {
    const state = stateAfter([...bothFalse(), detailsRevised({ language: 'ru', topics: ['raids'] })]);
    expect(state.claimRevision).toBe(0);
    expect(countedVerdicts(state).map((v) => v.id)).toEqual(['v-rita', 'v-ravi']);
  });

  it('a change of url, excerpt or stance of a cited citation makes the verdicts citing it stale, naming the citation and field', () => {
    const history = [...withVerdicts([rita, 'FALSE', ['k1']], [ravi, 'FALSE', ['k2']]), citationRevised('k1', { excerpt: 'Something else.', stance: 'SUPPORTS' })];
    const state = stateAfter(history);
    const [vRita, vRavi] = state.verdicts;
    expect(staleReasons(state, vRita)).toEqual([
      { kind: 'CITATION', citationId: 'k1', field: 'excerpt' },
      { kind: 'CITATION', citationId: 'k1', field: 'stance' },
    ]);
    expect(staleReasons(state, vRavi)).toEqual([]);
  });

  it('a change of title, publisher or note of a cited citation does not', () => {
    const state = stateAfter([...bothFalse(), citationRevised('k1', { title: 'Better title', note: 'Paywalled' })]);
    expect(countedVerdicts(state)).toHaveLength(2);
  });

  it('a verdict stored before bases were recorded (v1) takes its basis from the claim as it stood then', () => {
    const v1 = (reviewer: Actor): ClaimEvent => ({ type: 'VerdictRecorded', data: { ...(verdictRecorded(reviewer, 'FALSE').data as object), basis: null } as never });
    const before = stateAfter([...withVerdicts(), v1(rita)]);
    expect(before.verdicts[0].basis).toEqual(basisFor(['k1']));
    const after = stateAfter([...withVerdicts(), v1(rita), detailsRevised({ statement: 'Three died.' })]);
    expect(staleReasons(after, after.verdicts[0])).toEqual([{ kind: 'CLAIM', field: 'statement' }]);
  });

  it('a stored v1 VerdictRecorded is upcast to v2 with a null basis (taken at fold time)', () => {
    const data = { ...(verdictRecorded(rita, 'FALSE').data as object) } as Record<string, unknown>;
    delete data.basis;
    const event = toClaimEvent({ id: 'e', stream: 'claim-c1', type: 'VerdictRecorded', revision: 7, position: 7, data: data as never, metadata: { schemaVersion: 1 }, recordedAt: NOW });
    expect(event.data).toEqual({ ...data, basis: null });
  });
});

describe('publishing counts current verdicts only', () => {
  it('the bait-and-switch: after both verdicts, the statement and a cited excerpt change; publishing is refused with STALE_VERDICTS naming them', () => {
    const history = [...bothFalse(), detailsRevised({ statement: 'Nobody died.' }), citationRevised('k1', { excerpt: 'No deaths at all.' }, alice)];
    const error = given(history).when(publish('FALSE'), edgar).thenRefused('STALE_VERDICTS', /v-rita by Rita \(statement, citation k1 excerpt changed\); v-ravi by Ravi/);
    expect(error.details).toEqual({
      required: 2,
      actual: 0,
      stale: [
        { verdictId: 'v-rita', reviewerId: 'rita', reasons: ['statement', 'citation k1 excerpt'] },
        { verdictId: 'v-ravi', reviewerId: 'ravi', reasons: ['statement', 'citation k1 excerpt'] },
      ],
    });
  });

  it('too few standing verdicts is still NOT_ENOUGH_VERDICTS, whatever their staleness', () => {
    given([...withVerdicts([rita, 'FALSE']), detailsRevised({ statement: 'Nobody died.' })]).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_VERDICTS');
  });

  it('once every reviewer has confirmed or revised, the fact-check publishes on the current verdicts', () => {
    const history = [
      ...bothFalse(),
      detailsRevised({ statement: 'Nobody died.' }),
      verdictConfirmed(rita, basisFor(['k1'], 1)),
      { type: 'VerdictRevised', data: { ...stamp(ravi), claimId, verdictId: 'v-ravi', rating: 'FALSE', rationale: 'Re-read.', citationIds: ['k1'], reason: 'New statement', basis: basisFor(['k1'], 1) } } as ClaimEvent,
    ];
    given(history).when(publish('FALSE'), edgar).then([factCheckPublished('FALSE', ['v-rita', 'v-ravi'], ['k1'])]);
  });

  it('a stale dissent does not count toward the minimum, but it still splits the consensus: publishing against it needs a justification', () => {
    const history = [...withVerdicts([rita, 'FALSE', ['k1']], [ravi, 'FALSE', ['k1']], [rosa, 'TRUE', ['k2']]), citationRevised('k2', { url: 'https://example.org/moved' })];
    const error = given(history).when(publish('FALSE'), edgar).thenRefused('JUSTIFICATION_REQUIRED', /departs from v-rosa by Rosa \(TRUE, stale but standing\)/);
    expect(error.details).toEqual({ consensusRating: null });
    given(history)
      .when(publish('FALSE', 'Rosa relied on a page that has since moved.'), edgar)
      .then([factCheckPublished('FALSE', ['v-rita', 'v-ravi'], ['k1'], { consensusRating: null, justification: 'Rosa relied on a page that has since moved.' })]);
  });
});

describe('confirming a verdict', () => {
  const changed = () => [...bothFalse(), citationRevised('k1', { excerpt: 'Changed.' })];
  const newBasis = () => basisFor(['k1'], 0, { k1: { ...source('k1'), excerpt: 'Changed.' } });

  it('the reviewer confirms their own stale verdict: VerdictConfirmed with the basis as it is now; it counts again', () => {
    given(changed()).when(confirm('v-rita'), rita).then([verdictConfirmed(rita, newBasis())]);
    const state = stateAfter([...changed(), verdictConfirmed(rita, newBasis())]);
    expect(countedVerdicts(state).map((v) => v.id)).toEqual(['v-rita']);
    expect(state.verdicts[0].confirmedAt).toBe(stamp(rita).at);
  });

  it('only its own reviewer may confirm a verdict (NOT_AUTHOR); only a reviewer at all (FORBIDDEN)', () => {
    given(changed()).when(confirm('v-rita'), ravi).thenRefused('NOT_AUTHOR');
    given(changed()).when(confirm('v-rita'), edgar).thenRefused('FORBIDDEN');
  });

  it('a current verdict has nothing to confirm (NOTHING_CHANGED)', () => {
    given(bothFalse()).when(confirm('v-rita'), rita).thenRefused('NOTHING_CHANGED', /is current/);
  });

  it('a verdict resting on a retracted citation cannot be confirmed (CITATION_RETRACTED): it must be revised', () => {
    given([...changed(), citationRetracted('k1')]).when(confirm('v-rita'), rita).thenRefused('CITATION_RETRACTED');
  });

  it('revising a stale verdict with no change is refused, pointing to confirmation', () => {
    given(changed()).when(reviseVerdict('v-rita', { rating: 'FALSE' }), rita).thenRefused('NOTHING_CHANGED', /confirm it/);
  });

  it('a withdrawn verdict cannot be confirmed (VERDICT_WITHDRAWN)', () => {
    const withdrawn: ClaimEvent = { type: 'VerdictWithdrawn', data: { ...stamp(rita), claimId, verdictId: 'v-rita', reason: 'x' } };
    given([...changed(), withdrawn]).when(confirm('v-rita'), rita).thenRefused('VERDICT_WITHDRAWN');
  });
});

describe('publication gates', () => {
  it('publishing needs PUBLISH_MIN_SOURCES standing citations (NOT_ENOUGH_SOURCES); retracted ones do not count', () => {
    const history = [...bothFalse(), citationRetracted('k2'), citationRetracted('k3')];
    const error = given(history).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_SOURCES', /at least 2 distinct sources among the standing/);
    expect(error.details).toEqual({ required: 2, actual: 1, standingCitations: 1 });
    given(history, { ...DEFAULT_POLICY, minSources: 1 }).when(publish('FALSE'), edgar).events();
  });

  it('a desk may ask for more sources', () => {
    given(bothFalse(), { ...DEFAULT_POLICY, minSources: 4 }).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_SOURCES', /this claim has 3/);
  });

  it('with PUBLISH_REQUIRE_INDEPENDENT_EDITOR, an editor who is one of the counted reviewers may not publish (EDITOR_NOT_INDEPENDENT)', () => {
    const both: Actor = { id: 'rhea', name: 'Rhea', roles: ['reviewer', 'editor'] };
    const history = withVerdicts([rita, 'FALSE'], [both, 'FALSE']);
    const independent: DeskPolicy = { ...DEFAULT_POLICY, requireIndependentEditor: true };
    given(history, independent).when(publish('FALSE'), both).thenRefused('EDITOR_NOT_INDEPENDENT');
    given(history, independent).when(publish('FALSE'), edgar).events();
    // Without the rule, the same editor may publish.
    given(history).when(publish('FALSE'), both).events();
  });
});

describe('citations added after publication', () => {
  it('are desk-only until a correction includes them', () => {
    const after = stateAfter([...published(), citationAdded('k9', alice)]);
    const k9 = after.citations.find((c) => c.id === 'k9')!;
    expect(k9.addedAfterPublication).toBe(true);
    expect(isPublicCitation(after, k9)).toBe(false);
    expect(after.citations.filter((c) => c.id !== 'k9').every((c) => isPublicCitation(after, c))).toBe(true);
    const corrected = stateAfter([...published(), citationAdded('k9', alice), factCheckCorrected('FALSE', 'FALSE', SUMMARY, SUMMARY, ['k9'])]);
    expect(isPublicCitation(corrected, corrected.citations.find((c) => c.id === 'k9')!)).toBe(true);
  });

  it('a contributor may still add one (the desk gathers evidence), as before', () => {
    given(published()).when(cite('k9'), alice).then([citationAdded('k9', alice)]);
  });
});

describe('the methodology is pinned at publication', () => {
  const yesNo = ratingScale([
    { key: 'YES', label: 'Yes', value: 1, onScale: true },
    { key: 'NO', label: 'No', value: 0, onScale: true },
  ]);

  it('FactCheckPublished records the scale (keys, values, labels) and policy in force, each with a version label or hash', () => {
    const [event] = given(bothFalse(), { ...DEFAULT_POLICY, scaleVersion: 'desk-2025' }).when(publish('FALSE'), edgar).events();
    const { methodology } = (event as Extract<ClaimEvent, { type: 'FactCheckPublished' }>).data;
    expect(methodology).toEqual(
      expect.objectContaining({ scaleVersion: 'desk-2025', policy: { minReviewers: 2, minSources: 2, requireIndependentEditor: false } }),
    );
    expect(methodology?.scale.find((r) => r.key === 'MOSTLY_FALSE')).toEqual({ key: 'MOSTLY_FALSE', value: 2, label: 'Mostly false', onScale: true });
    expect(methodology?.scaleHash).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(methodologyOf({ ...DEFAULT_POLICY, scale: yesNo }).scaleHash).not.toBe(methodology?.scaleHash);
    expect(methodologyOf({ ...DEFAULT_POLICY, minSources: 3 }).policyHash).not.toBe(methodology?.policyHash);
  });

  it('without a version label, the scale is named by its hash', () => {
    expect(methodologyOf({ ...DEFAULT_POLICY, scale: yesNo }).scaleVersion).toMatch(/^custom-[0-9a-f]{12}$/);
  });

  it('a correction rates against the scale the fact-check was published under, not the one configured now', () => {
    const later: DeskPolicy = { ...DEFAULT_POLICY, scale: yesNo };
    given(published(), later).when(correct({ newRating: 'MOSTLY_FALSE', justification: 'One death is confirmed.' }), edgar).events();
    given(published(), later).when(correct({ newRating: 'NO' }), edgar).thenRefused('UNKNOWN_RATING');
  });

  it('the claim reads through its pinned scale; a v1 publication (none pinned) through the configured one', () => {
    const yesNoState = stateAfter(published());
    expect(pinnedScale(yesNoState, yesNo).ratings.map((r) => r.key)).toContain('MOSTLY_FALSE');
    const v1 = stateAfter([...bothFalse(), factCheckPublished('FALSE', ['v-rita', 'v-ravi'], ['k1'], undefined, null)]);
    expect(pinnedScale(v1, yesNo)).toBe(yesNo);
  });

  it('a stored v1 FactCheckPublished is upcast with methodology null', () => {
    const { methodology: _m, ...data } = factCheckPublished().data as unknown as Record<string, unknown>;
    const event = toClaimEvent({ id: 'e', stream: 'claim-c1', type: 'FactCheckPublished', revision: 9, position: 9, data: data as never, metadata: { schemaVersion: 1 }, recordedAt: NOW });
    expect(event.data).toEqual({ ...data, methodology: null });
  });
});

describe('refused self-reviews', () => {
  const by = { id: 'alice', name: 'Alice' };

  it('a submitter rating their own claim is refused as before; the refusal is what the application records', () => {
    const error = given(withVerdicts()).when(record('FALSE'), { ...alice, roles: ['reviewer'] }).thenRefused('CONFLICT_OF_INTEREST');
    expect(selfReviewRefused(record('FALSE') as never, error, by, NOW)).toEqual({
      type: 'SelfReviewRefused',
      data: { claimId, actor: by, attempted: 'RecordVerdict', at: NOW.toISOString(), reviewerId: 'alice' },
    });
  });

  it('assigning the submitter to review their own claim is recorded with the reviewer it named', () => {
    const error = given(foldClaimHistory()).when(assign(alice), edgar).thenRefused('CONFLICT_OF_INTEREST');
    expect(selfReviewRefused(assign(alice) as never, error, { id: 'edgar', name: 'Edgar' }, NOW)?.data).toEqual(
      expect.objectContaining({ attempted: 'AssignReviewers', actor: { id: 'edgar', name: 'Edgar' }, reviewerId: 'alice' }),
    );
  });

  it('other refusals are not self-reviews', () => {
    const error = given(withVerdicts([rita, 'FALSE'])).when(record('FALSE'), rita).thenRefused('INVALID_TRANSITION');
    expect(selfReviewRefused(record('FALSE') as never, error, by, NOW)).toBeNull();
  });
});

function foldClaimHistory(): ClaimEvent[] {
  const history = [submitted, citationAdded('k1')];
  expect(foldClaim(history).exists).toBe(true);
  return history;
}

it('cited content hashes cover url, excerpt and stance only', () => {
  expect(citedContent({ ...source('k1'), title: 'x' } as never).hash).toBe(citedContent(source('k1')).hash);
  expect(citedContent({ ...source('k1'), excerpt: 'y' }).hash).not.toBe(citedContent(source('k1')).hash);
});

/**
 * Issue 13 follow-up: the rules an outside attacker found missing, one given/when/then spec each.
 * Published evidence is frozen; a stale dissent still needs a justification to publish against; a
 * source counts once however its url is spelled; a correction of the rating passes the four-eyes
 * checks; a verdict on a retracted citation is stale; staleness on claim fields is content-based;
 * a withdrawn verdict is never stale.
 */
import type { Actor } from '../../src/shared/actor';
import type { ClaimEvent } from '../../src/claims/domain/claim';
import type { DeskPolicy } from '../../src/claims/domain/commands';
import { countedVerdicts, distinctSources, sourceKey, staleReasons } from '../../src/claims/domain/rules';
import { toClaimEvent } from '../../src/claims/application/claim-stream';
import { DEFAULT_POLICY, given, NOW } from '../support/decider-spec';
import {
  alice,
  basisFor,
  citationAdded,
  citationRetracted,
  citationRevised,
  claimId,
  confirm,
  correct,
  details,
  edgar,
  factCheckCorrected,
  factCheckPublished,
  publish,
  published,
  ravi,
  reviewersAssigned,
  reviewStarted,
  reviseVerdict,
  rita,
  rosa,
  source,
  stamp,
  stateAfter,
  submitted,
  SUMMARY,
  verdictRecorded,
  verdictWithdrawn,
  withVerdicts,
} from './desk.fixtures';

const detailsRevised = (changes: Record<string, unknown>): ClaimEvent => ({
  type: 'ClaimDetailsRevised',
  data: { ...stamp(alice), claimId, changes, reason: 'Sharpened' },
});

describe('finding 2: a stale dissent is not silenced', () => {
  // Rita and Ravi rate TRUE on k1; Rosa rates FALSE on k2; the submitter then "fixes a typo" in k2.
  const dissentStaled = () => [...withVerdicts([rita, 'TRUE', ['k1']], [ravi, 'TRUE', ['k1']], [rosa, 'FALSE', ['k2']]), citationRevised('k2', { excerpt: 'What k2 says, typo fixed.' }, alice)];

  it('the stale dissent does not count toward the minimum', () => {
    const state = stateAfter(dissentStaled());
    expect(countedVerdicts(state).map((v) => v.id)).toEqual(['v-rita', 'v-ravi']);
  });

  it('publishing TRUE against it without a justification is refused (JUSTIFICATION_REQUIRED), naming the dissent', () => {
    given(dissentStaled()).when(publish('TRUE'), edgar).thenRefused('JUSTIFICATION_REQUIRED', /departs from v-rosa by Rosa \(FALSE, stale but standing\)/);
  });

  it('with a justification it publishes, recording no consensus and the justification', () => {
    given(dissentStaled())
      .when(publish('TRUE', 'Rosa misread the register.'), edgar)
      .then([factCheckPublished('TRUE', ['v-rita', 'v-ravi'], ['k1'], { consensusRating: null, justification: 'Rosa misread the register.' })]);
  });

  it('once the dissent is withdrawn, there is nothing to depart from', () => {
    given([...dissentStaled(), verdictWithdrawn(rosa)]).when(publish('TRUE'), edgar).then([factCheckPublished('TRUE', ['v-rita', 'v-ravi'], ['k1'])]);
  });
});

describe('finding 3: a source counts once however its url is spelled', () => {
  const cited = (citationId: string, url: string): ClaimEvent => ({ type: 'CitationAdded', data: { ...stamp(alice), claimId, citationId, ...source(citationId), url } });
  const twoOfOne = (second: string) => [
    submitted,
    cited('k1', 'https://dup.example.org/b'),
    cited('k2', second),
    reviewersAssigned([rita, ravi]),
    reviewStarted(),
    verdictRecorded(rita, 'FALSE', ['k1'], 'v-rita', basisFor(['k1'], 0, { k1: { ...source('k1'), url: 'https://dup.example.org/b' } })),
    verdictRecorded(ravi, 'FALSE', ['k2'], 'v-ravi', basisFor(['k2'], 0, { k2: { ...source('k2'), url: second } })),
  ];

  it.each(['https://dup.example.org/b', 'https://DUP.example.org/b/', 'HTTPS://dup.example.org:443/b#quote'])(
    'two citations of %s and https://dup.example.org/b are one source: NOT_ENOUGH_SOURCES under PUBLISH_MIN_SOURCES=2, saying how many distinct',
    (second) => {
      const error = given(twoOfOne(second)).when(publish('FALSE'), edgar).thenRefused('NOT_ENOUGH_SOURCES', /at least 2 distinct sources.*has 1 distinct source \(2 standing citations/);
      expect(error.details).toEqual({ required: 2, actual: 1, standingCitations: 2 });
    },
  );

  it('another path, query or port is another source', () => {
    for (const other of ['https://dup.example.org/c', 'https://dup.example.org/b?page=2', 'https://dup.example.org:8443/b', 'http://dup.example.org/B']) {
      expect(given(twoOfOne(other)).when(publish('FALSE'), edgar).events().map((e) => e.type)).toEqual(['FactCheckPublished']);
    }
  });

  it('the normalised url: scheme and host lower-case, default port dropped, trailing slash and fragment ignored, the rest kept', () => {
    expect(sourceKey('HTTPS://Dup.Example.ORG:443/Path/To/?q=A#frag')).toBe('https://dup.example.org/Path/To?q=A');
    expect(sourceKey('http://dup.example.org:80/')).toBe('http://dup.example.org');
    expect(sourceKey('http://dup.example.org:8080/x')).toBe('http://dup.example.org:8080/x');
    expect(sourceKey(' not a url ')).toBe('not a url');
    expect(distinctSources([{ url: 'https://a.example/x' }, { url: 'https://A.example/x/' }, { url: 'https://a.example/y' }])).toBe(2);
  });

  it('adding a duplicate citation stays allowed: it is still evidence', () => {
    given(twoOfOne('https://dup.example.org/b').slice(0, 2))
      .when({ type: 'AddCitation', claimId, citationId: 'k2', ...source('k2'), url: 'https://DUP.example.org/b/' }, alice)
      .then([cited('k2', 'https://DUP.example.org/b/')]);
  });
});

describe('finding 4: a correction of the rating passes the checks a publication does', () => {
  const rhea: Actor = { id: 'rhea', name: 'Rhea', roles: ['reviewer', 'editor'] };
  const independent: DeskPolicy = { ...DEFAULT_POLICY, requireIndependentEditor: true };
  const publishedWithRhea = () => [...withVerdicts([rita, 'FALSE'], [rhea, 'FALSE']), factCheckPublished('FALSE', ['v-rita', 'v-rhea'], ['k1'])];

  it('with PUBLISH_REQUIRE_INDEPENDENT_EDITOR, a counted reviewer may not change the rating (EDITOR_NOT_INDEPENDENT), even with a justification', () => {
    given(publishedWithRhea(), independent).when(correct({ newRating: 'TRUE', justification: 'I changed my mind.' }), rhea).thenRefused('EDITOR_NOT_INDEPENDENT', /another editor must correct its rating/);
  });

  it('without the rule, or as another editor, the rating may change with a justification', () => {
    given(publishedWithRhea()).when(correct({ newRating: 'TRUE', justification: 'New records.' }), rhea).events();
    given(publishedWithRhea(), independent).when(correct({ newRating: 'TRUE', justification: 'New records.' }), edgar).events();
  });

  it('a new rating that departs from the verdicts needs a justification (JUSTIFICATION_REQUIRED), which the correction records', () => {
    given(published()).when(correct({ newRating: 'TRUE' }), edgar).thenRefused('JUSTIFICATION_REQUIRED', /The reviewers agree on FALSE; correcting the rating to TRUE needs a written justification/);
    given(published()).when(correct({ newRating: 'TRUE', justification: '   ' }), edgar).thenRefused('JUSTIFICATION_REQUIRED');
    given(published())
      .when(correct({ newRating: 'TRUE', justification: 'The register was forged.' }), edgar)
      .then([factCheckCorrected('FALSE', 'TRUE', SUMMARY, SUMMARY, [], 'The register was forged.')]);
  });

  it('a correction back to the reviewers\' rating needs none (and records none)', () => {
    const departed = [...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), factCheckPublished('MISLEADING', undefined, undefined, { consensusRating: 'FALSE', justification: 'Framing' })];
    given(departed).when(correct({ newRating: 'FALSE', justification: 'ignored' }), edgar).then([factCheckCorrected('MISLEADING', 'FALSE', SUMMARY, SUMMARY, [], null)]);
  });

  it('a correction that keeps the rating is not affected: a counted reviewer may fix the summary, with no justification', () => {
    const [event] = given(publishedWithRhea(), independent).when(correct({ newSummary: 'Nobody died, as the register shows.' }), rhea).events();
    expect(event.data).toEqual({ ...factCheckCorrected('FALSE', 'FALSE', SUMMARY, 'Nobody died, as the register shows.', [], null).data, by: { id: 'rhea', name: 'Rhea' } });
  });

  it('a stored v1 FactCheckCorrected is upcast to v2 with a null justification', () => {
    const { justification: _j, ...data } = factCheckCorrected('FALSE', 'TRUE', SUMMARY, SUMMARY).data as unknown as Record<string, unknown>;
    const event = toClaimEvent({ id: 'e', stream: 'claim-c1', type: 'FactCheckCorrected', revision: 9, position: 9, data: data as never, metadata: { schemaVersion: 1 }, recordedAt: NOW });
    expect(event.data).toEqual({ ...data, justification: null });
  });
});

describe('finding 5: a verdict whose cited citation is retracted', () => {
  const retractedUnder = () => [...withVerdicts([rita, 'FALSE', ['k1', 'k2']], [ravi, 'FALSE', ['k1']]), citationRetracted('k2')];

  it('is stale, with a reason naming the citation and its retraction; it does not count', () => {
    const state = stateAfter(retractedUnder());
    expect(staleReasons(state, state.verdicts[0])).toEqual([{ kind: 'CITATION', citationId: 'k2', field: 'retracted' }]);
    expect(staleReasons(state, state.verdicts[1])).toEqual([]);
    expect(countedVerdicts(state).map((v) => v.id)).toEqual(['v-ravi']);
  });

  it('cannot be confirmed (CITATION_RETRACTED): the reviewer is told to revise it without that citation', () => {
    const error = given(retractedUnder()).when(confirm('v-rita'), rita).thenRefused('CITATION_RETRACTED', /cites citation k2, since retracted.*revise it without that citation/);
    expect(error.details).toEqual({ verdictId: 'v-rita', citationIds: ['k2'] });
  });

  it('revised without it, the verdict is current again and publishing goes ahead', () => {
    const revised = given(retractedUnder()).when(reviseVerdict('v-rita', { citationIds: ['k1'] }), rita).events();
    const state = stateAfter([...retractedUnder(), ...revised]);
    expect(countedVerdicts(state).map((v) => v.id)).toEqual(['v-rita', 'v-ravi']);
    given([...retractedUnder(), ...revised]).when(publish('FALSE'), edgar).events();
  });
});

describe('finding 6: staleness on claim fields is content-based, as on citations', () => {
  const bothFalse = () => withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']);

  it('a statement changed and changed back leaves the verdicts current', () => {
    const state = stateAfter([...bothFalse(), detailsRevised({ statement: 'Nobody died.' }), detailsRevised({ statement: details.statement })]);
    expect(state.claimRevision).toBe(2);
    expect(state.verdicts.map((v) => staleReasons(state, v))).toEqual([[], []]);
    given([...bothFalse(), detailsRevised({ statement: 'Nobody died.' }), detailsRevised({ statement: details.statement })]).when(publish('FALSE'), edgar).events();
  });

  it('only the fields that now differ from what the reviewer saw are named', () => {
    const state = stateAfter([
      ...bothFalse(),
      detailsRevised({ statement: 'Nobody died.', claimDate: '2025-06-27' }),
      detailsRevised({ claimDate: details.claimDate, claimant: { name: 'Trend', kind: 'ORGANIZATION' } }),
      detailsRevised({ claimant: details.claimant }),
    ]);
    expect(staleReasons(state, state.verdicts[0])).toEqual([{ kind: 'CLAIM', field: 'statement' }]);
  });

  it('a verdict rated on a later revision is stale when the claim goes back to what it was before', () => {
    const history = [...withVerdicts([rita, 'FALSE']), detailsRevised({ statement: 'Nobody died.' }), verdictRecorded(ravi, 'FALSE', ['k1'], 'v-ravi', basisFor(['k1'], 1))];
    const state = stateAfter([...history, detailsRevised({ statement: details.statement })]);
    expect(state.verdicts.map((v) => staleReasons(state, v))).toEqual([[], [{ kind: 'CLAIM', field: 'statement' }]]);
  });
});

describe('finding 7: a withdrawn verdict is never stale', () => {
  it('after a change it would otherwise be stale on, it has no stale reasons', () => {
    const state = stateAfter([...withVerdicts([rita, 'FALSE'], [ravi, 'FALSE']), verdictWithdrawn(rita), detailsRevised({ statement: 'Nobody died.' }), citationRetracted('k1')]);
    expect(staleReasons(state, state.verdicts[0])).toEqual([]);
    expect(staleReasons(state, state.verdicts[1])).toEqual([{ kind: 'CLAIM', field: 'statement' }, { kind: 'CITATION', citationId: 'k1', field: 'retracted' }]);
  });
});

it('finding 1 (the decider side): a published fact-check\'s uncited citation is frozen, a desk-only one is not', () => {
  given(published()).when({ type: 'ReviseCitation', claimId, citationId: 'k2', changes: { excerpt: 'Rewritten.' }, reason: 'Typo' }, rita).thenRefused('INVALID_TRANSITION');
  given([...published(), citationAdded('k9', alice)]).when({ type: 'RetractCitation', claimId, citationId: 'k9', reason: 'Wrong page' }, alice).events();
});

// Recording, revising and withdrawing verdicts (src/claims/domain/decide/verdicts.ts).
import type { ClaimEvent } from '../../src/claims/domain/claim';
import type { DeskPolicy } from '../../src/claims/domain/commands';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { given } from '../support/decider-spec';
import {
  ada, basisFor, citationAdded, citationRetracted, claimId, claimSubmitted, draft, edgar, inReview, publish, published, RATIONALE, ravi,
  record, rejected, retracted, reviewersAssigned, reviewerUnassigned, reviewStarted, reviseVerdict, rita, rosa, stamp,
  verdictRecorded, verdictWithdrawn, withdraw, withVerdicts,
} from './desk.fixtures';

describe('recording verdicts', () => {
  it('an assigned reviewer records a verdict: VerdictRecorded, citing each citation once', () => {
    given(inReview())
      .when(record('MOSTLY_FALSE', ['k1', 'k2', 'k1'], 'v9'), ravi)
      .then([verdictRecorded(ravi, 'MOSTLY_FALSE', ['k1', 'k2'], 'v9')]);
  });

  it('a reviewer may not rate a claim they submitted (conflict of interest)', () => {
    const submittedByRita: ClaimEvent = claimSubmitted(rita);
    given([submittedByRita, citationAdded('k1', rita), reviewersAssigned([ravi]), reviewStarted()])
      .when(record('FALSE'), rita)
      .thenRefused('CONFLICT_OF_INTEREST', /You submitted this claim/);
  });

  it('not even an admin may rate a claim they submitted (conflict of interest)', () => {
    const submittedByAda: ClaimEvent = claimSubmitted(ada);
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
          data: { ...stamp(rita), claimId, verdictId: 'v-rita', rating: 'MOSTLY_FALSE', rationale: RATIONALE, citationIds: ['k2', 'k1'], reason: 'Found more', basis: basisFor(['k2', 'k1']) },
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

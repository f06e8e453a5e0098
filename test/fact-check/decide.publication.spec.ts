// Publishing, correcting and retracting a fact-check (src/claims/domain/decide/publication.ts).
import type { ClaimEvent } from '../../src/claims/domain/claim';
import type { DeskPolicy } from '../../src/claims/domain/commands';
import { DEFAULT_POLICY, given } from '../support/decider-spec';
import { methodologyOf } from '../../src/claims/domain/methodology';
import {
  ada, assign, carl, citationAdded, citationRetracted, cite, claimId, correct, draft, edgar, factCheckPublished,
  factCheckRetracted, inReview, publish, published, ravi, record, reject, rejected, reopen, retracted, retractFactCheck,
  reviewersAssigned, reviewStarted, reviseDetails, reviseVerdict, rita, rosa, stamp, SUMMARY, unassign, verdictRecorded,
  verdictRevised, verdictWithdrawn, withVerdicts,
} from './desk.fixtures';

const threeReviewers: DeskPolicy = { scale: DEFAULT_POLICY.scale, minReviewers: 3 };

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
      .then([factCheckPublished('FALSE', ['v-rita', 'v-ravi', 'v-rosa'], ['k1'], undefined, methodologyOf(threeReviewers))]);
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
            methodology: methodologyOf(DEFAULT_POLICY),
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

  it('a verdict resting on a retracted citation is stale and does not count: too few current verdicts is STALE_VERDICTS, naming the retraction', () => {
    const history = [...withVerdicts([rita, 'FALSE', ['k1']], [ravi, 'FALSE', ['k2', 'k3']]), citationRetracted('k3')];
    const error = given(history).when(publish('FALSE'), edgar).thenRefused('STALE_VERDICTS', /v-ravi by Ravi \(citation k3 retracted\)/);
    expect(error.details).toEqual({ required: 2, actual: 1, stale: [{ verdictId: 'v-ravi', reviewerId: 'ravi', reasons: ['citation k3 retracted'] }] });
  });

  it('with enough other current verdicts, a verdict on a retracted citation does not block publication: it is left out of the count', () => {
    const history = [...withVerdicts([rita, 'FALSE', ['k1']], [ravi, 'FALSE', ['k1']], [rosa, 'FALSE', ['k3']]), citationRetracted('k3')];
    const [event] = given(history).when(publish('FALSE'), edgar).events();
    expect(event).toEqual({ type: 'FactCheckPublished', data: expect.objectContaining({ verdictIds: ['v-rita', 'v-ravi'], citationIds: ['k1'] }) });
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
      verdictRevised(ravi, 'FALSE', ['k2', 'k3']),
      verdictWithdrawn(rosa),
    ];
    given(history)
      .when(publish('FALSE'), edgar)
      .then([factCheckPublished('FALSE', ['v-rita', 'v-ravi'], ['k1', 'k2', 'k3'])]);
  });
});

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
      .when(correct({ newRating: 'MOSTLY_FALSE', newSummary: 'One person died, not two.', justification: 'The register lists one death.' }), edgar)
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
            justification: 'The register lists one death.',
          },
        },
      ]);
  });

  it('what a correction leaves out stays as it was: previous and new are then the same', () => {
    const [event] = given(published()).when(correct({ newSummary: 'Nobody died.' }), edgar).events();
    expect(event.data).toEqual(expect.objectContaining({ previousRating: 'FALSE', newRating: 'FALSE', previousSummary: SUMMARY, newSummary: 'Nobody died.' }));
  });

  it('a second correction starts from the corrected fact-check', () => {
    const first = given(published()).when(correct({ newRating: 'MOSTLY_FALSE', justification: 'One death.' }), edgar).events();
    const [second] = given([...published(), ...first]).when(correct({ newRating: 'MISLEADING', justification: 'Out of context.' }), edgar).events();
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
    given(published()).when(retractFactCheck, edgar).then([factCheckRetracted()]);
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
    ['assign reviewers', assign(rosa)],
  ] as const)('nothing happens to a retracted fact-check: no one may %s (INVALID_TRANSITION)', (_act, command) => {
    for (const actor of [edgar, ada]) given(retracted()).when(command, actor).thenRefused('INVALID_TRANSITION', /retracted/);
  });

  it('nothing happens to a retracted fact-check: no one may revise a verdict (INVALID_TRANSITION; its reviewer and an admin)', () => {
    // Revising a verdict needs the reviewer role before anything about the claim is looked at (an editor gets FORBIDDEN anywhere).
    for (const actor of [rita, ada]) given(retracted()).when(reviseVerdict('v-rita', { rating: 'TRUE' }), actor).thenRefused('INVALID_TRANSITION', /retracted/);
  });
});

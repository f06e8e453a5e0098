// Submitting a claim and revising its details (src/claims/domain/decide/claim-details.ts).
import { DEFAULT_POLICY, given } from '../support/decider-spec';
import {
  ada, alice, carl, claimId, details, draft, edgar, inReview, nobody, published, ref, rejected, retracted, reviseDetails, rita,
  stamp, submit, submitted,
} from './desk.fixtures';

describe('submitting a claim', () => {
  it('a contributor submits a claim: ClaimSubmitted with every detail, who and when', () => {
    given([])
      .when({ type: 'SubmitClaim', claimId: 'c1', ...details }, alice)
      .then([submitted]);
  });
});

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
    for (const actor of [carl, rita]) {
      given(draft()).when(reviseDetails({ statement: 'x' }), actor).thenRefused('FORBIDDEN', /Only editors may revise the details/);
    }
    // Without any role the answer does not depend on the claim (no existence oracle): the role comes first.
    given(draft()).when(reviseDetails({ statement: 'x' }), nobody).thenRefused('FORBIDDEN', /Only contributors or reviewers or editors may revise a claim's details/);
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

// Assigning and unassigning reviewers, rejecting and reopening (src/claims/domain/decide/review.ts).
import type { ClaimEvent } from '../../src/claims/domain/claim';
import { given } from '../support/decider-spec';
import {
  assign, at, claimRejected, claimReopened, claimSubmitted, draft, edgar, inReview, published, ravi, ref, reject, rejected, reopen,
  retracted, reviewersAssigned, reviewerUnassigned, reviewStarted, rita, rosa, stateAfter, unassign, withVerdicts,
} from './desk.fixtures';

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
    const submittedByRita: ClaimEvent = claimSubmitted(rita);
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
    expect(events).toEqual([claimReopened()]);
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

import { ActorRef, ClaimEvent, ClaimState, evolve, ExistingClaim, foldClaim, initialClaimState } from '../../src/claims/domain/claim';
import { activeVerdicts, consensusRating } from '../../src/claims/domain/rules';

// The fold, event by event. Each event happens one minute after the one before, so `at` tells them apart.

const alice: ActorRef = { id: 'alice', name: 'Alice' };
const rita: ActorRef = { id: 'rita', name: 'Rita' };
const ravi: ActorRef = { id: 'ravi', name: 'Ravi' };
const edgar: ActorRef = { id: 'edgar', name: 'Edgar' };
const claimId = 'c1';
const minute = (n: number) => new Date(Date.UTC(2025, 6, 10, 12, n)).toISOString();

const details = {
  statement: 'Two people died during the raids in Yekaterinburg.',
  claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' as const },
  claimDate: '2025-06-28',
  appearances: [{ url: 'https://en.trend.az/a', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
  language: 'en',
  topics: ['russia', 'azerbaijan'],
};
const source = (citationId: string) => ({
  url: `https://example.org/${citationId}`,
  title: `Source ${citationId}`,
  publisher: 'Example Press',
  publishedAt: null,
  excerpt: `What ${citationId} says.`,
  stance: 'REFUTES' as const,
  note: null,
  archivedUrl: null,
});

/** Builds a history in order, stamping each event with the next minute. */
function history(...steps: ((at: string) => ClaimEvent)[]): ClaimEvent[] {
  return steps.map((step, i) => step(minute(i)));
}
const fold = (events: ClaimEvent[]): ExistingClaim => {
  const state: ClaimState = foldClaim(events);
  if (!state.exists) throw new Error('expected the claim to exist');
  return state;
};

const submitted = (at: string): ClaimEvent => ({ type: 'ClaimSubmitted', data: { by: alice, at, claimId, ...details } });
const assigned =
  (...reviewers: ActorRef[]) =>
  (at: string): ClaimEvent => ({ type: 'ReviewersAssigned', data: { by: edgar, at, claimId, reviewers } });
const unassigned =
  (reviewer: ActorRef) =>
  (at: string): ClaimEvent => ({ type: 'ReviewerUnassigned', data: { by: edgar, at, claimId, reviewerId: reviewer.id, reason: 'Away' } });
const reviewStarted = (at: string): ClaimEvent => ({ type: 'ClaimReviewStarted', data: { by: edgar, at, claimId } });
const cited =
  (citationId: string, by: ActorRef = alice) =>
  (at: string): ClaimEvent => ({ type: 'CitationAdded', data: { by, at, claimId, citationId, ...source(citationId) } });
const citationRevised =
  (citationId: string, changes: object) =>
  (at: string): ClaimEvent => ({ type: 'CitationRevised', data: { by: edgar, at, claimId, citationId, changes, reason: 'Typo' } });
const citationRetracted =
  (citationId: string) =>
  (at: string): ClaimEvent => ({ type: 'CitationRetracted', data: { by: edgar, at, claimId, citationId, reason: 'Doctored' } });
const verdict =
  (reviewer: ActorRef, rating: string, citationIds = ['k1']) =>
  (at: string): ClaimEvent => ({
    type: 'VerdictRecorded',
    data: { by: reviewer, at, claimId, verdictId: `v-${reviewer.id}`, rating, rationale: 'First look', citationIds },
  });
const verdictRevised =
  (reviewer: ActorRef, rating: string, citationIds = ['k1']) =>
  (at: string): ClaimEvent => ({
    type: 'VerdictRevised',
    data: { by: reviewer, at, claimId, verdictId: `v-${reviewer.id}`, rating, rationale: 'Second look', citationIds, reason: 'More sources' },
  });
const withdrawn =
  (reviewer: ActorRef) =>
  (at: string): ClaimEvent => ({ type: 'VerdictWithdrawn', data: { by: reviewer, at, claimId, verdictId: `v-${reviewer.id}`, reason: 'Unsure' } });
const rejected = (at: string): ClaimEvent => ({ type: 'ClaimRejected', data: { by: edgar, at, claimId, reason: 'Not checkable' } });
const reopened = (at: string): ClaimEvent => ({ type: 'ClaimReopened', data: { by: edgar, at, claimId, reason: 'New evidence' } });
const published = (at: string): ClaimEvent => ({
  type: 'FactCheckPublished',
  data: {
    by: edgar,
    at,
    claimId,
    rating: 'MISLEADING',
    summary: 'No one died.',
    consensusRating: 'FALSE',
    justification: 'Framing',
    verdictIds: ['v-rita', 'v-ravi'],
    citationIds: ['k1'],
  },
});
const corrected =
  (previousRating: string, newRating: string, previousSummary: string, newSummary: string, addedCitationIds: string[] = []) =>
  (at: string): ClaimEvent => ({
    type: 'FactCheckCorrected',
    data: { by: edgar, at, claimId, note: 'Reader letter', previousRating, newRating, previousSummary, newSummary, addedCitationIds },
  });
const retracted = (at: string): ClaimEvent => ({ type: 'FactCheckRetracted', data: { by: edgar, at, claimId, note: 'Wrong claim' } });

// Histories, each a prefix of the claim's life.
const draftSteps = [submitted, cited('k1'), cited('k2', rita)];
const reviewSteps = [...draftSteps, assigned(rita, ravi), reviewStarted];
const verdictSteps = [...reviewSteps, verdict(rita, 'FALSE'), verdict(ravi, 'FALSE', ['k1', 'k2'])];
const publishedSteps = [...verdictSteps, published];

describe('folding a claim: status', () => {
  it('before any event there is no claim, at revision -1', () => {
    expect(initialClaimState()).toEqual({ exists: false, revision: -1 });
    expect(foldClaim([])).toEqual({ exists: false, revision: -1 });
  });

  it('a submitted claim is a DRAFT holding its details, its submitter and nothing else yet', () => {
    expect(fold(history(submitted))).toEqual({
      exists: true,
      id: claimId,
      revision: 0,
      status: 'DRAFT',
      ...details,
      submittedBy: alice,
      submittedAt: minute(0),
      updatedAt: minute(0),
      assignees: [],
      citations: [],
      verdicts: [],
      rejection: null,
      publication: null,
      corrections: [],
      retraction: null,
    });
  });

  it('assigning reviewers does not by itself start the review; ClaimReviewStarted does', () => {
    expect(fold(history(submitted, assigned(rita))).status).toBe('DRAFT');
    expect(fold(history(submitted, assigned(rita), reviewStarted)).status).toBe('IN_REVIEW');
  });

  it('a rejected claim is REJECTED, with who rejected it, when and why', () => {
    const state = fold(history(...reviewSteps, rejected));
    expect(state.status).toBe('REJECTED');
    expect(state.rejection).toEqual({ reason: 'Not checkable', by: edgar, at: minute(reviewSteps.length) });
  });

  it('a reopened claim goes back to DRAFT when no reviewer is assigned, and the rejection is cleared', () => {
    const state = fold(history(...draftSteps, rejected, reopened));
    expect(state.status).toBe('DRAFT');
    expect(state.rejection).toBeNull();
  });

  it('a reopened claim goes back to IN_REVIEW when reviewers are assigned', () => {
    const state = fold(history(...reviewSteps, rejected, reopened));
    expect(state.status).toBe('IN_REVIEW');
    expect(state.rejection).toBeNull();
  });

  it('a reopened claim whose reviewers were all unassigned goes back to DRAFT', () => {
    expect(fold(history(...reviewSteps, unassigned(rita), unassigned(ravi), rejected, reopened)).status).toBe('DRAFT');
  });

  it('a published claim is PUBLISHED; a retracted one RETRACTED, keeping its publication', () => {
    expect(fold(history(...publishedSteps)).status).toBe('PUBLISHED');
    const state = fold(history(...publishedSteps, retracted));
    expect(state.status).toBe('RETRACTED');
    expect(state.retraction).toEqual({ note: 'Wrong claim', by: edgar, at: minute(publishedSteps.length) });
    expect(state.publication).not.toBeNull();
  });
});

describe('folding a claim: details and reviewers', () => {
  it('a details revision replaces only the fields it changes', () => {
    const revise = (at: string): ClaimEvent => ({
      type: 'ClaimDetailsRevised',
      data: { by: alice, at, claimId, changes: { statement: 'Three people died.', topics: ['russia'] }, reason: 'Clarified' },
    });
    const state = fold(history(submitted, revise));
    expect(state).toEqual(expect.objectContaining({ ...details, statement: 'Three people died.', topics: ['russia'], submittedAt: minute(0), updatedAt: minute(1) }));
  });

  it('assignees are added once each and removed when unassigned', () => {
    expect(fold(history(submitted, assigned(rita), assigned(rita, ravi))).assignees).toEqual([rita, ravi]);
    expect(fold(history(submitted, assigned(rita, ravi), unassigned(rita))).assignees).toEqual([ravi]);
  });
});

describe('folding a claim: citations', () => {
  it('an added citation carries its details, who added it and when, unrevised and unretracted', () => {
    expect(fold(history(submitted, cited('k1'))).citations).toEqual([
      { id: 'k1', ...source('k1'), addedBy: alice, addedAt: minute(1), revisedAt: null, retraction: null },
    ]);
  });

  it('a revised citation takes the changes and the time of revision; other citations are untouched', () => {
    const [k1, k2] = fold(history(...draftSteps, citationRevised('k2', { title: 'Better', stance: 'CONTEXT' }))).citations;
    expect(k2).toEqual({ id: 'k2', ...source('k2'), title: 'Better', stance: 'CONTEXT', addedBy: rita, addedAt: minute(2), revisedAt: minute(3), retraction: null });
    expect(k1).toEqual(fold(history(...draftSteps)).citations[0]);
  });

  it('a retracted citation records who retracted it, when and why, and stays on the claim', () => {
    const citations = fold(history(...draftSteps, citationRetracted('k1'))).citations;
    expect(citations.map((c) => c.id)).toEqual(['k1', 'k2']);
    expect(citations[0].retraction).toEqual({ reason: 'Doctored', by: edgar, at: minute(3) });
    expect(citations[1].retraction).toBeNull();
  });
});

describe('folding a claim: verdicts', () => {
  it('a recorded verdict belongs to its reviewer, unrevised and standing', () => {
    expect(fold(history(...reviewSteps, verdict(rita, 'FALSE'))).verdicts).toEqual([
      {
        id: 'v-rita',
        reviewer: rita,
        rating: 'FALSE',
        rationale: 'First look',
        citationIds: ['k1'],
        recordedAt: minute(5),
        revisedAt: null,
        revisions: 0,
        withdrawal: null,
      },
    ]);
  });

  it('a revised verdict takes the new rating, rationale and citations, and counts its revisions', () => {
    const [v] = fold(history(...reviewSteps, verdict(rita, 'FALSE'), verdictRevised(rita, 'MOSTLY_FALSE', ['k2']), verdictRevised(rita, 'MIXED', ['k1', 'k2']))).verdicts;
    expect(v).toEqual(
      expect.objectContaining({ rating: 'MIXED', rationale: 'Second look', citationIds: ['k1', 'k2'], recordedAt: minute(5), revisedAt: minute(7), revisions: 2 }),
    );
  });

  it('a withdrawn verdict stays on the claim with its withdrawal, and no longer stands', () => {
    const state = fold(history(...verdictSteps, withdrawn(rita)));
    expect(state.verdicts.find((v) => v.id === 'v-rita')?.withdrawal).toEqual({ reason: 'Unsure', at: minute(verdictSteps.length) });
    expect(state.verdicts).toHaveLength(2);
    expect(activeVerdicts(state).map((v) => v.id)).toEqual(['v-ravi']);
  });
});

describe('folding a claim: publication and corrections', () => {
  it('a publication records the rating, summary, consensus, justification, verdicts, citations, who and when', () => {
    expect(fold(history(...publishedSteps)).publication).toEqual({
      rating: 'MISLEADING',
      summary: 'No one died.',
      consensusRating: 'FALSE',
      justification: 'Framing',
      verdictIds: ['v-rita', 'v-ravi'],
      citationIds: ['k1'],
      publishedBy: edgar,
      publishedAt: minute(verdictSteps.length),
    });
  });

  it('a correction updates the publication\u2019s rating, summary and citations, and is kept in order with the others', () => {
    const state = fold(
      history(
        ...publishedSteps,
        corrected('MISLEADING', 'FALSE', 'No one died.', 'Nobody died.', ['k2']),
        corrected('FALSE', 'MOSTLY_FALSE', 'Nobody died.', 'One person died.'),
      ),
    );
    expect(state.status).toBe('PUBLISHED');
    expect(state.publication).toEqual(
      expect.objectContaining({ rating: 'MOSTLY_FALSE', summary: 'One person died.', consensusRating: 'FALSE', citationIds: ['k1', 'k2'], publishedAt: minute(verdictSteps.length) }),
    );
    expect(state.corrections).toEqual([
      {
        note: 'Reader letter',
        previousRating: 'MISLEADING',
        newRating: 'FALSE',
        previousSummary: 'No one died.',
        newSummary: 'Nobody died.',
        addedCitationIds: ['k2'],
        by: edgar,
        at: minute(publishedSteps.length),
      },
      {
        note: 'Reader letter',
        previousRating: 'FALSE',
        newRating: 'MOSTLY_FALSE',
        previousSummary: 'Nobody died.',
        newSummary: 'One person died.',
        addedCitationIds: [],
        by: edgar,
        at: minute(publishedSteps.length + 1),
      },
    ]);
  });
});

describe('folding a claim: revision', () => {
  const everything = history(
    ...publishedSteps,
    corrected('MISLEADING', 'FALSE', 'No one died.', 'Nobody died.'),
    retracted,
  );

  it('the revision is the number of events folded minus one, after every event', () => {
    let state: ClaimState = initialClaimState();
    everything.forEach((event, i) => {
      state = evolve(state, event);
      expect(state.revision).toBe(i);
    });
    expect(fold(everything).revision).toBe(everything.length - 1);
  });

  it('updatedAt is the time of the last event', () => {
    expect(fold(everything).updatedAt).toBe(minute(everything.length - 1));
    expect(fold(everything).submittedAt).toBe(minute(0));
  });

  it('evolve is pure: folding does not alter the state it starts from', () => {
    const before = fold(history(...verdictSteps));
    const copy = structuredClone(before);
    evolve(before, withdrawn(rita)(minute(99)));
    evolve(before, published(minute(99)));
    expect(before).toEqual(copy);
  });
});

describe('consensusRating', () => {
  const withRatings = (...steps: ((at: string) => ClaimEvent)[]) => consensusRating(fold(history(...reviewSteps, ...steps)));

  it('is null when there are no verdicts', () => {
    expect(withRatings()).toBeNull();
  });

  it('is the rating every standing verdict agrees on', () => {
    expect(withRatings(verdict(rita, 'FALSE'))).toBe('FALSE');
    expect(withRatings(verdict(rita, 'FALSE'), verdict(ravi, 'FALSE'))).toBe('FALSE');
  });

  it('is null when the standing verdicts disagree', () => {
    expect(withRatings(verdict(rita, 'FALSE'), verdict(ravi, 'MOSTLY_FALSE'))).toBeNull();
  });

  it('ignores withdrawn verdicts', () => {
    expect(withRatings(verdict(rita, 'FALSE'), verdict(ravi, 'TRUE'), withdrawn(ravi))).toBe('FALSE');
    expect(withRatings(verdict(rita, 'FALSE'), withdrawn(rita))).toBeNull();
  });

  it('follows revised ratings', () => {
    expect(withRatings(verdict(rita, 'FALSE'), verdict(ravi, 'TRUE'), verdictRevised(ravi, 'FALSE'))).toBe('FALSE');
    expect(withRatings(verdict(rita, 'FALSE'), verdict(ravi, 'FALSE'), verdictRevised(ravi, 'MIXED'))).toBeNull();
  });
});

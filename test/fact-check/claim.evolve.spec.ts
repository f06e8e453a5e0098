import { citedContent, ClaimEvent, ClaimState, evolve, foldClaim, initialClaimState } from '../../src/claims/domain/claim';
import { methodologyOf } from '../../src/claims/domain/methodology';
import { DEFAULT_POLICY } from '../support/decider-spec';
import { activeVerdicts, consensusRating } from '../../src/claims/domain/rules';
import {
  alice,
  basisFor,
  citationAdded,
  citationRetracted,
  citationRevised,
  claimId,
  claimRejected,
  claimReopened,
  details,
  draft,
  edgar,
  factCheckCorrected,
  factCheckPublished,
  factCheckRetracted,
  inReview,
  RATIONALE,
  ravi,
  ref,
  REVISED_RATIONALE,
  reviewersAssigned,
  reviewerUnassigned,
  reviewStarted,
  rita,
  source,
  stamp,
  stateAfter as fold,
  submitted,
  SUMMARY,
  verdictRecorded,
  verdictRevised,
  verdictWithdrawn,
  withVerdicts,
} from './desk.fixtures';

// The fold, event by event, on the desk's shared histories. `history` restamps each event one
// minute after the one before, so that `at` tells them apart.

const minute = (n: number) => new Date(Date.UTC(2025, 6, 10, 12, n)).toISOString();

/** The events in order, the i-th stamped at minute i. */
const history = (...events: ClaimEvent[]): ClaimEvent[] => events.map((event, i) => ({ ...event, data: { ...event.data, at: minute(i) } }) as ClaimEvent);

// Histories, each a prefix of the claim's life.
const verdictSteps = withVerdicts([rita, 'FALSE'], [ravi, 'FALSE', ['k1', 'k2']]);
/** The editor publishes MISLEADING against the reviewers' FALSE, with a justification. */
const publication = factCheckPublished('MISLEADING', ['v-rita', 'v-ravi'], ['k1'], { consensusRating: 'FALSE', justification: 'Framing' });
const publishedSteps = [...verdictSteps, publication];

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
      submittedBy: ref(alice),
      submittedAt: minute(0),
      updatedAt: minute(0),
      assignees: [],
      citations: [],
      verdicts: [],
      rejection: null,
      publication: null,
      corrections: [],
      retraction: null,
      claimRevision: 0,
      claimRevisions: [{ statement: details.statement, claimant: details.claimant, claimDate: details.claimDate }],
    });
  });

  it('assigning reviewers does not by itself start the review; ClaimReviewStarted does', () => {
    expect(fold(history(submitted, reviewersAssigned([rita]))).status).toBe('DRAFT');
    expect(fold(history(submitted, reviewersAssigned([rita]), reviewStarted())).status).toBe('IN_REVIEW');
  });

  it('a rejected claim is REJECTED, with who rejected it, when and why', () => {
    const state = fold(history(...inReview(), claimRejected()));
    expect(state.status).toBe('REJECTED');
    expect(state.rejection).toEqual({ reason: 'Not checkable', by: ref(edgar), at: minute(inReview().length) });
  });

  it('a reopened claim goes back to DRAFT when no reviewer is assigned, and the rejection is cleared', () => {
    const state = fold(history(...draft(), claimRejected(), claimReopened()));
    expect(state.status).toBe('DRAFT');
    expect(state.rejection).toBeNull();
  });

  it('a reopened claim goes back to IN_REVIEW when reviewers are assigned', () => {
    const state = fold(history(...inReview(), claimRejected(), claimReopened()));
    expect(state.status).toBe('IN_REVIEW');
    expect(state.rejection).toBeNull();
  });

  it('a reopened claim whose reviewers were all unassigned goes back to DRAFT', () => {
    expect(fold(history(...inReview(), reviewerUnassigned(rita), reviewerUnassigned(ravi), claimRejected(), claimReopened())).status).toBe('DRAFT');
  });

  it('a published claim is PUBLISHED; a retracted one RETRACTED, keeping its publication', () => {
    expect(fold(history(...publishedSteps)).status).toBe('PUBLISHED');
    const state = fold(history(...publishedSteps, factCheckRetracted()));
    expect(state.status).toBe('RETRACTED');
    expect(state.retraction).toEqual({ note: 'Wrong claim', by: ref(edgar), at: minute(publishedSteps.length) });
    expect(state.publication).not.toBeNull();
  });
});

describe('folding a claim: details and reviewers', () => {
  it('a details revision replaces only the fields it changes', () => {
    const revise: ClaimEvent = {
      type: 'ClaimDetailsRevised',
      data: { ...stamp(alice), claimId, changes: { statement: 'Three people died.', topics: ['russia'] }, reason: 'Clarified' },
    };
    const state = fold(history(submitted, revise));
    expect(state).toEqual(expect.objectContaining({ ...details, statement: 'Three people died.', topics: ['russia'], submittedAt: minute(0), updatedAt: minute(1) }));
  });

  it('assignees are added once each and removed when unassigned', () => {
    expect(fold(history(submitted, reviewersAssigned([rita]), reviewersAssigned([rita, ravi]))).assignees).toEqual([ref(rita), ref(ravi)]);
    expect(fold(history(submitted, reviewersAssigned([rita, ravi]), reviewerUnassigned(rita))).assignees).toEqual([ref(ravi)]);
  });
});

describe('folding a claim: citations', () => {
  it('an added citation carries its details, who added it and when, unrevised and unretracted', () => {
    expect(fold(history(submitted, citationAdded('k1'))).citations).toEqual([
      {
        id: 'k1',
        ...source('k1'),
        addedBy: ref(alice),
        addedAt: minute(1),
        revisedAt: null,
        retraction: null,
        contents: [citedContent(source('k1'))],
        addedAfterPublication: false,
      },
    ]);
  });

  it('a revised citation takes the changes and the time of revision; other citations are untouched', () => {
    const [k1, k2, k3] = fold(history(...draft(), citationRevised('k2', { title: 'Better', stance: 'CONTEXT' }))).citations;
    expect(k2).toEqual({
      id: 'k2',
      ...source('k2'),
      title: 'Better',
      stance: 'CONTEXT',
      addedBy: ref(rita),
      addedAt: minute(2),
      revisedAt: minute(draft().length),
      retraction: null,
      // The stance is cited content, so the revision adds a version; the title is not.
      contents: [citedContent(source('k2')), citedContent({ ...source('k2'), stance: 'CONTEXT' })],
      addedAfterPublication: false,
    });
    const [before1, , before3] = fold(history(...draft())).citations;
    expect(k1).toEqual(before1);
    expect(k3).toEqual(before3);
  });

  it('a retracted citation records who retracted it, when and why, and stays on the claim', () => {
    const citations = fold(history(...draft(), citationRetracted('k1'))).citations;
    expect(citations.map((c) => c.id)).toEqual(['k1', 'k2', 'k3']);
    expect(citations[0].retraction).toEqual({ reason: 'The page was doctored', by: ref(edgar), at: minute(draft().length) });
    expect(citations[1].retraction).toBeNull();
  });
});

describe('folding a claim: verdicts', () => {
  it('a recorded verdict belongs to its reviewer, unrevised and standing', () => {
    expect(fold(history(...inReview(), verdictRecorded(rita, 'FALSE'))).verdicts).toEqual([
      {
        id: 'v-rita',
        reviewer: ref(rita),
        rating: 'FALSE',
        rationale: RATIONALE,
        citationIds: ['k1'],
        recordedAt: minute(inReview().length),
        revisedAt: null,
        revisions: 0,
        withdrawal: null,
        basis: basisFor(['k1']),
        confirmedAt: null,
      },
    ]);
  });

  it('a revised verdict takes the new rating, rationale and citations, and counts its revisions', () => {
    const recorded = inReview().length;
    const [v] = fold(
      history(...inReview(), verdictRecorded(rita, 'FALSE'), verdictRevised(rita, 'MOSTLY_FALSE', ['k2']), verdictRevised(rita, 'MIXED', ['k1', 'k2'])),
    ).verdicts;
    expect(v).toEqual(
      expect.objectContaining({
        rating: 'MIXED',
        rationale: REVISED_RATIONALE,
        citationIds: ['k1', 'k2'],
        recordedAt: minute(recorded),
        revisedAt: minute(recorded + 2),
        revisions: 2,
      }),
    );
  });

  it('a withdrawn verdict stays on the claim with its withdrawal, and no longer stands', () => {
    const state = fold(history(...verdictSteps, verdictWithdrawn(rita)));
    expect(state.verdicts.find((v) => v.id === 'v-rita')?.withdrawal).toEqual({ reason: 'Second thoughts', at: minute(verdictSteps.length) });
    expect(state.verdicts).toHaveLength(2);
    expect(activeVerdicts(state).map((v) => v.id)).toEqual(['v-ravi']);
  });
});

describe('folding a claim: publication and corrections', () => {
  it('a publication records the rating, summary, consensus, justification, verdicts, citations, who and when', () => {
    expect(fold(history(...publishedSteps)).publication).toEqual({
      rating: 'MISLEADING',
      summary: SUMMARY,
      consensusRating: 'FALSE',
      justification: 'Framing',
      verdictIds: ['v-rita', 'v-ravi'],
      citationIds: ['k1'],
      methodology: methodologyOf(DEFAULT_POLICY),
      publishedBy: ref(edgar),
      publishedAt: minute(verdictSteps.length),
    });
  });

  it('a correction updates the publication\u2019s rating, summary and citations, and is kept in order with the others', () => {
    const state = fold(
      history(
        ...publishedSteps,
        factCheckCorrected('MISLEADING', 'FALSE', SUMMARY, 'Nobody died.', ['k2']),
        factCheckCorrected('FALSE', 'MOSTLY_FALSE', 'Nobody died.', 'One person died.'),
      ),
    );
    expect(state.status).toBe('PUBLISHED');
    expect(state.publication).toEqual(
      expect.objectContaining({ rating: 'MOSTLY_FALSE', summary: 'One person died.', consensusRating: 'FALSE', citationIds: ['k1', 'k2'], publishedAt: minute(verdictSteps.length) }),
    );
    expect(state.corrections).toEqual([
      {
        note: 'Corrected after a reader wrote in',
        previousRating: 'MISLEADING',
        newRating: 'FALSE',
        previousSummary: SUMMARY,
        newSummary: 'Nobody died.',
        addedCitationIds: ['k2'],
        justification: null,
        by: ref(edgar),
        at: minute(publishedSteps.length),
      },
      {
        note: 'Corrected after a reader wrote in',
        previousRating: 'FALSE',
        newRating: 'MOSTLY_FALSE',
        previousSummary: 'Nobody died.',
        newSummary: 'One person died.',
        addedCitationIds: [],
        justification: null,
        by: ref(edgar),
        at: minute(publishedSteps.length + 1),
      },
    ]);
  });
});

describe('folding a claim: revision', () => {
  const everything = history(
    ...publishedSteps,
    factCheckCorrected('MISLEADING', 'FALSE', SUMMARY, 'Nobody died.'),
    factCheckRetracted(),
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
    evolve(before, verdictWithdrawn(rita));
    evolve(before, publication);
    expect(before).toEqual(copy);
  });
});

describe('consensusRating', () => {
  const withRatings = (...events: ClaimEvent[]) => consensusRating(fold(history(...inReview(), ...events)));

  it('is null when there are no verdicts', () => {
    expect(withRatings()).toBeNull();
  });

  it('is the rating every standing verdict agrees on', () => {
    expect(withRatings(verdictRecorded(rita, 'FALSE'))).toBe('FALSE');
    expect(withRatings(verdictRecorded(rita, 'FALSE'), verdictRecorded(ravi, 'FALSE'))).toBe('FALSE');
  });

  it('is null when the standing verdicts disagree', () => {
    expect(withRatings(verdictRecorded(rita, 'FALSE'), verdictRecorded(ravi, 'MOSTLY_FALSE'))).toBeNull();
  });

  it('ignores withdrawn verdicts', () => {
    expect(withRatings(verdictRecorded(rita, 'FALSE'), verdictRecorded(ravi, 'TRUE'), verdictWithdrawn(ravi))).toBe('FALSE');
    expect(withRatings(verdictRecorded(rita, 'FALSE'), verdictWithdrawn(rita))).toBeNull();
  });

  it('follows revised ratings', () => {
    expect(withRatings(verdictRecorded(rita, 'FALSE'), verdictRecorded(ravi, 'TRUE'), verdictRevised(ravi, 'FALSE'))).toBe('FALSE');
    expect(withRatings(verdictRecorded(rita, 'FALSE'), verdictRecorded(ravi, 'FALSE'), verdictRevised(ravi, 'MIXED'))).toBeNull();
  });
});

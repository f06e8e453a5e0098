import type { Actor } from '../../src/shared/actor';
import type { JsonObject } from '../../src/event-store/event-store.port';
import type { ClaimCommand } from '../../src/claims/domain/commands';
import { standardsReportProjection, StandardsState } from '../../src/standards-report/read-model/standards-report.projection';
import { Act, StandardsReport, standardsReport } from '../../src/standards-report/domain/standards';
import { ClaimLog, givenEvents } from '../support/projection-spec';
import { alice, edgar, rita } from '../fact-check/desk.fixtures';

const rafael: Actor = { id: 'rafael', name: 'Rafael', roles: ['reviewer'] };
const ref = (a: Actor) => ({ id: a.id, name: a.name });

/** Day n of July 2025, at noon UTC: every act of these specs happens on its own day. */
const day = (n: number) => new Date(Date.UTC(2025, 6, n, 12));
const iso = (n: number) => day(n).toISOString();

const submit = (claimId: string): ClaimCommand => ({
  type: 'SubmitClaim',
  claimId,
  statement: 'Two men died in Yekaterinburg.',
  claimant: { name: 'AzerNews', kind: 'ORGANIZATION' },
  claimDate: '2025-06-28',
  appearances: [],
  language: 'en',
  topics: ['raids'],
});
const cite = (claimId: string, citationId: string): ClaimCommand => ({
  type: 'AddCitation', claimId, citationId, url: `https://example.org/${citationId}`, title: `Title ${citationId}`, publisher: 'Example', publishedAt: null,
  excerpt: `What ${citationId} says.`, stance: 'REFUTES', note: null, archivedUrl: null,
});
const verdict = (claimId: string, verdictId: string, citationIds: string[], rating = 'FALSE'): ClaimCommand => ({
  type: 'RecordVerdict', claimId, verdictId, rating, rationale: 'Checked.', citationIds,
});

/** Claim c1 in review on day 1: citations k1, k2, k3; Rita's verdict v-rita on k1, Rafael's v-rafael on k1 and k2. */
function reviewed(claimId = 'c1'): ClaimLog {
  return new ClaimLog()
    .run(alice, submit(claimId), day(1))
    .run(alice, cite(claimId, 'k1'), day(1))
    .run(alice, cite(claimId, 'k2'), day(1))
    .run(alice, cite(claimId, 'k3'), day(1))
    .run(edgar, { type: 'AssignReviewers', claimId, reviewers: [ref(rita), ref(rafael)] }, day(1))
    .run(rita, verdict(claimId, 'v-rita', ['k1']), day(1))
    .run(rafael, verdict(claimId, 'v-rafael', ['k1', 'k2']), day(1));
}

/** An event of another helper's stream (correction requests, refusals) or of a schema newer than the claims code here. */
function foreign(log: ClaimLog, stream: string, type: string, data: JsonObject, n: number): ClaimLog {
  return log.record({ stream, type, revision: 0, data, metadata: { schemaVersion: 1 }, recordedAt: day(n) });
}

const stateOf = (log: ClaimLog, claimId = 'c1'): StandardsState => {
  const row = givenEvents(standardsReportProjection, log.events).tables().standards_claims.find((r) => r.claim_id === claimId);
  if (!row) throw new Error(`no state for ${claimId}`);
  return JSON.parse(String(row.doc)) as StandardsState;
};
const actsOf = (log: ClaimLog, claimId = 'c1'): Act[] => stateOf(log, claimId).acts;

/** The report as the read model computes it: from the stored documents of every claim with an act in the period. */
function reportOf(log: ClaimLog, from: number, to: number): StandardsReport {
  const docs = givenEvents(standardsReportProjection, log.events).tables().standards_claims.map((r) => JSON.parse(String(r.doc)) as StandardsState);
  return standardsReport(new Date(Date.UTC(2025, 6, from)).toISOString(), new Date(Date.UTC(2025, 6, to, 23, 59, 59, 999)).toISOString(), docs.sort((a, b) => a.seq - b.seq));
}

describe('standards report projection: stale verdicts', () => {
  it('given two verdicts, when the statement changes, then both go stale (one act each, with the reason and time)', () => {
    const log = reviewed().run(alice, { type: 'ReviseClaimDetails', claimId: 'c1', changes: { statement: 'Three men died in Yekaterinburg.' }, reason: 'Reworded' }, day(2));
    expect(actsOf(log)).toEqual([
      { kind: 'VERDICT_STALE', at: iso(2), verdictId: 'v-rita', reviewerId: 'rita', reason: "the claim's statement changed" },
      { kind: 'VERDICT_STALE', at: iso(2), verdictId: 'v-rafael', reviewerId: 'rafael', reason: "the claim's statement changed" },
    ]);
  });

  it('claimant and claim date count too; topics, appearances and language do not', () => {
    const log = reviewed().run(alice, { type: 'ReviseClaimDetails', claimId: 'c1', changes: { topics: ['deaths'], language: 'ru' }, reason: 'Retagged' }, day(2));
    expect(actsOf(log)).toEqual([]);
    log.run(alice, { type: 'ReviseClaimDetails', claimId: 'c1', changes: { claimant: { name: 'Trend', kind: 'ORGANIZATION' }, claimDate: '2025-06-27' }, reason: 'Source' }, day(3));
    expect(actsOf(log).map((a) => a.kind === 'VERDICT_STALE' && a.reason)).toEqual(["the claim's claimant, claimDate changed", "the claim's claimant, claimDate changed"]);
  });

  it('a cited citation\'s excerpt, url or stance makes only the verdicts citing it stale; its title does not', () => {
    const log = reviewed().run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k2', changes: { title: 'Retitled' }, reason: 'Typo' }, day(2));
    expect(actsOf(log)).toEqual([]);
    log.run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k2', changes: { excerpt: 'Something else entirely.' }, reason: 'Bait' }, day(3));
    expect(actsOf(log)).toEqual([{ kind: 'VERDICT_STALE', at: iso(3), verdictId: 'v-rafael', reviewerId: 'rafael', reason: "citation k2's excerpt changed" }]);
    log.run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k3', changes: { url: 'https://example.org/moved', stance: 'SUPPORTS' }, reason: 'Uncited' }, day(4));
    expect(actsOf(log)).toHaveLength(1);
  });

  it('a stale verdict stays stale (no second act) until revised; then a new change makes it stale again', () => {
    const log = reviewed()
      .run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k1', changes: { excerpt: 'Changed once.' }, reason: 'Bait' }, day(2))
      .run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k1', changes: { excerpt: 'Changed twice.' }, reason: 'Bait' }, day(3));
    expect(actsOf(log).map((a) => a.kind === 'VERDICT_STALE' && a.verdictId)).toEqual(['v-rita', 'v-rafael']);
    log
      .run(rita, { type: 'ReviseVerdict', claimId: 'c1', verdictId: 'v-rita', rationale: 'Re-read it.', reason: 'Source changed' }, day(4))
      .run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k1', changes: { excerpt: 'Changed thrice.' }, reason: 'Bait' }, day(5));
    expect(actsOf(log).map((a) => a.kind === 'VERDICT_STALE' && `${a.verdictId}@${a.at}`)).toEqual([`v-rita@${iso(2)}`, `v-rafael@${iso(2)}`, `v-rita@${iso(5)}`]);
    // The report counts distinct verdicts: Rita's twice-stale verdict is one of two.
    expect(reportOf(log, 1, 31).factChecks[0].staleVerdicts).toBe(2);
    expect(reportOf(log, 5, 5).factChecks[0].staleVerdicts).toBe(1);
  });

  it('a revision that drops the changed citation, and a confirmation (VerdictConfirmed), make the verdict current again', () => {
    const log = reviewed()
      .run(rafael, { type: 'ReviseVerdict', claimId: 'c1', verdictId: 'v-rafael', citationIds: ['k1'], reason: 'k2 is weak' }, day(2))
      .run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k2', changes: { excerpt: 'Changed.' }, reason: 'Bait' }, day(3));
    expect(actsOf(log)).toEqual([]);
    log.run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k1', changes: { excerpt: 'Changed.' }, reason: 'Bait' }, day(4));
    foreign(log, 'claim-c1', 'VerdictConfirmed', { claimId: 'c1', verdictId: 'v-rita', basis: { claimRevision: 9, citationHashes: {} }, by: ref(rita), at: iso(5) }, 5);
    log.run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k1', changes: { excerpt: 'Changed again.' }, reason: 'Bait' }, day(6));
    expect(actsOf(log).map((a) => a.kind === 'VERDICT_STALE' && `${a.verdictId}@${a.at}`)).toEqual([`v-rita@${iso(4)}`, `v-rafael@${iso(4)}`, `v-rita@${iso(6)}`]);
  });

  it('a withdrawn verdict does not go stale; v2 verdicts (with a basis) are read alike', () => {
    const log = reviewed().run(rita, { type: 'WithdrawVerdict', claimId: 'c1', verdictId: 'v-rita', reason: 'Second thoughts' }, day(2));
    foreign(log, 'claim-c1', 'VerdictRecorded', {
      claimId: 'c1', verdictId: 'v-rita-2', rating: 'FALSE', rationale: 'Again.', citationIds: ['k3'], basis: { claimRevision: 8, citationHashes: { k3: 'abc' } }, by: ref(rita), at: iso(2),
    }, 2);
    log.run(alice, { type: 'ReviseCitation', claimId: 'c1', citationId: 'k3', changes: { stance: 'CONTEXT' }, reason: 'Bait' }, day(3));
    expect(actsOf(log)).toEqual([{ kind: 'VERDICT_STALE', at: iso(3), verdictId: 'v-rita-2', reviewerId: 'rita', reason: "citation k3's stance changed" }]);
  });
});

describe('standards report projection: publications, corrections, retractions', () => {
  it('a publication counts the standing citations it rests on (those its verdicts cite: k1, k2, not k3) and the distinct reviewers of its verdicts; the consensus kept', () => {
    const log = reviewed().run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No one died.' }, day(3));
    expect(actsOf(log)).toEqual([
      { kind: 'PUBLISHED', at: iso(3), editorId: 'edgar', rating: 'FALSE', consensusRating: 'FALSE', justification: null, scaleVersion: expect.stringMatching(/^(default|custom-[0-9a-f]+)$/), sources: 2, reviewerIds: ['rafael', 'rita'] },
    ]);
    const [row] = reportOf(log, 3, 3).factChecks;
    expect(row).toMatchObject({ claimId: 'c1', statement: 'Two men died in Yekaterinburg.', published: 1, sources: 2, reviewers: 2, departures: 0, departedFromConsensus: false });
  });

  it('a retracted citation is not a source; a departure from the consensus is counted with its justification; the pinned scale version is kept', () => {
    const log = reviewed().run(edgar, { type: 'RetractCitation', claimId: 'c1', citationId: 'k3', reason: 'Doctored' }, day(2));
    foreign(log, 'claim-c1', 'FactCheckPublished', {
      claimId: 'c1', rating: 'MOSTLY_FALSE', summary: 'Mostly not.', consensusRating: 'FALSE', justification: 'One death is confirmed.', verdictIds: ['v-rita', 'v-rafael'],
      citationIds: ['k1', 'k2', 'k3'], methodology: { scaleVersion: 'scale-3f2a', scaleHash: '3f2a', scale: [], policy: {}, policyHash: 'p' }, by: ref(edgar), at: iso(3),
    }, 3);
    const report = reportOf(log, 1, 31);
    expect(report.factChecks[0]).toMatchObject({
      sources: 2, reviewers: 2, departures: 1, departedFromConsensus: true, rating: 'MOSTLY_FALSE', consensusRating: 'FALSE', justification: 'One death is confirmed.', scaleVersion: 'scale-3f2a',
    });
    expect(report.total).toMatchObject({ factChecks: 1, published: 1, sources: 2, reviewers: 2, departures: 1 });
  });

  it('with no consensus (the reviewers disagree) a publication departs from a reviewer\'s verdict, as the justification rule says; the justification is shown', () => {
    const log = new ClaimLog()
      .run(alice, submit('c1'), day(1))
      .run(alice, cite('c1', 'k1'), day(1))
      .run(alice, cite('c1', 'k2'), day(1)) // publishing needs two standing sources (PUBLISH_MIN_SOURCES)
      .run(edgar, { type: 'AssignReviewers', claimId: 'c1', reviewers: [ref(rita), ref(rafael)] }, day(1))
      .run(rita, verdict('c1', 'v-rita', ['k1'], 'FALSE'), day(1))
      .run(rafael, verdict('c1', 'v-rafael', ['k1'], 'MOSTLY_FALSE'), day(1))
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No.', justification: 'The register settles it.' }, day(2));
    expect(reportOf(log, 2, 2).factChecks[0]).toMatchObject({ departures: 1, departedFromConsensus: true, consensusRating: null, justification: 'The register settles it.' });
  });

  it('corrections and retractions count on their own days; the sources then include the citations a correction added', () => {
    const log = reviewed()
      .run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No one died.' }, day(3))
      .run(alice, cite('c1', 'k4'), day(4))
      .run(edgar, { type: 'CorrectFactCheck', claimId: 'c1', note: 'A new source.', addedCitationIds: ['k4'] }, day(5))
      .run(edgar, { type: 'RetractFactCheck', claimId: 'c1', note: 'Wrong claim.' }, day(6));
    expect(reportOf(log, 5, 5).factChecks[0]).toMatchObject({ published: 0, corrections: 1, sources: 3, reviewers: 2, retractions: 0, departedFromConsensus: null, rating: null });
    expect(reportOf(log, 6, 6).factChecks[0]).toMatchObject({ published: 0, corrections: 0, sources: null, reviewers: null, retractions: 1 });
    expect(reportOf(log, 1, 31).total).toMatchObject({ factChecks: 1, published: 1, corrections: 1, retractions: 1, sources: 3 });
    expect(reportOf(log, 7, 31).factChecks).toEqual([]);
  });
});

describe('standards report projection: correction requests and refused self-reviews', () => {
  const requested = (log: ClaimLog, requestId: string, n: number, claimId = 'c1') =>
    foreign(log, `correction-request-${requestId}`, 'CorrectionRequested', { requestId, claimId, problem: 'Wrong date', evidenceUrl: null, hasContact: false, at: iso(n) }, n);
  const accepted = (log: ClaimLog, requestId: string, n: number, correctionNumber = 1) =>
    foreign(log, `correction-request-${requestId}`, 'CorrectionRequestAccepted', { requestId, claimId: 'c1', by: ref(edgar), at: iso(n), correctionNumber, correctedAt: iso(n) }, n);

  it('each answered request counts the time from the request to its correction; the median is over the requests answered in the period', () => {
    const log = reviewed().run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No.' }, day(2));
    requested(log, 'r1', 3);
    requested(log, 'r2', 4);
    requested(log, 'r3', 5);
    foreign(log, 'correction-request-r3', 'CorrectionRequestAcknowledged', { requestId: 'r3', claimId: 'c1', by: ref(edgar), at: iso(5) }, 5);
    foreign(log, 'correction-request-r3', 'CorrectionRequestDeclined', { requestId: 'r3', claimId: 'c1', by: ref(edgar), at: iso(6), publicReason: 'The date is right.' }, 6);
    log.run(edgar, { type: 'CorrectFactCheck', claimId: 'c1', note: 'Date fixed.', newSummary: 'Not so.' }, day(7));
    accepted(log, 'r1', 7);
    accepted(log, 'r2', 7);
    const whole = reportOf(log, 1, 31);
    // r1 waited 4 days, r2 3 days: the median of two is their mean.
    expect(whole.factChecks[0]).toMatchObject({ correctionRequests: 3, requestsDeclined: 1, requestsAnswered: 2, medianSecondsRequestToCorrection: 3.5 * 86400, corrections: 1 });
    expect(whole.total.medianSecondsRequestToCorrection).toBe(3.5 * 86400);
    // Counted by the time of the act: the requests in their week, their answers in theirs.
    expect(reportOf(log, 3, 6).factChecks[0]).toMatchObject({ correctionRequests: 3, requestsDeclined: 1, requestsAnswered: 0, medianSecondsRequestToCorrection: null });
    expect(reportOf(log, 7, 7).factChecks[0]).toMatchObject({ correctionRequests: 0, requestsAnswered: 2, medianSecondsRequestToCorrection: 3.5 * 86400 });
  });

  it('the total median is over every answered request, not a median of the fact-checks\' medians', () => {
    const log = reviewed('c1').run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No.' }, day(2));
    const other = reviewed('c2').run(edgar, { type: 'PublishFactCheck', claimId: 'c2', rating: 'FALSE', summary: 'No.' }, day(2));
    other.events.forEach((e) => log.record({ ...e }));
    // c1: requests answered after 1 and 2 days; c2: after 9 days.
    requested(log, 'a', 10);
    requested(log, 'b', 10);
    requested(log, 'c', 10, 'c2');
    accepted(log, 'a', 11);
    accepted(log, 'b', 12);
    foreign(log, 'correction-request-c', 'CorrectionRequestAccepted', { requestId: 'c', claimId: 'c2', by: ref(edgar), at: iso(19), correctionNumber: 1, correctedAt: iso(19) }, 19);
    const report = reportOf(log, 1, 31);
    expect(report.factChecks.map((f) => f.medianSecondsRequestToCorrection)).toEqual([1.5 * 86400, 9 * 86400]);
    expect(report.total.medianSecondsRequestToCorrection).toBe(2 * 86400);
  });

  it('refused self-reviews (stream desk-refusals) count on the claim they concern; one for a claim the log does not hold is ignored', () => {
    const log = reviewed();
    foreign(log, 'desk-refusals', 'SelfReviewRefused', { claimId: 'c1', actor: ref(alice), attempted: 'RecordVerdict', at: iso(2) }, 2);
    foreign(log, 'desk-refusals', 'SelfReviewRefused', { claimId: 'c1', actor: ref(alice), attempted: 'AssignReviewers', at: iso(3) }, 3);
    foreign(log, 'desk-refusals', 'SelfReviewRefused', { claimId: 'nowhere', actor: ref(alice), attempted: 'RecordVerdict', at: iso(3) }, 3);
    expect(reportOf(log, 1, 31).factChecks).toEqual([expect.objectContaining({ claimId: 'c1', refusedSelfReviews: 2, published: 0 })]);
    expect(reportOf(log, 1, 31).total).toMatchObject({ factChecks: 0, refusedSelfReviews: 2, sources: null, reviewers: null });
    expect(givenEvents(standardsReportProjection, log.events).tables().standards_claims.map((r) => r.claim_id)).toEqual(['c1']);
  });

  it('events the report does not count (notes, or types it does not know in a claim stream) are skipped, not failures', () => {
    const log = reviewed();
    foreign(log, 'claim-notes-c1', 'NotePosted', { claimId: 'c1', noteId: 'n1', text: 'Look at k2', replyTo: null, mentions: [], by: ref(rita), at: iso(2) }, 2);
    foreign(log, 'claim-c1', 'SomethingNew', { claimId: 'c1', by: ref(rita), at: iso(2) }, 2);
    expect(actsOf(log)).toEqual([]);
  });

  it('the acts table holds one row per act with its kind and time, for the period query', () => {
    const log = reviewed().run(edgar, { type: 'PublishFactCheck', claimId: 'c1', rating: 'FALSE', summary: 'No.' }, day(3));
    foreign(log, 'desk-refusals', 'SelfReviewRefused', { claimId: 'c1', actor: ref(alice), attempted: 'RecordVerdict', at: '2025-07-04T14:00:00+02:00' }, 4);
    givenEvents(standardsReportProjection, log.events).thenRows('standards_acts', [
      { claim_id: 'c1', n: 0, kind: 'PUBLISHED', at: iso(3) },
      { claim_id: 'c1', n: 1, kind: 'SELF_REVIEW_REFUSED', at: iso(4) },
    ]);
  });
});

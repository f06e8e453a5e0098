import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { ReadModelsService } from '../../src/projections/read-models.service';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * The standards report over real HTTP, on a real server and the embedded store: a bait-and-switch
 * (statement and a cited excerpt revised after both verdicts) shows up as stale verdicts; the
 * publication, its correction, a retraction, an answered correction request and a refused
 * self-review are counted; GraphQL, JSON and CSV agree; only editors may read it.
 */
describe('the standards report (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let rafael: DeskClient;
  let edgar: DeskClient;
  let editorToken: string;
  let reviewerToken: string;
  let claimId: string;
  let retractedId: string;
  const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);

  const REPORT = `query ($from: DateTime, $to: DateTime) { standardsReport(from: $from, to: $to) {
    from to
    factChecks { claimId statement published sources reviewers reviewerIds departures departedFromConsensus consensusRating rating justification editorId scaleVersion
      corrections correctionRequests requestsDeclined requestsAnswered medianSecondsRequestToCorrection retractions staleVerdicts refusedSelfReviews }
    total { factChecks published sources reviewers reviewerIds departures corrections correctionRequests requestsDeclined requestsAnswered
      medianSecondsRequestToCorrection retractions staleVerdicts refusedSelfReviews }
  } }`;

  const get = (path: string, token?: string) => fetch(`${app.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

  const claimInput = (statement: string) => ({
    statement,
    claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
    claimDate: '2025-06-28',
    appearances: [{ url: 'https://en.trend.az/raids', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
    language: 'en',
    topics: ['police'],
  });
  const citation = (id: string, n: number) => ({
    claimId: id, url: `https://example.org/source-${n}`, title: `Source ${n}`, publisher: 'Example', publishedAt: '2025-06-29', excerpt: `Verbatim excerpt ${n}.`, stance: 'REFUTES',
  });

  /** A claim with two citations, both reviewers' verdicts on both; answers the ids. */
  async function reviewed(statement: string) {
    const { claimId: id } = await alice.ok('submitClaim', claimInput(statement));
    const c1 = (await alice.ok('addCitation', citation(id, 1))).citationId as string;
    const c2 = (await alice.ok('addCitation', citation(id, 2))).citationId as string;
    await edgar.ok('assignReviewers', { claimId: id, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }] });
    const v1 = (await rita.ok('recordVerdict', { claimId: id, rating: 'FALSE', rationale: 'Officials reported one death.', citationIds: [c1, c2] })).verdictId as string;
    const v2 = (await rafael.ok('recordVerdict', { claimId: id, rating: 'FALSE', rationale: 'Two outlets count one.', citationIds: [c1, c2] })).verdictId as string;
    return { id, c1, c2, v1, v2 };
  }

  beforeAll(async () => {
    app = await startTestApp();
    const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
    alice = await as('alice', 'Alice Contributor', ['contributor']);
    rita = await as('rita', 'Rita Reviewer', ['reviewer']);
    rafael = await as('rafael', 'Rafael Reviewer', ['reviewer']);
    edgar = await as('edgar', 'Edgar Editor', ['editor']);
    editorToken = edgar.token;
    reviewerToken = rita.token;

    // The bait-and-switch of issue 13: after both verdicts, the submitter rewrites the statement and a cited excerpt.
    const bait = await reviewed('=HYPERLINK("https://evil.example") Two people died in the raids.');
    claimId = bait.id;
    await alice.ok('reviseClaimDetails', { claimId, statement: '=HYPERLINK("https://evil.example") Three people died in the raids.', reason: 'Reworded' });
    await alice.ok('reviseCitation', { claimId, citationId: bait.c1, excerpt: 'Something the reviewers never read.', reason: 'Updated' });
    // Both reviewers look again and revise; then the editor publishes, departing from their consensus with a reason.
    await rita.ok('reviseVerdict', { claimId, verdictId: bait.v1, rationale: 'Re-read the new excerpt.', reason: 'The claim changed' });
    await rafael.ok('reviseVerdict', { claimId, verdictId: bait.v2, rationale: 'Re-read the new excerpt.', reason: 'The claim changed' });
    await edgar.ok('publishFactCheck', { claimId, rating: 'MOSTLY_FALSE', summary: 'One death is confirmed.', justification: 'A third source confirms one death.' });

    // A reader's correction request (the corrections feature's events), answered by a correction.
    const store = app.app.get<EventStore>(EVENT_STORE);
    const requestedAt = new Date(Date.now() - 3_600_000).toISOString();
    await store.append('correction-request-req-1', [
      { type: 'CorrectionRequested', data: { requestId: 'req-1', claimId, problem: 'The date is wrong', evidenceUrl: null, hasContact: false, at: requestedAt }, metadata: { schemaVersion: 1 } },
    ]);
    await edgar.ok('correctFactCheck', { claimId, note: 'The date was wrong.', newSummary: 'One death is confirmed, on 27 June.' });
    const correctedAt = new Date().toISOString();
    await store.append('correction-request-req-1', [
      { type: 'CorrectionRequestAccepted', data: { requestId: 'req-1', claimId, by: { id: 'edgar', name: 'Edgar Editor' }, at: correctedAt, correctionNumber: 1, correctedAt }, metadata: { schemaVersion: 1 } },
    ]);
    // A refused self-review (the integrity feature's event).
    const refused = await store.append('desk-refusals', [
      { type: 'SelfReviewRefused', data: { claimId, actor: { id: 'alice', name: 'Alice Contributor' }, attempted: 'RecordVerdict', at: new Date().toISOString() }, metadata: { schemaVersion: 1 } },
    ]);

    const other = await reviewed('Forty people were detained.');
    retractedId = other.id;
    await edgar.ok('publishFactCheck', { claimId: retractedId, rating: 'FALSE', summary: 'Far fewer.' });
    await edgar.ok('retractFactCheck', { claimId: retractedId, note: 'The claim was misattributed.' });
    // The report's read model, not the mutation's answer, is under test: wait until it holds every event above.
    await app.app.get(ReadModelsService).waitFor(refused.position);
  });
  afterAll(async () => app.close());

  it('GraphQL: the bait-and-switch shows as stale verdicts; sources, reviewers, departure, correction, request and refusal are counted', async () => {
    const { data, errors } = await app.graphql<{ standardsReport: any }>(REPORT, { from: yesterday, to: tomorrow }, editorToken);
    expect(errors).toBeUndefined();
    const report = data!.standardsReport;
    expect(report.from).toBe(`${yesterday}T00:00:00.000Z`);
    expect(report.to).toBe(`${tomorrow}T23:59:59.999Z`);
    const [bait, retracted] = report.factChecks;
    expect(bait).toMatchObject({
      claimId, published: 1, sources: 2, reviewers: 2, reviewerIds: ['rafael', 'rita'], departures: 1, departedFromConsensus: true, consensusRating: 'FALSE',
      rating: 'MOSTLY_FALSE', justification: 'A third source confirms one death.', editorId: 'edgar', corrections: 1, correctionRequests: 1, requestsAnswered: 1,
      retractions: 0, staleVerdicts: 2, refusedSelfReviews: 1,
    });
    expect(bait.medianSecondsRequestToCorrection).toBeGreaterThanOrEqual(3600);
    expect(retracted).toMatchObject({ claimId: retractedId, published: 1, retractions: 1, staleVerdicts: 0, departedFromConsensus: false });
    expect(report.total).toMatchObject({ factChecks: 2, published: 2, sources: 4, reviewers: 2, departures: 1, corrections: 1, retractions: 1, staleVerdicts: 2, refusedSelfReviews: 1, requestsAnswered: 1 });
  });

  it('a period before any of it holds nothing; a malformed or reversed period is refused', async () => {
    const empty = await app.graphql<{ standardsReport: any }>(REPORT, { from: '2020-01-01', to: '2020-12-31' }, editorToken);
    expect(empty.data!.standardsReport.factChecks).toEqual([]);
    expect(empty.data!.standardsReport.total).toMatchObject({ factChecks: 0, published: 0, sources: null, medianSecondsRequestToCorrection: null });
    const bad = await app.graphql(REPORT, { from: '12/01/2026' }, editorToken);
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    const reversed = await app.graphql(REPORT, { from: tomorrow, to: yesterday }, editorToken);
    expect(reversed.errors?.[0]).toMatchObject({ message: 'from must not be after to', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('editors only: anonymous is UNAUTHENTICATED, a reviewer FORBIDDEN, over GraphQL and HTTP', async () => {
    expect((await app.graphql(REPORT, {})).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    expect((await app.graphql(REPORT, {}, reviewerToken)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    for (const path of ['/standards-report.json', '/standards-report.csv']) {
      expect((await get(path)).status).toBe(401);
      expect((await get(path, 'not-a-jwt')).status).toBe(401);
      const forbidden = await get(path, reviewerToken);
      expect(forbidden.status).toBe(403);
      expect(await forbidden.json()).toMatchObject({ code: 'FORBIDDEN' });
    }
  });

  it('JSON over HTTP is the GraphQL report; a bad bound is a 400 naming the field', async () => {
    const query = `?from=${yesterday}&to=${tomorrow}`;
    const response = await get(`/standards-report.json${query}`, editorToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const viaGraphql = (await app.graphql<{ standardsReport: any }>(REPORT, { from: yesterday, to: tomorrow }, editorToken)).data!.standardsReport;
    expect(await response.json()).toEqual(viaGraphql);
    const bad = await get('/standards-report.json?from=2025', editorToken);
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_USER_INPUT', field: 'from' });
    expect((await get('/standards-report.json?from=2025-01-01&from=2025-02-01', editorToken)).status).toBe(400);
    // The same date-time rule as GraphQL's DateTime: out of UTC years 0000-9999 or without seconds refused, lower-case t/z taken.
    for (const refused of ['?from=0000-01-01T00:00:00%2B01:00', '?to=9999-12-31T23:59:59-01:00', '?from=2025-06-29T10:15Z']) {
      const answer = await get(`/standards-report.json${refused}`, editorToken);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('RFC 3339') });
    }
    expect((await get('/standards-report.json?to=2025-06-29t10:15:00z', editorToken)).status).toBe(200);
    // A misspelt bound is refused rather than read as "the whole log".
    for (const misspelt of ['?From=2026-12-31', '?from[]=2026-12-31', '?since=2026-01-01']) {
      const answer = await get(`/standards-report.csv${misspelt}`, editorToken);
      expect(answer.status).toBe(400);
      expect(await answer.json()).toMatchObject({ code: 'BAD_USER_INPUT', message: expect.stringContaining('only from and to') });
    }
  });

  it('CSV over HTTP: UTF-8 with a header row, one line per fact-check and a total; the formula in a statement is defused', async () => {
    const response = await get(`/standards-report.csv?from=${yesterday}&to=${tomorrow}`, editorToken);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="standards-report_${yesterday}_${tomorrow}.csv"`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.slice(3));
    const lines = text.split('\r\n');
    expect(lines.pop()).toBe('');
    expect(lines[0].split(',')).toEqual(expect.arrayContaining(['row', 'claimId', 'statement', 'sources', 'reviewers', 'staleVerdicts', 'refusedSelfReviews', 'medianSecondsRequestToCorrection']));
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`fact-check,${yesterday}T00:00:00.000Z,${tomorrow}T23:59:59.999Z,${claimId},"'=HYPERLINK(""https://evil.example"") Three people died in the raids.",1,MOSTLY_FALSE,FALSE,true,1,`);
    expect(lines[3]).toMatch(/^total,/);
  });
});

/**
 * A format-2 case file through the real endpoint on the real embedded store: every act becomes an
 * event with its person and its own time, the read model, time travel and ClaimReview follow the acts'
 * times, and importing again keeps every claim's identity.
 */
import { randomUUID } from 'node:crypto';
import type { CaseFileV2 } from '../../src/case-file/case-file.types';
import type { CaseAct as CaseActV2 } from '../../src/case-file/case-file.v2.types';
import { smallCaseV2 } from '../support/small-case';
import { startTestApp, TestApp } from '../support/test-app';
import { allEvents, importerToken, postImport } from '../case-import/import-http';

interface HistoryNode {
  type: string;
  occurredAt: string;
  recordedAt: string;
  actor: { id: string; name: string };
}

const HISTORY = `query($id: ID!) { claimHistory(claimId: $id, first: 100) { edges { node { type occurredAt recordedAt actor { id name } } } } }`;

describe('importing a format-2 case (e2e)', () => {
  let app: TestApp;
  let token: string;
  let editor: string;
  let claimIds: Record<string, string>;
  let importedAt: number;

  beforeAll(async () => {
    app = await startTestApp();
    token = await importerToken(app);
    editor = await app.token({ sub: 'elena', name: 'Elena Editor', roles: ['editor'] });
    importedAt = Date.now();
    const answer = await postImport(app.url, smallCaseV2(), { token });
    expect(answer.body.problems).toBeUndefined();
    expect(answer.status).toBe(200);
    claimIds = Object.fromEntries(answer.body.claims.map((c: { key: string; claimId: string }) => [c.key, c.claimId]));
  });
  afterAll(async () => app.close());

  it('answers with the statuses the service holds, every act written once', async () => {
    const again = await postImport(app.url, smallCaseV2(), { token, dryRun: true });
    expect(again.status).toBe(200);
    const acts = smallCaseV2().claims.reduce((n, c) => n + c.acts.length, 0);
    expect(again.body.acts).toEqual({ total: acts, written: 0, alreadyImported: acts });
    expect(again.body.claims.map((c: { key: string; status: string }) => [c.key, c.status])).toEqual([
      ['deaths', 'PUBLISHED'],
      ['contempt', 'RETRACTED'],
      ['detained', 'IN_REVIEW'],
    ]);
  });

  it('keeps each act\'s person and time in the history, beside the time it was recorded', async () => {
    for (const claim of smallCaseV2().claims) {
      const response = await app.graphql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimIds[claim.key] }, editor);
      expect(response.errors).toBeUndefined();
      const nodes = response.data!.claimHistory.edges.map((e) => e.node);
      // One act may record more than one event (a publication also marks verdicts); each act's time appears, in order.
      const actTimes = claim.acts.map((act) => new Date(act.at).toISOString());
      const eventTimes = [...new Set(nodes.map((n) => n.occurredAt))];
      expect(eventTimes).toEqual([...new Set(actTimes)]);
      const people = smallCaseV2().people;
      expect(new Set(nodes.map((n) => n.actor.name))).toEqual(new Set(claim.acts.map((act) => people[act.by].name)));
      for (const node of nodes) expect(Date.parse(node.recordedAt)).toBeGreaterThanOrEqual(importedAt - 1000);
    }
  });

  it('travels in time by when the acts happened, and dates the ClaimReview by them', async () => {
    const asOf = `query($id: ID!, $at: DateTime!) { claimAsOf(claimId: $id, at: $at) { existed by claim { status verdicts { rating } } } }`;
    const before = await app.graphql<{ claimAsOf: { existed: boolean } }>(asOf, { id: claimIds.deaths, at: '2025-06-29T00:00:00Z' }, editor);
    expect(before.data!.claimAsOf.existed).toBe(false);
    const inReview = await app.graphql<{ claimAsOf: { existed: boolean; by: string; claim: { status: string; verdicts: unknown[] } } }>(asOf, { id: claimIds.deaths, at: '2025-07-01T00:00:00Z' }, editor);
    expect(inReview.data!.claimAsOf).toMatchObject({ existed: true, by: 'ACTED', claim: { status: 'IN_REVIEW' } });
    expect(inReview.data!.claimAsOf.claim.verdicts).toHaveLength(2);

    const review = await fetch(`${app.url}/claims/${claimIds.deaths}/claim-review.jsonld`);
    expect(review.status).toBe(200);
    const document = (await review.json()) as { datePublished: string; dateModified?: string };
    expect(document.datePublished).toBe('2025-07-02');
    expect(document.dateModified).toBe('2025-07-03');
  });

  it('recognises the case whatever its slug, and refuses a changed person or time of an imported act at its place', async () => {
    const renamed = { ...smallCaseV2(), slug: 'small-case-renamed', title: 'Renamed' };
    const again = await postImport(app.url, renamed, { token });
    expect(again.status).toBe(200);
    expect(again.body.acts.written).toBe(0);
    expect(Object.fromEntries(again.body.claims.map((c: { key: string; claimId: string }) => [c.key, c.claimId]))).toEqual(claimIds);

    const before = await allEvents(app);
    const otherPerson = smallCaseV2();
    (otherPerson.claims[0].acts[1] as CaseActV2).by = 'elena';
    const person = await postImport(app.url, otherPerson, { token });
    expect(person.status).toBe(422);
    expect(person.body.problems).toEqual([expect.objectContaining({ path: 'claims[0].acts[1]', code: 'ALREADY_IMPORTED_CHANGED', message: expect.stringMatching(/"carla"/) })]);

    const otherTime = smallCaseV2();
    otherTime.claims[2].acts[2].at = '2025-06-30T12:21:00Z';
    const time = await postImport(app.url, otherTime, { token });
    expect(time.status).toBe(422);
    expect(time.body.problems).toEqual([expect.objectContaining({ path: 'claims[2].acts[2].at', code: 'ALREADY_IMPORTED_CHANGED' })]);

    const newId: CaseFileV2 = { ...smallCaseV2(), id: randomUUID() };
    const copy = await postImport(app.url, newId, { token });
    expect(copy.status).toBe(422);
    expect(copy.body.problems[0]).toMatchObject({ code: 'CASE_ALREADY_IMPORTED', message: expect.stringContaining(smallCaseV2().id) });
    expect(await allEvents(app)).toEqual(before);
  });

  it('adds a later act alone, at its own time', async () => {
    const file = smallCaseV2();
    file.claims[2].acts.push({ act: 'reviseVerdict', by: 'rustam', at: '2025-07-04T10:00:00Z', verdict: 'rustam-1', rationale: 'The police records agree, in full.', reason: 'The full excerpt says more.' } as CaseActV2);
    const answer = await postImport(app.url, file, { token });
    expect(answer.body.problems).toBeUndefined();
    expect(answer.body.claims[2]).toMatchObject({ key: 'detained', written: 1, alreadyImported: file.claims[2].acts.length - 1 });
    const response = await app.graphql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimIds.detained }, editor);
    const last = response.data!.claimHistory.edges.at(-1)!.node;
    expect(last).toMatchObject({ type: 'VerdictRevised', occurredAt: '2025-07-04T10:00:00.000Z', actor: { id: 'rustam' } });
  });

  it('refuses a file whose last act breaks a rule, writing none of it', async () => {
    const file: CaseFileV2 = { ...smallCaseV2(), id: randomUUID(), slug: 'another-case' };
    for (const claim of file.claims) {
      const submit = claim.acts[0] as CaseActV2 & { statement: string };
      submit.statement = `${submit.statement} (another case)`;
    }
    // A contributor cannot record a verdict: the very last act of the file.
    file.claims[2].acts.push({ act: 'verdict', by: 'carla', at: '2025-07-04T10:00:00Z', key: 'carla-1', rating: 'TRUE', rationale: 'Mine.', citations: ['police'] } as CaseActV2);
    const before = await allEvents(app);
    const answer = await postImport(app.url, file, { token });
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([expect.objectContaining({ path: `claims[2].acts[${file.claims[2].acts.length - 1}]` })]);
    expect(await allEvents(app)).toEqual(before);
  });
});

import { claimStream } from '../../src/claims/application/claim-stream';
import { DESK_POLICY } from '../../src/claims/application/desk-policy';
import type { DeskPolicy } from '../../src/claims/domain/commands';
import { EVENT_STORE, EventStore, NO_STREAM } from '../../src/event-store/event-store.port';
import { ReadModelsService } from '../../src/projections/read-models.service';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';
import { decidePast, december2024, edgar as edgarActor, PastAct, rita as ritaActor } from '../audit/support/past-acts';

const HISTORY = `query($id: ID!) { claimHistory(claimId: $id, first: 100) { edges { node { type stream revision recordedAt occurredAt data } } } }`;
const AS_OF = `query($id: ID!, $at: DateTime!, $by: AsOfClock) {
  claimAsOf(claimId: $id, at: $at, by: $by) { existed message revision recordedAt occurredAt by claim { id status updatedAt recordedAt corrections { at } publication { publishedAt } } }
}`;

interface HistoryNode {
  type: string;
  stream: string;
  revision: number;
  recordedAt: string;
  occurredAt: string;
  data: { at?: string };
}

/**
 * An archive's acts (December 2024 – January 2025) written as the import writes them: decided by the
 * pure domain with `now` = each act's time, stamped by `decideAndStamp`, appended to the real store
 * today. Then everything is read over HTTP.
 */
describe('acted and recorded times (e2e)', () => {
  let app: TestApp;
  let edgar: DeskClient;
  let rita: DeskClient;
  let acts: PastAct[];
  let importedAt: number;
  const claimId = 'archive-airport-2024';

  beforeAll(async () => {
    app = await startTestApp();
    edgar = new DeskClient(app, await app.token({ sub: edgarActor.id, name: edgarActor.name, roles: ['editor'] }));
    rita = new DeskClient(app, await app.token({ sub: ritaActor.id, name: ritaActor.name, roles: ['reviewer'] }));
    acts = december2024(claimId);
    const { stored } = decidePast(acts, app.app.get<DeskPolicy>(DESK_POLICY));
    importedAt = Date.now();
    const result = await app.app.get<EventStore>(EVENT_STORE).append(claimStream(claimId), stored, NO_STREAM);
    await app.app.get(ReadModelsService).waitFor(result.position);
  });

  afterAll(() => app?.close());

  const gql = async <T>(query: string, variables: Record<string, unknown>, client: DeskClient = edgar) => {
    const response = await app.graphql<T>(query, variables, client.token);
    expect(response.errors).toBeUndefined();
    return response.data!;
  };
  const history = async () => (await gql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimId })).claimHistory.edges.map((e) => e.node);

  it('claimAsOf a day after the last act, by default, shows the claim as the desk had it then: published and corrected', async () => {
    const { claimAsOf } = await gql<{ claimAsOf: any }>(AS_OF, { id: claimId, at: '2025-01-15' });
    expect(claimAsOf).toMatchObject({ existed: true, by: 'ACTED', occurredAt: '2025-01-10T07:45:00.000Z', claim: { status: 'PUBLISHED', updatedAt: '2025-01-10T07:45:00.000Z' } });
    expect(claimAsOf.claim.publication.publishedAt).toBe('2024-12-20T12:00:00.000Z');
    expect(claimAsOf.claim.corrections).toEqual([{ at: '2025-01-10T07:45:00.000Z' }]);
    // Recorded today, by the import.
    expect(Date.parse(claimAsOf.recordedAt)).toBeGreaterThanOrEqual(importedAt);
    expect(claimAsOf.claim.recordedAt).toBe(claimAsOf.recordedAt);
    // An explicit null is the default clock too.
    expect((await gql<{ claimAsOf: any }>(AS_OF, { id: claimId, at: '2025-01-15', by: null })).claimAsOf).toEqual(claimAsOf);
  });

  it('claimAsOf between two acts, by ACTED, stands as after the earlier one', async () => {
    const { claimAsOf } = await gql<{ claimAsOf: any }>(AS_OF, { id: claimId, at: '2024-12-15T00:00:00Z', by: 'ACTED' });
    expect(claimAsOf).toMatchObject({ existed: true, occurredAt: '2024-12-11T15:30:00.000Z', claim: { status: 'IN_REVIEW', publication: null, corrections: [] } });
  });

  it('claimAsOf the same day by RECORDED: the service did not hold it yet, and the message names both times', async () => {
    const { claimAsOf } = await gql<{ claimAsOf: any }>(AS_OF, { id: claimId, at: '2025-01-15', by: 'RECORDED' });
    expect(claimAsOf).toMatchObject({ existed: false, by: 'RECORDED', revision: null, claim: null });
    const [first] = await history();
    expect(claimAsOf.message).toBe(
      `Claim ${claimId} did not exist yet in the service at 2025-01-15T00:00:00.000Z: it was submitted at 2024-12-03T09:15:00.000Z (acted), recorded at ${first.recordedAt}`,
    );
    // By RECORDED, now: all of it.
    const now = (await gql<{ claimAsOf: any }>(AS_OF, { id: claimId, at: new Date().toISOString(), by: 'RECORDED' })).claimAsOf;
    expect(now).toMatchObject({ existed: true, claim: { status: 'PUBLISHED' } });
  });

  it('claimAsOf before the submission happened: "did not exist yet", naming when it was submitted and when it was recorded', async () => {
    const { claimAsOf } = await gql<{ claimAsOf: any }>(AS_OF, { id: claimId, at: '2024-12-01' });
    expect(claimAsOf.existed).toBe(false);
    expect(claimAsOf.message).toMatch(/did not exist yet at 2024-12-01T00:00:00\.000Z: it was submitted at 2024-12-03T09:15:00\.000Z \(acted\), recorded at 20\d\d-/);
  });

  it('claimHistory gives every event both times: the act\'s from the archive, the store\'s from today; then an act through the API and a note carry both, the act\'s a moment before the store\'s', async () => {
    const imported = await history();
    expect(imported.length).toBeGreaterThanOrEqual(acts.length);
    for (const node of imported) {
      expect(Date.parse(node.recordedAt)).toBeGreaterThanOrEqual(importedAt);
      // The act's time, in the metadata and in the data alike (the import decides with now = the act's time).
      expect(node.occurredAt).toBe(node.data.at);
      expect(Date.parse(node.occurredAt)).toBeLessThan(Date.parse('2025-02-01'));
    }
    expect(imported.filter((n) => n.type === 'FactCheckPublished').map((n) => n.occurredAt)).toEqual(['2024-12-20T12:00:00.000Z']);

    const before = Date.now();
    await edgar.ok('correctFactCheck', { claimId, note: 'The second terminal reopened at noon.', newSummary: 'Flights left and landed all day; the second terminal from noon.' });
    const posted = await app.graphql('mutation($input: PostNoteInput!) { postNote(input: $input) { claimId } }', { input: { claimId, text: 'Check the terminal timetable again.' } }, rita.token);
    expect(posted.errors).toBeUndefined();

    const later = (await history()).filter((n) => n.type === 'FactCheckCorrected' || n.type === 'NotePosted').filter((n) => Date.parse(n.occurredAt) >= before);
    expect(later.map((n) => n.type).sort()).toEqual(['FactCheckCorrected', 'NotePosted']);
    for (const node of later) {
      expect(Date.parse(node.occurredAt)).toBeLessThanOrEqual(Date.parse(node.recordedAt));
      expect(Date.parse(node.recordedAt)).toBeGreaterThanOrEqual(before);
    }
    expect(later.find((n) => n.type === 'NotePosted')!.stream).toBe(`claim-notes-${claimId}`);
  });

  it('the ClaimReview and the desk\'s list give the acts\' dates, not the day of the import', async () => {
    const { claim } = await gql<{ claim: { claimReview: any; submittedAt: string } }>('query($id: ID!) { claim(id: $id) { submittedAt claimReview } }', { id: claimId });
    expect(claim.submittedAt).toBe('2024-12-03T09:15:00.000Z');
    expect(claim.claimReview.datePublished).toBe('2024-12-20');
    expect(claim.claimReview.correction[0]).toMatchObject({ datePublished: '2025-01-10' });

    const list = await gql<{ claims: { edges: { node: { id: string; submittedAt: string; publication: { publishedAt: string } | null } }[] } }>(
      'query { claims(first: 10) { edges { node { id submittedAt publication { publishedAt } } } } }',
      {},
    );
    expect(list.claims.edges.map((e) => e.node)).toContainEqual({ id: claimId, submittedAt: '2024-12-03T09:15:00.000Z', publication: { publishedAt: '2024-12-20T12:00:00.000Z' } });
  });
});

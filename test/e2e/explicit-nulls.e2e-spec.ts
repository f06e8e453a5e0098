import { claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Typed clients send `null` for an empty search box or an unset bound. On filters and query arguments that
 * means what leaving the field out means; mutation inputs keep refusing it (an event keeps what it is given).
 */
describe('explicit null on filters and query arguments (e2e)', () => {
  let app: TestApp;
  let editor: DeskClient;

  beforeAll(async () => {
    app = await startTestApp();
    editor = new DeskClient(app, await app.token({ sub: 'edgar', name: 'Edgar Editor', roles: ['editor'] }));
    await editor.ok('submitClaim', claimInput('Explicit nulls find this claim.'));
  });
  afterAll(async () => app.close());

  const same = async (query: string, withNulls: Record<string, unknown>, without: Record<string, unknown>) => {
    const a = await app.graphql(query, withNulls, editor.token);
    const b = await app.graphql(query, without, editor.token);
    expect(a.errors).toBeUndefined();
    expect(a.data).toEqual(b.data);
    return a.data;
  };

  it('claims: every ClaimFilterInput field given as null filters nothing', async () => {
    const filter = Object.fromEntries(
      ['search', 'claimant', 'language', 'status', 'rating', 'topic', 'assigneeId', 'submittedBy', 'awaitingVerdictFrom', 'published', 'claimDateFrom', 'claimDateTo', 'publishedFrom', 'publishedTo'].map((f) => [f, null]),
    );
    const data = await same('query($f: ClaimFilterInput, $after: String) { claims(filter: $f, after: $after) { totalCount } }', { f: filter, after: null }, { f: {} });
    expect((data as { claims: { totalCount: number } }).claims.totalCount).toBe(1);
  });

  it('standardsReport(from: null, to: null), correctionRequests and actorActivity filters with nulls', async () => {
    await same('query($from: DateTime, $to: DateTime) { standardsReport(from: $from, to: $to) { from to } }', { from: null, to: null }, {});
    await same('query($f: CorrectionRequestFilterInput) { correctionRequests(filter: $f) { totalCount } }', { f: { status: null, claimId: null } }, { f: {} });
    await same('query($f: ActivityFilterInput) { actorActivity(actorId: "edgar", filter: $f) { edges { cursor } } }', { f: { from: null, to: null, eventTypes: null } }, { f: {} });
  });

  it('a mutation input still refuses null where a value would be stored', async () => {
    const response = await app.graphql('mutation($i: SubmitClaimInput!) { submitClaim(input: $i) { claimId } }', { i: { ...claimInput('Null topics.'), topics: null } }, editor.token);
    expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
  });
});

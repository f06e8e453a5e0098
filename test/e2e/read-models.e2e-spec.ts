import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { dumpReadModels } from '../support/read-model-dump';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

const LIST = `query($filter: ClaimFilterInput, $first: Int, $after: String, $sort: ClaimSort) {
  claims(filter: $filter, first: $first, after: $after, sort: $sort) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { id statement status } }
  }
}`;

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string; statement: string; status: string } }[];
}

/**
 * Read models over real HTTP and WebSocket: every filter, search, pagination edges, counts, the
 * reviewer's queue, read-your-writes, live updates, health, metrics, and rebuild equivalence.
 */
describe('read models (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let rafael: DeskClient;
  let edgar: DeskClient;
  let admin: DeskClient;
  const ids: Record<string, string> = {};

  async function list(client: DeskClient | null, variables: Record<string, unknown>) {
    const response = await app.graphql<{ claims: Page }>(LIST, variables, client?.token);
    return response;
  }
  async function statements(variables: Record<string, unknown>, client: DeskClient | null = edgar): Promise<string[]> {
    const response = await list(client, variables);
    if (response.errors) throw new Error(response.errors[0].message);
    return response.data!.claims.edges.map((e) => e.node.statement);
  }

  const claim = (statement: string, over: Record<string, unknown> = {}) => ({
    statement,
    claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
    claimDate: '2025-06-28',
    appearances: [],
    language: 'en',
    topics: ['raids'],
    ...over,
  });
  const cite = (claimId: string, excerpt: string) => ({ claimId, url: 'https://example.org/s', title: 'A source', publisher: 'Example', excerpt, stance: 'CONTEXT' });

  beforeAll(async () => {
    // This suite's fact-checks rest on one source; the PUBLISH_MIN_SOURCES gate (default 2) is specified in editorial-integrity.e2e-spec.ts.
    app = await startTestApp({ PUBLISH_MIN_SOURCES: '1' });
    const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
    alice = await as('alice', ['contributor']);
    rita = await as('rita', ['reviewer']);
    rafael = await as('rafael', ['reviewer']);
    edgar = await as('edgar', ['editor']);
    admin = await as('ada', ['admin']);

    // Five claims, submitted in this order (so "newest first" is the reverse).
    ids.deaths = (await alice.ok('submitClaim', claim('Two people died in the Yekaterinburg raids.', { topics: ['raids', 'deaths'] }))).claimId;
    ids.detained = (await alice.ok('submitClaim', claim('Nine people were detained.', { claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' }, language: 'ru', claimDate: '2025-06-27' }))).claimId;
    ids.trade = (await rita.ok('submitClaim', claim('Trade between the two countries reached 4.8 billion dollars.', { topics: ['economy'], claimant: { name: 'Ilham Aliyev', kind: 'PERSON' } }))).claimId;
    ids.opinion = (await alice.ok('submitClaim', claim('The raids show contempt for a whole people.', { topics: ['opinion'] }))).claimId;
    ids.published = (await alice.ok('submitClaim', claim('The brothers Safarov were killed.', { claimDate: '2025-06-29' }))).claimId;

    await alice.ok('addCitation', cite(ids.detained, 'Police said that nine men were held at the station.'));
    await edgar.ok('rejectClaim', { claimId: ids.opinion, reason: 'Opinion' });

    const c = (await alice.ok('addCitation', cite(ids.published, 'The family confirmed the deaths of two brothers.'))).citationId;
    await edgar.ok('assignReviewers', { claimId: ids.published, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
    await rita.ok('recordVerdict', { claimId: ids.published, rating: 'TRUE', rationale: 'Confirmed.', citationIds: [c] });
    await rafael.ok('recordVerdict', { claimId: ids.published, rating: 'TRUE', rationale: 'Confirmed.', citationIds: [c] });
    await edgar.ok('publishFactCheck', { claimId: ids.published, rating: 'TRUE', summary: 'Both brothers died.' });

    await edgar.ok('assignReviewers', { claimId: ids.deaths, reviewers: [{ id: 'rita' }] });
  });
  afterAll(async () => app.close());

  describe('filters', () => {
    it('lists every claim newest first by default', async () => {
      expect(await statements({})).toEqual([
        'The brothers Safarov were killed.',
        'The raids show contempt for a whole people.',
        'Trade between the two countries reached 4.8 billion dollars.',
        'Nine people were detained.',
        'Two people died in the Yekaterinburg raids.',
      ]);
      expect(await statements({ sort: 'OLDEST', first: 1 })).toEqual(['Two people died in the Yekaterinburg raids.']);
    });

    it.each([
      ['status', { status: ['REJECTED'] }, ['The raids show contempt for a whole people.']],
      ['several statuses', { status: ['PUBLISHED', 'IN_REVIEW'] }, ['The brothers Safarov were killed.', 'Two people died in the Yekaterinburg raids.']],
      ['rating', { rating: ['TRUE'] }, ['The brothers Safarov were killed.']],
      ['topic (case-insensitive)', { topic: 'ECONOMY' }, ['Trade between the two countries reached 4.8 billion dollars.']],
      ['claimant', { claimant: 'ura.ru' }, ['Nine people were detained.']],
      ['assignee', { assigneeId: 'rafael' }, ['The brothers Safarov were killed.']],
      ['submitter', { submittedBy: 'rita' }, ['Trade between the two countries reached 4.8 billion dollars.']],
      ['language', { language: 'ru' }, ['Nine people were detained.']],
      ['published', { published: true }, ['The brothers Safarov were killed.']],
      ['claim date range', { claimDateFrom: '2025-06-27', claimDateTo: '2025-06-27' }, ['Nine people were detained.']],
      ['combined filters', { topic: 'raids', status: ['DRAFT'] }, ['Nine people were detained.']],
    ])('by %s', async (_name, filter, expected) => {
      expect(await statements({ filter })).toEqual(expected);
    });

    it('by submission and publication date ranges', async () => {
      const today = new Date().toISOString().slice(0, 10);
      expect(await statements({ filter: { submittedFrom: today, submittedTo: today } })).toHaveLength(5);
      expect(await statements({ filter: { submittedTo: '2020-01-01' } })).toEqual([]);
      expect(await statements({ filter: { publishedFrom: today } })).toEqual(['The brothers Safarov were killed.']);
      expect(await statements({ filter: { published: false, publishedFrom: today } })).toEqual([]);
    });
  });

  describe('full-text search', () => {
    it('finds words in statements, claimants and citation excerpts, best match first, prefixes included', async () => {
      expect(await statements({ filter: { search: 'yekaterinburg' } })).toEqual(['Two people died in the Yekaterinburg raids.']);
      expect(await statements({ filter: { search: 'aliyev' } })).toEqual(['Trade between the two countries reached 4.8 billion dollars.']);
      expect(await statements({ filter: { search: 'station' } })).toEqual(['Nine people were detained.']);
      expect(await statements({ filter: { search: 'yekat' } })).toEqual(['Two people died in the Yekaterinburg raids.']);
      const ranked = await statements({ filter: { search: 'raids' } });
      expect(ranked.sort()).toEqual(['The raids show contempt for a whole people.', 'Two people died in the Yekaterinburg raids.'].sort());
    });

    it('treats FTS syntax as plain words and refuses an empty search', async () => {
      expect(await statements({ filter: { search: '"detained" OR NEAR(' } })).toEqual([]);
      expect(await statements({ filter: { search: 'nine* AND detained' } })).toEqual([]);
      const response = await list(edgar, { filter: { search: '  *** ' } });
      expect(response.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(response.errors?.[0].message).toMatch(/search needs at least one word/);
    });
  });

  describe('pagination', () => {
    it('walks all pages with stable cursors and stops on the last', async () => {
      const seen: string[] = [];
      let after: string | undefined;
      let pages = 0;
      for (;;) {
        const response = await list(edgar, { first: 2, after });
        const page = response.data!.claims;
        expect(page.totalCount).toBe(5);
        seen.push(...page.edges.map((e) => e.node.id));
        pages += 1;
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor!;
        expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);
    });

    it('a cursor stays valid when newer claims arrive meanwhile', async () => {
      const first = (await list(edgar, { first: 2, filter: { topic: 'raids' } })).data!.claims;
      const { claimId } = await alice.ok('submitClaim', claim('A claim added while paging.', { topics: ['paging-test'] }));
      const next = (await list(edgar, { first: 2, after: first.pageInfo.endCursor, filter: { topic: 'raids' } })).data!.claims;
      expect(next.edges.map((e) => e.node.id)).not.toContain(claimId);
      expect([...first.edges, ...next.edges].map((e) => e.node.id)).toEqual(expect.arrayContaining([ids.published, ids.detained, ids.deaths]));
    });

    it('a page past the end is empty, not an error', async () => {
      const last = (await list(edgar, { first: 100, filter: { status: ['REJECTED'] } })).data!.claims;
      const beyond = await list(edgar, { first: 10, filter: { status: ['REJECTED'] }, after: last.pageInfo.endCursor });
      expect(beyond.data!.claims).toMatchObject({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
    });

    it('refuses a malformed cursor, a cursor of another query, and a page too large', async () => {
      const malformed = await list(edgar, { after: 'not-a-cursor' });
      expect(malformed.errors?.[0]).toMatchObject({ message: 'after is not a cursor this service issued', extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
      const foreign = (await list(edgar, { first: 1, filter: { language: 'en' } })).data!.claims.pageInfo.endCursor;
      const misuse = await list(edgar, { after: foreign, filter: { language: 'ru' } });
      expect(misuse.errors?.[0].message).toMatch(/cursor from a different query/);
      const tooLarge = await list(edgar, { first: 101 });
      expect(tooLarge.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
      expect(tooLarge.errors?.[0].message).toMatch(/first must be between 1 and 100/);
      expect((await list(edgar, { first: 0 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  it('counts claims per status for the dashboard', async () => {
    const response = await app.graphql<{ deskCounts: Record<string, number> }>('{ deskCounts { draft inReview published rejected retracted total } }', {}, edgar.token);
    expect(response.data?.deskCounts).toMatchObject({ inReview: 1, published: 1, rejected: 1, retracted: 0 });
    expect(response.data?.deskCounts.total).toBe(Object.values(response.data!.deskCounts).reduce((a, b) => a + b, 0) - response.data!.deskCounts.total);
  });

  it('"my queue" lists what awaits the caller\'s verdict, and drops a claim once they rated it', async () => {
    const queue = async (client: DeskClient) =>
      (await app.graphql<{ myQueue: Page }>('{ myQueue { totalCount edges { node { id } } } }', {}, client.token)).data!.myQueue.edges.map((e) => e.node.id);
    expect(await queue(rita)).toEqual([ids.deaths]);
    expect(await queue(rafael)).toEqual([]);
    const c = (await alice.ok('addCitation', cite(ids.deaths, 'Officials reported one death.'))).citationId;
    await rita.ok('recordVerdict', { claimId: ids.deaths, rating: 'FALSE', rationale: 'One death.', citationIds: [c] });
    expect(await queue(rita)).toEqual([]);
  });

  it('without a token only published fact-checks are visible', async () => {
    expect(await statements({}, null)).toEqual(['The brothers Safarov were killed.']);
    expect((await app.graphql<{ claim: unknown }>('query($id: ID!) { claim(id: $id) { id } }', { id: ids.detained })).data?.claim).toBeNull();
    expect((await app.graphql<{ claim: { id: string } }>('query($id: ID!) { claim(id: $id) { id } }', { id: ids.published })).data?.claim).toEqual({ id: ids.published });
  });

  it('read-your-writes: the list shows a mutation\'s effect as soon as the mutation answers', async () => {
    for (let i = 0; i < 10; i++) {
      const { claimId } = await alice.ok('submitClaim', claim(`Read your writes ${i}`, { topics: [`ryw-${i}`] }));
      const found = await list(alice, { filter: { topic: `ryw-${i}` } });
      expect(found.data!.claims.edges.map((e) => e.node.id)).toEqual([claimId]);
      await edgar.ok('rejectClaim', { claimId, reason: 'Test' });
      expect(await statements({ filter: { topic: `ryw-${i}`, status: ['REJECTED'] } })).toEqual([`Read your writes ${i}`]);
    }
  });

  describe('live updates over WebSocket (graphql-ws)', () => {
    it('claimUpdated sends the claim now, then a collaborator\'s change', async () => {
      const ws = new WsSubscriber(app.url, rita.token);
      try {
        const sub = ws.subscribe<{ claimUpdated: { id: string; revision: number; topics: string[] } }>(
          'subscription($id: ID!) { claimUpdated(id: $id) { id revision topics } }',
          { id: ids.trade },
        );
        await eventually(() => expect(sub.received).toHaveLength(1));
        const before = sub.received[0].claimUpdated.revision;
        await rita.ok('reviseClaimDetails', { claimId: ids.trade, topics: ['economy', 'trade'], reason: 'More precise topic' });
        await eventually(() => expect(sub.received.at(-1)?.claimUpdated).toEqual({ id: ids.trade, revision: before + 1, topics: ['economy', 'trade'] }));
        expect(sub.errors).toEqual([]);
      } finally {
        await ws.close();
      }
    });

    it('a client that reconnects gets the current state again', async () => {
      const first = new WsSubscriber(app.url, edgar.token);
      const s1 = first.subscribe<{ claimUpdated: { revision: number } }>('subscription($id: ID!) { claimUpdated(id: $id) { revision } }', { id: ids.detained });
      await eventually(() => expect(s1.received).toHaveLength(1));
      await first.close();
      await alice.ok('reviseClaimDetails', { claimId: ids.detained, statement: 'Nine men were detained.', reason: 'Precise wording' });
      const second = new WsSubscriber(app.url, edgar.token);
      try {
        const s2 = second.subscribe<{ claimUpdated: { revision: number } }>('subscription($id: ID!) { claimUpdated(id: $id) { revision } }', { id: ids.detained });
        await eventually(() => expect(s2.received[0]?.claimUpdated.revision).toBe(s1.received[0].claimUpdated.revision + 1));
      } finally {
        await second.close();
      }
    });

    it('the desk feed pushes changes, filtered by status and by assignee', async () => {
      const ws = new WsSubscriber(app.url, edgar.token);
      try {
        const rejected = ws.subscribe<{ deskChanges: { claimId: string; status: string; eventTypes: string[] } }>(
          'subscription { deskChanges(filter: { status: [REJECTED] }) { claimId status eventTypes } }',
        );
        const forRafael = ws.subscribe<{ deskChanges: { claimId: string; eventTypes: string[] } }>(
          'subscription { deskChanges(filter: { assigneeId: "rafael" }) { claimId eventTypes } }',
        );
        await new Promise((r) => setTimeout(r, 100)); // let the server register both subscriptions
        const { claimId } = await alice.ok('submitClaim', claim('Feed test claim.'));
        await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rafael' }] });
        await edgar.ok('rejectClaim', { claimId, reason: 'Not checkable' });
        await eventually(() => expect(rejected.received.map((r) => r.deskChanges)).toEqual([{ claimId, status: 'REJECTED', eventTypes: ['ClaimRejected'] }]));
        await eventually(() =>
          expect(forRafael.received.map((r) => r.deskChanges.eventTypes)).toEqual([['ReviewersAssigned', 'ClaimReviewStarted'], ['ClaimRejected']]),
        );
      } finally {
        await ws.close();
      }
    });

    it('refuses a WebSocket connection with a bad token', async () => {
      const ws = new WsSubscriber(app.url, 'not-a-jwt');
      const sub = ws.subscribe('subscription { deskChanges { claimId } }');
      await eventually(() => expect(ws.closeEvent?.code).toBe(4403));
      expect(sub.received).toEqual([]);
      await ws.close();
    });
  });

  describe('operations', () => {
    it('/health reports the projection checkpoint and lag', async () => {
      // Details are for operators only (issue #11): an admin token.
      const admin = await app.token({ sub: 'ops', roles: ['admin'] });
      const health = (await (await fetch(`${app.url}/health/ready`, { headers: { authorization: `Bearer ${admin}` } })).json()) as { projections: Record<string, unknown>; eventStore: { lastPosition: number } };
      expect(health.projections).toMatchObject({ status: 'live', caughtUp: true, lagSeconds: 0, rebuilding: false });
      expect(health.projections.checkpoint).toBe(health.eventStore.lastPosition);
    });

    it('/metrics exposes projection lag, events applied and command latency by type', async () => {
      const admin = await app.token({ sub: 'ops', roles: ['admin'] });
      const text = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).text();
      expect(text).toMatch(/^factcheck_projection_lag_seconds 0$/m);
      expect(text).toMatch(/^factcheck_projection_events_applied_total [1-9]\d*$/m);
      expect(text).toMatch(/^factcheck_command_duration_seconds_count\{command="SubmitClaim",outcome="OK"\} [1-9]\d*$/m);
      expect(text).toMatch(/^factcheck_projection_checkpoint_position [1-9]\d*$/m);
    });
  });

  it('a rebuild from scratch yields read models identical, row for row, to the incrementally built ones', async () => {
    const dir = join(app.config.DATA_DIR, 'read-models');
    const before = dumpReadModels(join(dir, readFileSync(join(dir, 'CURRENT'), 'utf8').trim()), { versions: true });
    const response = await app.graphql<{ rebuildReadModels: { eventsApplied: number } }>('mutation { rebuildReadModels { file eventsApplied durationMs } }', {}, admin.token);
    expect(response.errors).toBeUndefined();
    const after = dumpReadModels(join(dir, readFileSync(join(dir, 'CURRENT'), 'utf8').trim()), { versions: true });
    expect(after.claims.length).toBeGreaterThan(10);
    expect(after).toEqual(before);
    // The service answers from the new generation.
    expect(await statements({ filter: { status: ['PUBLISHED'] } })).toEqual(['The brothers Safarov were killed.']);
    const refused = await app.graphql('mutation { rebuildReadModels { file } }', {}, edgar.token);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});

import { encodeDeskCursor } from '../../src/claims/read-model/desk-feed';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

const CHANGE_FIELDS = `claimId status revision position cursor eventTypes
  claim { id revision status statement claimant { name kind } claimDate language topics submittedBy { id name } updatedAt
          assignees { id name } citationCount verdictCount correctionCount rating }`;
const FEED = `subscription($after: String, $filter: DeskFeedFilterInput) { deskChanges(after: $after, filter: $filter) { ${CHANGE_FIELDS} } }`;

interface Change {
  claimId: string;
  status: string;
  revision: number;
  position: number;
  cursor: string;
  eventTypes: string[];
  claim: Record<string, unknown>;
}
type Received = { deskChanges: Change };

const claim = (statement: string) => ({
  statement,
  claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
  claimDate: '2025-06-28',
  appearances: [],
  language: 'en',
  topics: ['raids'],
});
const cite = (claimId: string, n: number) => ({ claimId, url: `https://example.org/s${n}`, title: `Source ${n}`, publisher: 'Example', excerpt: `Excerpt ${n}.`, stance: 'CONTEXT' });

const changes = (sub: { received: Received[] }) => sub.received.map((r) => r.deskChanges);
const codesOf = (errors: unknown[]): string[] =>
  errors.flatMap((e) => (Array.isArray(e) ? e : [e])).map((e) => String((e as { extensions?: { code?: string } }).extensions?.code ?? (e as Error).message));

/** A live subscription that has certainly started: a probe change is made and awaited through it. */
async function liveFeed(ws: WsSubscriber, probe: () => Promise<unknown>) {
  const sub = ws.subscribe<Received>(FEED, { after: null });
  // Until the server has registered the subscription a probe may be missed: probe until one arrives.
  let probes = 0;
  await eventually(async () => {
    if (changes(sub).length === 0) {
      probes += 1;
      await probe();
    }
    expect(changes(sub).length).toBeGreaterThan(0);
  }, 10_000, 200);
  return Object.assign(sub, { probes });
}

/**
 * deskChanges(after:) through a real graphql-ws client: a client that was disconnected resumes from
 * the last cursor it saw and gets every change made meanwhile exactly once, in order, then the live
 * ones; the same with a filter, with changes racing the replay, across a restart of the service on
 * the same DATA_DIR, and clear refusals for cursors that cannot be resumed.
 */
describe('resumable desk feed (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let edgar: DeskClient;

  beforeAll(async () => {
    app = await startTestApp({ PUBLISH_MIN_SOURCES: '1', DESK_CHANGES_REPLAY_MAX_EVENTS: '40' });
    const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
    alice = await as('alice', ['contributor']);
    rita = await as('rita', ['reviewer']);
    edgar = await as('edgar', ['editor']);
  });
  afterAll(() => app.close());

  it('a client that reconnects with its last cursor gets every change made meanwhile once, in order, then live ones (also with a filter)', async () => {
    const reference = new WsSubscriber(app.url, edgar.token);
    const client = new WsSubscriber(app.url, edgar.token);
    try {
      const ref = await liveFeed(reference, () => alice.ok('submitClaim', claim('Probe for the reference feed.')));
      const first = await liveFeed(client, () => alice.ok('submitClaim', claim('Probe for the client feed.')));
      const { claimId: a } = await alice.ok('submitClaim', claim('Two people died in the raids.'));
      await eventually(() => expect(changes(first).some((c) => c.claimId === a)).toBe(true));
      const cursor = changes(first).at(-1)!.cursor;
      await client.close();

      // Meanwhile: several changes on two claims, one of them two events from one command.
      const { claimId: b } = await alice.ok('submitClaim', claim('Nine people were detained.'));
      await alice.ok('addCitation', cite(a, 1));
      await edgar.ok('assignReviewers', { claimId: a, reviewers: [{ id: 'rita' }] });
      await alice.ok('addCitation', cite(b, 2));
      await rita.ok('recordVerdict', { claimId: a, rating: 'FALSE', rationale: 'The source says otherwise.', citationIds: [(await edgar.claim(a))!.citations[0].id] });
      const meanwhile = () => changes(ref).slice(changes(ref).findIndex((c) => c.cursor === cursor) + 1);
      await eventually(() => expect(meanwhile()).toHaveLength(5));
      expect(meanwhile().map((c) => c.eventTypes)).toEqual([['ClaimSubmitted'], ['CitationAdded'], ['ReviewersAssigned', 'ClaimReviewStarted'], ['CitationAdded'], ['VerdictRecorded']]);

      const again = new WsSubscriber(app.url, edgar.token);
      const filteredWs = new WsSubscriber(app.url, edgar.token);
      try {
        const resumed = again.subscribe<Received>(FEED, { after: cursor });
        const filtered = filteredWs.subscribe<Received>(FEED, { after: cursor, filter: { status: ['IN_REVIEW'] } });
        await eventually(() => expect(changes(resumed)).toEqual(meanwhile()));
        await eventually(() => expect(changes(filtered)).toEqual(meanwhile().filter((c) => c.status === 'IN_REVIEW')));
        expect(changes(filtered)).toHaveLength(2);

        // Then live, with no gap and no repeat.
        await edgar.ok('rejectClaim', { claimId: b, reason: 'Not checkable' });
        await alice.ok('addCitation', cite(a, 3));
        await eventually(() => expect(meanwhile()).toHaveLength(7));
        await eventually(() => expect(changes(resumed)).toEqual(meanwhile()));
        await eventually(() => expect(changes(filtered)).toEqual(meanwhile().filter((c) => c.status === 'IN_REVIEW')));
        expect(new Set(changes(resumed).map((c) => c.cursor)).size).toBe(changes(resumed).length);
        expect([...resumed.errors, ...filtered.errors]).toEqual([]);
      } finally {
        await again.close();
        await filteredWs.close();
      }
    } finally {
      await reference.close();
      await client.close();
    }
  });

  it('changes made while the replay runs are delivered once, between the replay and the live ones', async () => {
    const reference = new WsSubscriber(app.url, edgar.token);
    try {
      const ref = await liveFeed(reference, () => alice.ok('submitClaim', claim('Probe for the seam.')));
      const cursor = changes(ref).at(-1)!.cursor;
      const { claimId } = await alice.ok('submitClaim', claim('A claim edited during the replay.'));
      for (let n = 0; n < 4; n++) await alice.ok('addCitation', cite(claimId, 10 + n));
      const racing = new WsSubscriber(app.url, edgar.token);
      try {
        // The subscription starts while more changes are being written.
        const writes = Promise.all(Array.from({ length: 6 }, (_, n) => alice.ok('addCitation', cite(claimId, 20 + n))));
        const resumed = racing.subscribe<Received>(FEED, { after: cursor });
        await writes;
        const after = () => changes(ref).slice(changes(ref).findIndex((c) => c.cursor === cursor) + 1);
        await eventually(() => expect(after()).toHaveLength(11));
        await eventually(() => expect(changes(resumed)).toEqual(after()));
        expect(resumed.errors).toEqual([]);
      } finally {
        await racing.close();
      }
    } finally {
      await reference.close();
    }
  });

  it('refuses cursors it cannot resume from, with a code for each reason', async () => {
    const ws = new WsSubscriber(app.url, edgar.token);
    try {
      const ref = await liveFeed(ws, () => alice.ok('submitClaim', claim('Probe for the refusals.')));
      const last = changes(ref).at(-1)!;
      const malformed = ws.subscribe<Received>(FEED, { after: 'not-a-cursor' });
      const future = ws.subscribe<Received>(FEED, { after: encodeDeskCursor({ position: last.position + 1_000_000, eventKey: 'x' }) });
      const foreign = ws.subscribe<Received>(FEED, { after: encodeDeskCursor({ position: last.position, eventKey: 'another-log' }) });
      await eventually(() => expect([malformed, future, foreign].map((s) => codesOf(s.errors))).toEqual([['BAD_USER_INPUT'], ['CURSOR_FROM_FUTURE'], ['CURSOR_NOT_IN_LOG']]));

      // Beyond the replay bound (40 events here): refetch.
      const { claimId } = await alice.ok('submitClaim', claim('A claim with a long history.'));
      for (let n = 0; n < 41; n++) await alice.ok('addCitation', cite(claimId, 100 + n));
      const tooOld = ws.subscribe<Received>(FEED, { after: last.cursor });
      await eventually(() => expect(codesOf(tooOld.errors)).toEqual(['REPLAY_TOO_LONG']));
      expect(tooOld.received).toEqual([]);
    } finally {
      await ws.close();
    }
  });
});

describe('resumable desk feed across a restart (e2e)', () => {
  it('a cursor from before a restart resumes on the restarted service (same DATA_DIR)', async () => {
    const dir = makeTempDir('factcheck-feed-restart-');
    try {
      let app = await startTestApp({ DATA_DIR: dir.path });
      const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
      let alice = await as('alice', ['contributor']);
      const editorToken = await app.token({ sub: 'edgar', name: 'edgar', roles: ['editor'] });
      const before = new WsSubscriber(app.url, editorToken);
      const client = new WsSubscriber(app.url, editorToken);
      let cursor: string;
      let beforeRestart: Change[];
      try {
        const ref = await liveFeed(before, () => alice.ok('submitClaim', claim('Probe before the restart.')));
        const mine = await liveFeed(client, () => alice.ok('submitClaim', claim('Client probe before the restart.')));
        cursor = changes(mine).at(-1)!.cursor;
        await client.close();
        const { claimId } = await alice.ok('submitClaim', claim('Written while the client was away.'));
        await alice.ok('addCitation', cite(claimId, 1));
        const since = () => changes(ref).slice(changes(ref).findIndex((c) => c.cursor === cursor) + 1);
        await eventually(() => expect(since()).toHaveLength(2));
        beforeRestart = since();
      } finally {
        await before.close();
        await client.close();
        await app.close();
      }

      app = await startTestApp({ DATA_DIR: dir.path });
      try {
        alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'alice', roles: ['contributor'] }));
        const after = new WsSubscriber(app.url, editorToken);
        const resumedWs = new WsSubscriber(app.url, editorToken);
        try {
          const ref = await liveFeed(after, () => alice.ok('submitClaim', claim('Probe after the restart.')));
          await alice.ok('submitClaim', claim('Written after the restart.'));
          await eventually(() => expect(changes(ref).length).toBeGreaterThanOrEqual(2));
          const resumed = resumedWs.subscribe<Received>(FEED, { after: cursor });
          // The reference may have missed probes sent before it was registered; the resumed feed has them all.
          const missed = ref.probes - changes(ref).filter((c) => c.claim.statement === 'Probe after the restart.').length;
          await eventually(() => expect(changes(resumed)).toHaveLength(beforeRestart.length + missed + changes(ref).length));
          expect(changes(resumed).slice(0, beforeRestart.length)).toEqual(beforeRestart);
          const rest = changes(resumed).slice(beforeRestart.length);
          expect(rest.slice(0, missed).map((c) => c.claim.statement)).toEqual(Array(missed).fill('Probe after the restart.'));
          expect(rest.slice(missed)).toEqual(changes(ref));
          expect(resumed.errors).toEqual([]);
        } finally {
          await after.close();
          await resumedWs.close();
        }
      } finally {
        await app.close();
      }
    } finally {
      dir.remove();
    }
  });
});

describe('after: null on every paged query (e2e)', () => {
  let app: TestApp;
  beforeAll(() => startTestApp().then((started) => (app = started)));
  afterAll(() => app.close());

  it('means "from the start", as leaving it out does', async () => {
    const editor = new DeskClient(app, await app.token({ sub: 'edgar', name: 'edgar', roles: ['editor'] }));
    const { claimId } = await editor.ok('submitClaim', claim('A claim to page through.'));
    await editor.ok('submitClaim', claim('Another claim to page through.'));
    const queries: [string, string, Record<string, unknown>][] = [
      ['claims', 'query($after: String) { claims(first: 1, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }', {}],
      ['myQueue', 'query($after: String) { myQueue(first: 1, after: $after) { edges { node { id } } pageInfo { hasPreviousPage } } }', {}],
      ['claimHistory', 'query($id: ID!, $after: String) { claimHistory(claimId: $id, first: 1, after: $after) { edges { node { revision } } pageInfo { hasPreviousPage } } }', { id: claimId }],
      ['actorActivity', 'query($after: String) { actorActivity(actorId: "edgar", first: 1, after: $after) { edges { node { claimId } } pageInfo { hasPreviousPage } } }', {}],
      ['correctionRequests', 'query($after: String) { correctionRequests(first: 1, after: $after) { edges { node { claimId } } pageInfo { hasPreviousPage } } }', {}],
    ];
    for (const [name, query, variables] of queries) {
      const withNull = await app.graphql<Record<string, { pageInfo: { hasPreviousPage: boolean } }>>(query, { ...variables, after: null }, editor.token);
      const without = await app.graphql(query, variables, editor.token);
      expect({ name, errors: withNull.errors }).toEqual({ name, errors: undefined });
      expect(withNull.data).toEqual(without.data);
      expect(withNull.data![name].pageInfo.hasPreviousPage).toBe(false);
    }
  });
});

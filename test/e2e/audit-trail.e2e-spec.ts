import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Actor } from '../../src/shared/actor';
import { chainEvents, hashOf } from '../../src/claims/application/hash-chain';
import { EVENT_STORE, EventStore, NewEvent } from '../../src/event-store/event-store.port';
import { claimStream, toClaimEvent, toStoredEvent } from '../../src/claims/application/claim-stream';
import { DESK_POLICY } from '../../src/claims/application/desk-policy';
import { ClaimState, foldClaim } from '../../src/claims/domain/claim';
import type { ClaimCommand, DeskPolicy } from '../../src/claims/domain/commands';
import { decide } from '../../src/claims/domain/decide';
import { ReadModelsService } from '../../src/projections/read-models.service';
import { CLAIM_FIELDS, DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';

const HISTORY = `query($id: ID!, $first: Int, $after: String, $order: HistoryOrder, $filter: HistoryFilterInput) {
  claimHistory(claimId: $id, first: $first, after: $after, order: $order, filter: $filter) {
    lastRevision
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id type revision position recordedAt occurredAt actor { id name } actorRoles correlationId causationId schemaVersion data summary hash } }
  }
}`;

interface HistoryNode {
  id: string;
  type: string;
  revision: number;
  position: number;
  actor: { id: string; name: string };
  correlationId: string;
  causationId: string;
  schemaVersion: number;
  data: Record<string, unknown>;
  summary: string;
  hash: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Appends what the desk would append for a series of commands, straight to the app's event store:
 * each decided by the domain on the claim's state, stored through the claim-stream codec and
 * hash-chained, then appended together at the revision they were decided on (`flush`). A long
 * history then costs one append per phase instead of an HTTP round trip per command, each of
 * which reloads the whole stream and waits for its own commit.
 */
class DirectDesk {
  private readonly claims = new Map<string, { state: ClaimState; hash: string | null; appended: number; pending: NewEvent[] }>();
  lastPosition = 0;

  constructor(
    private readonly store: EventStore,
    private readonly policy: DeskPolicy,
  ) {}

  async run(actor: Actor, command: ClaimCommand): Promise<void> {
    const claim = this.claims.get(command.claimId) ?? (await this.load(command.claimId));
    const now = new Date();
    const decided = decide(command, claim.state, { actor, now, policy: this.policy });
    const envelope = { commandId: randomUUID(), commandType: command.type, correlationId: randomUUID(), actor, occurredAt: now };
    const stored = chainEvents(decided.map((event) => toStoredEvent(event, envelope, randomUUID())), claim.hash);
    claim.pending.push(...stored);
    claim.state = foldClaim(decided, claim.state);
    claim.hash = String(stored[stored.length - 1].metadata!.hash);
  }

  async flush(): Promise<void> {
    for (const [claimId, claim] of this.claims) {
      if (claim.pending.length === 0) continue;
      const result = await this.store.append(claimStream(claimId), claim.pending, claim.appended);
      this.lastPosition = result.position;
      claim.appended = result.nextExpectedRevision;
      claim.pending = [];
    }
  }

  private async load(claimId: string) {
    const read = await this.store.readStream(claimStream(claimId));
    if (!read.found) throw new Error(`no claim ${claimId}`);
    const claim = { state: foldClaim(read.events.map(toClaimEvent)), hash: hashOf(read.events[read.events.length - 1]), appended: read.events[read.events.length - 1].revision, pending: [] };
    this.claims.set(claimId, claim);
    return claim;
  }
}

/**
 * The audit trail over real HTTP, on a claim with a long, realistic history (500+ events): every
 * citation gathered, revised and retracted, two reviewers revising their verdicts many times, a
 * publication and a series of corrections.
 */
describe('audit trail (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let rafael: DeskClient;
  let edgar: DeskClient;
  let claimId: string;
  let otherClaimId: string;
  let desk: DirectDesk;
  const moments: { at: string; revision: number; claim: Record<string, unknown> }[] = [];
  const ratings = ['FALSE', 'MOSTLY_FALSE', 'MIXED', 'MISLEADING'];

  async function capture(): Promise<void> {
    await desk.flush();
    await app.app.get(ReadModelsService).waitFor(desk.lastPosition);
    const claim = (await edgar.claim(claimId))!;
    await sleep(2);
    moments.push({ at: new Date().toISOString(), revision: claim.revision as number, claim });
    await sleep(2);
  }

  async function gql<T>(query: string, variables: Record<string, unknown>, client: DeskClient | null = edgar) {
    const response = await app.graphql<T>(query, variables, client?.token);
    return response;
  }

  beforeAll(async () => {
    app = await startTestApp();
    const as = async ({ id, name, roles }: Actor) => new DeskClient(app, await app.token({ sub: id, name, roles }));
    const [asAlice, asRita, asRafael, asEdgar]: Actor[] = [
      { id: 'alice', name: 'Alice Aliyeva', roles: ['contributor'] },
      { id: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] },
      { id: 'rafael', name: 'Rafael Reviewer', roles: ['reviewer'] },
      { id: 'edgar', name: 'Edgar Editor', roles: ['editor'] },
    ];
    [alice, rita, rafael, edgar] = await Promise.all([asAlice, asRita, asRafael, asEdgar].map(as));
    desk = new DirectDesk(app.app.get<EventStore>(EVENT_STORE), app.app.get<DeskPolicy>(DESK_POLICY));

    const submit = { statement: 'Two men died in police custody in Yekaterinburg on 27 June 2025.', claimant: { name: 'AzerNews', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'] };
    claimId = (await alice.ok('submitClaim', submit)).claimId;
    otherClaimId = (await alice.ok('submitClaim', { ...submit, statement: 'An untouched claim.' })).claimId;
    await capture();

    // The long history is what these tests read, not how it was written: it goes straight to the store.
    const citations: string[] = [];
    for (let i = 0; i < 150; i++) {
      const citationId = randomUUID();
      citations.push(citationId);
      await desk.run(i % 2 ? asRita : asAlice, { type: 'AddCitation', claimId, citationId, url: `https://example.org/source/${i}`, title: `Source ${i}`, publisher: `Outlet ${i % 5}`, excerpt: `Excerpt ${i}`, stance: i % 3 ? 'REFUTES' : 'CONTEXT', publishedAt: null, note: null, archivedUrl: null });
    }
    for (let i = 0; i < 100; i++) {
      await desk.run(i % 2 ? asRita : asAlice, { type: 'ReviseCitation', claimId, citationId: citations[i], changes: { title: `Source ${i} (corrected title)` }, reason: `Title typo ${i}` });
    }
    for (let i = 130; i < 150; i++) await desk.run(asEdgar, { type: 'RetractCitation', claimId, citationId: citations[i], reason: `Dead link ${i}` });
    await capture();

    await desk.run(asEdgar, { type: 'AssignReviewers', claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }] });
    const [ritaVerdict, rafaelVerdict] = [randomUUID(), randomUUID()];
    await desk.run(asRita, { type: 'RecordVerdict', claimId, verdictId: ritaVerdict, rating: 'MIXED', rationale: 'First read.', citationIds: [citations[0]] });
    await desk.run(asRafael, { type: 'RecordVerdict', claimId, verdictId: rafaelVerdict, rating: 'MIXED', rationale: 'First read.', citationIds: [citations[1]] });
    for (let i = 1; i <= 100; i++) {
      await desk.run(asRita, { type: 'ReviseVerdict', claimId, verdictId: ritaVerdict, rating: ratings[i % 4], rationale: `Reading ${i}`, citationIds: [citations[i % 120], citations[(i + 1) % 120]], reason: `New evidence ${i}` });
      await desk.run(asRafael, { type: 'ReviseVerdict', claimId, verdictId: rafaelVerdict, rating: ratings[(i + 1) % 4], rationale: `Reading ${i}`, citationIds: [citations[i % 120]], reason: `Re-read ${i}` });
      if (i === 50) await capture();
    }
    await desk.run(asRafael, { type: 'ReviseVerdict', claimId, verdictId: rafaelVerdict, rating: 'FALSE', rationale: 'Settled.', citationIds: [citations[3]], reason: 'Agreeing now' });
    await desk.run(asRita, { type: 'ReviseVerdict', claimId, verdictId: ritaVerdict, rating: 'FALSE', rationale: 'Settled.', citationIds: [citations[3]], reason: 'Final' });
    await capture();

    await desk.run(asEdgar, { type: 'PublishFactCheck', claimId, rating: 'FALSE', summary: 'One man died; the second death is unconfirmed.' });
    await capture();
    for (let i = 0; i < 30; i++) {
      await desk.run(asEdgar, { type: 'CorrectFactCheck', claimId, note: `Correction ${i}: updated figure`, newSummary: `Summary after correction ${i}.`, newRating: i === 29 ? 'MOSTLY_FALSE' : undefined, justification: i === 29 ? 'The figure changed the rating.' : undefined });
      if (i === 9) await capture();
    }
    await capture();
  });
  afterAll(async () => app.close());

  it('the claim has a long history', async () => {
    const response = await gql<{ claimHistory: { lastRevision: number } }>(HISTORY, { id: claimId, first: 1 });
    expect(response.data!.claimHistory.lastRevision).toBeGreaterThanOrEqual(500);
  });

  describe('claimHistory', () => {
    it('pages through every event, oldest first, with who, when, why, ids and a summary', async () => {
      const seen: HistoryNode[] = [];
      let after: string | undefined;
      for (;;) {
        const response = await gql<{ claimHistory: { lastRevision: number; pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 100, after });
        const page = response.data!.claimHistory;
        seen.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      const last = seen[seen.length - 1].revision;
      expect(seen.map((e) => e.revision)).toEqual(Array.from({ length: last + 1 }, (_, i) => i));
      expect(seen[0]).toMatchObject({ type: 'ClaimSubmitted', actor: { id: 'alice', name: 'Alice Aliyeva' }, schemaVersion: 1 });
      expect(seen[0].summary).toBe('Alice Aliyeva submitted the claim "Two men died in police custody in Yekaterinburg on 27 June 2025." by AzerNews');
      for (const e of seen) {
        expect(e.correlationId).toEqual(expect.any(String));
        expect(e.causationId).toEqual(expect.any(String));
        expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
      }
      const verdict = seen.find((e) => e.type === 'VerdictRecorded' && e.actor.id === 'rita')!;
      expect(verdict.summary).toBe('Rita Reviewer rated it MIXED citing 1 source');
      expect(verdict.data).toMatchObject({ rating: 'MIXED', rationale: 'First read.' });
      const revised = seen.filter((e) => e.type === 'VerdictRevised' && e.actor.id === 'rita');
      expect(revised.at(-1)!.summary).toBe('Rita Reviewer revised their verdict to FALSE citing 1 source: Final');
      expect(seen.find((e) => e.type === 'FactCheckPublished')!.summary).toBe('Edgar Editor published the fact-check rated FALSE');
      expect(seen.at(-1)!.summary).toBe('Edgar Editor corrected the fact-check from FALSE to MOSTLY_FALSE: Correction 29: updated figure');
    });

    it('newest first, filtered by event type and by actor', async () => {
      const newest = await gql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 3, order: 'NEWEST_FIRST' });
      const revisions = newest.data!.claimHistory.edges.map((e) => e.node.revision);
      expect(revisions).toEqual([revisions[0], revisions[0] - 1, revisions[0] - 2]);

      const rafaels: HistoryNode[] = [];
      let after: string | undefined;
      for (;;) {
        const page = (await gql<{ claimHistory: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: HistoryNode }[] } }>(HISTORY, {
          id: claimId,
          first: 40,
          after,
          filter: { actorId: 'rafael', eventTypes: ['VerdictRevised'] },
        })).data!.claimHistory;
        rafaels.push(...page.edges.map((e) => e.node));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(rafaels).toHaveLength(101);
      expect(rafaels.every((e) => e.type === 'VerdictRevised' && e.actor.id === 'rafael')).toBe(true);

      const corrections = await gql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: claimId, first: 100, filter: { eventTypes: ['FactCheckCorrected'] }, order: 'NEWEST_FIRST' });
      expect(corrections.data!.claimHistory.edges).toHaveLength(30);
    });

    it('refuses a cursor from another query, a page too large, and readers without a role', async () => {
      const first = await gql<{ claimHistory: { pageInfo: { endCursor: string } } }>(HISTORY, { id: claimId, first: 2 });
      const misuse = await gql(HISTORY, { id: claimId, first: 2, after: first.data!.claimHistory.pageInfo.endCursor, order: 'NEWEST_FIRST' });
      expect(misuse.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 'after' } });
      expect((await gql(HISTORY, { id: claimId, first: 501 })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await gql(HISTORY, { id: claimId }, null)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await gql(HISTORY, { id: 'no-such-claim' })).errors?.[0].extensions?.code).toBe('CLAIM_NOT_FOUND');
    });
  });

  describe('time travel', () => {
    // A version is a ClaimVersion with ids of its own (<id>@<revision>, issue 14), and the live ids beside them.
    const VERSION_IDS = 'claimId citations { citationId revision } verdicts { verdictId revision }';
    /** The version with its own ids checked, then read as the live claim it was: what the desk saw then. */
    function asLive(version: any, revision: number) {
      expect(version.id).toBe(`${version.claimId}@${revision}`);
      const { claimId, ...rest } = version;
      const part = (key: 'citationId' | 'verdictId') => ({ [key]: id, revision: r, ...item }: any) => {
        expect({ id: item.id, revision: r }).toEqual({ id: `${id}@${revision}`, revision });
        return { ...item, id };
      };
      return { ...rest, id: claimId, citations: rest.citations.map(part('citationId')), verdicts: rest.verdicts.map(part('verdictId')) };
    }
    const AS_OF = `query($id: ID!, $at: DateTime!) { claimAsOf(claimId: $id, at: $at) { existed message revision claim { ${CLAIM_FIELDS} ${VERSION_IDS} } } }`;
    const AT_REVISION = `query($id: ID!, $revision: Int!) { claimAtRevision(claimId: $id, revision: $revision) { existed message revision claim { ${CLAIM_FIELDS} ${VERSION_IDS} } } }`;

    it('the claim as of each captured moment equals what the desk saw at that moment', async () => {
      expect(moments.length).toBeGreaterThanOrEqual(6);
      for (const moment of moments) {
        const response = await gql<{ claimAsOf: { existed: boolean; revision: number; claim: unknown } }>(AS_OF, { id: claimId, at: moment.at });
        expect(response.data!.claimAsOf).toMatchObject({ existed: true, revision: moment.revision });
        expect(asLive(response.data!.claimAsOf.claim, moment.revision)).toEqual(moment.claim);
      }
    });

    it('the claim at each captured revision equals what the desk saw then', async () => {
      for (const moment of moments) {
        const response = await gql<{ claimAtRevision: { claim: unknown } }>(AT_REVISION, { id: claimId, revision: moment.revision });
        expect(asLive(response.data!.claimAtRevision.claim, moment.revision)).toEqual(moment.claim);
      }
    });

    it('before the claim existed: a clear "did not exist yet", not an error', async () => {
      const response = await gql<{ claimAsOf: { existed: boolean; message: string; claim: null } }>(AS_OF, { id: claimId, at: '2020-01-01T00:00:00Z' });
      expect(response.errors).toBeUndefined();
      expect(response.data!.claimAsOf).toMatchObject({ existed: false, claim: null });
      expect(response.data!.claimAsOf.message).toMatch(/did not exist yet at 2020-01-01T00:00:00.000Z: it was submitted at /);
      expect((await gql<{ claimAsOf: { existed: boolean; message: string } }>(AS_OF, { id: 'never', at: '2025-01-01T00:00:00Z' })).data!.claimAsOf).toEqual({
        existed: false,
        message: 'There is no claim never',
        revision: null,
        claim: null,
      });
      expect((await gql(AS_OF, { id: claimId, at: 'last tuesday' })).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect((await gql(AT_REVISION, { id: claimId, revision: 100000 })).errors?.[0].message).toMatch(/has no revision 100000/);
    });
  });

  it('diffs two revisions field by field', async () => {
    const DIFF = `query($id: ID!, $from: Int!, $to: Int!) { claimDiff(claimId: $id, fromRevision: $from, toRevision: $to) {
      fromRevision toRevision details { field before after } status { before after } rating { before after } summary { before after }
      assigneesAdded { id } citationsAdded { id } citationsRevised { before { title } after { title } } citationsRetracted { id retraction { reason } }
      verdictsRecorded { reviewer { id } rating } verdictsRevised { before { rating } after { rating } } verdictsWithdrawn { id } correctionsAdded } }`;
    const [submitted, cited, midReview, settled, published, , corrected] = moments;
    const gathering = (await gql<{ claimDiff: Record<string, any> }>(DIFF, { id: claimId, from: submitted.revision, to: cited.revision })).data!.claimDiff;
    expect(gathering.citationsAdded).toHaveLength(150);
    expect(gathering.citationsRevised).toHaveLength(0); // added and revised within the range: they count as added
    expect(gathering.citationsRetracted).toHaveLength(0);

    const review = (await gql<{ claimDiff: Record<string, any> }>(DIFF, { id: claimId, from: cited.revision, to: midReview.revision })).data!.claimDiff;
    expect(review.status).toEqual({ before: 'DRAFT', after: 'IN_REVIEW' });
    expect(review.assigneesAdded.map((a: { id: string }) => a.id)).toEqual(['rita', 'rafael']);
    expect(review.verdictsRecorded.map((v: { reviewer: { id: string } }) => v.reviewer.id)).toEqual(['rita', 'rafael']);

    const revising = (await gql<{ claimDiff: Record<string, any> }>(DIFF, { id: claimId, from: midReview.revision, to: settled.revision })).data!.claimDiff;
    expect(revising.verdictsRevised).toEqual([
      { before: { rating: expect.any(String) }, after: { rating: 'FALSE' } },
      { before: { rating: expect.any(String) }, after: { rating: 'FALSE' } },
    ]);
    expect(revising.details).toEqual([]);

    const correcting = (await gql<{ claimDiff: Record<string, any> }>(DIFF, { id: claimId, from: published.revision, to: corrected.revision })).data!.claimDiff;
    expect(correcting).toMatchObject({
      status: null,
      rating: { before: 'FALSE', after: 'MOSTLY_FALSE' },
      summary: { before: 'One man died; the second death is unconfirmed.', after: 'Summary after correction 29.' },
      correctionsAdded: 30,
    });
    const edits = (await gql<{ claimDiff: Record<string, any> }>(DIFF, { id: claimId, from: settled.revision, to: published.revision })).data!.claimDiff;
    expect(edits.status).toEqual({ before: 'IN_REVIEW', after: 'PUBLISHED' });

    await alice.ok('reviseClaimDetails', { claimId: otherClaimId, statement: 'An untouched claim, reworded.', topics: ['raids', 'custody'], reason: 'Wording' });
    const details = (await gql<{ claimDiff: Record<string, any> }>(DIFF, { id: otherClaimId, from: 0, to: 1 })).data!.claimDiff;
    expect(details.details).toEqual([
      { field: 'statement', before: '"An untouched claim."', after: '"An untouched claim, reworded."' },
      { field: 'topics', before: '["raids"]', after: '["raids","custody"]' },
    ]);
  });

  it('the corrections log lists every correction in order, with when, by whom, old and new rating and the note', async () => {
    const claim = (await edgar.claim(claimId))!;
    expect(claim.corrections).toHaveLength(30);
    expect(claim.corrections[0]).toMatchObject({ note: 'Correction 0: updated figure', previousRating: 'FALSE', newRating: 'FALSE', by: { id: 'edgar' } });
    expect(claim.corrections[29]).toMatchObject({ note: 'Correction 29: updated figure', previousRating: 'FALSE', newRating: 'MOSTLY_FALSE' });
    const times = claim.corrections.map((c: { at: string }) => c.at);
    expect(times).toEqual([...times].sort());
  });

  it('actor activity: everything one person did across claims, in time order, paginated and filtered', async () => {
    const ACTIVITY = `query($actor: ID!, $first: Int, $after: String, $filter: ActivityFilterInput) {
      actorActivity(actorId: $actor, first: $first, after: $after, filter: $filter) { pageInfo { hasNextPage endCursor } edges { node { position claimId revision eventType at summary actor { id } } } } }`;
    const all: { position: number; claimId: string; eventType: string }[] = [];
    let after: string | undefined;
    for (;;) {
      const page = (await gql<{ actorActivity: { pageInfo: { hasNextPage: boolean; endCursor: string }; edges: { node: { position: number; claimId: string; eventType: string } }[] } }>(ACTIVITY, { actor: 'alice', first: 50, after })).data!.actorActivity;
      all.push(...page.edges.map((e) => e.node));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(all.filter((e) => e.eventType === 'ClaimSubmitted').map((e) => e.claimId)).toEqual([claimId, otherClaimId]);
    expect(all.filter((e) => e.eventType === 'CitationAdded')).toHaveLength(75);
    expect(all.map((e) => e.position)).toEqual([...all.map((e) => e.position)].sort((a, b) => a - b));

    const submissions = await gql<{ actorActivity: { edges: unknown[] } }>(ACTIVITY, { actor: 'alice', filter: { eventTypes: ['ClaimSubmitted'] } });
    expect(submissions.data!.actorActivity.edges).toHaveLength(2);
    const future = await gql<{ actorActivity: { edges: unknown[] } }>(ACTIVITY, { actor: 'alice', filter: { from: '2999-01-01' } });
    expect(future.data!.actorActivity.edges).toEqual([]);

    const own = await gql<{ actorActivity: { edges: unknown[] } }>(ACTIVITY, { actor: 'rita', first: 1 }, rita);
    expect(own.data!.actorActivity.edges).toHaveLength(1);
    const snooping = await gql(ACTIVITY, { actor: 'alice' }, rita);
    expect(snooping.errors?.[0]).toMatchObject({ message: "Only editors and admins may read another person's activity", extensions: { code: 'FORBIDDEN' } });
  });

  it('an event stored under an older schema version is read in the current shape everywhere', async () => {
    const store = app.app.get<EventStore>(EVENT_STORE);
    const stream = claimStream(otherClaimId);
    const read = await store.readStream(stream);
    if (!read.found) throw new Error('missing stream');
    const last = read.events[read.events.length - 1];
    // A CitationAdded as version 1 of the service wrote it: no archivedUrl, schemaVersion 1.
    const legacyId = 'legacy-citation';
    const legacy = chainEvents(
      [
        {
          type: 'CitationAdded',
          data: { by: { id: 'alice', name: 'Alice Aliyeva' }, at: new Date().toISOString(), claimId: otherClaimId, citationId: legacyId, url: 'https://example.org/old', title: 'Old source', publisher: 'Old Outlet', publishedAt: null, excerpt: 'Old excerpt', stance: 'SUPPORTS', note: null },
          metadata: { schemaVersion: 1, actorId: 'alice', actorName: 'Alice Aliyeva', actorRoles: ['contributor'], occurredAt: new Date().toISOString(), correlationId: 'legacy', causationId: 'legacy', commandType: 'AddCitation' },
        },
      ],
      hashOf(last),
    );
    await store.append(stream, legacy, last.revision);

    // Read models (projection), the domain (a command on it) and the history all see archivedUrl: null.
    await eventually(async () => expect((await edgar.claim(otherClaimId))?.citations).toEqual([expect.objectContaining({ id: legacyId, title: 'Old source', archivedUrl: null })]));
    await alice.ok('reviseCitation', { claimId: otherClaimId, citationId: legacyId, archivedUrl: 'https://web.archive.org/web/2025/https://example.org/old', reason: 'Archived copy' });
    expect((await edgar.claim(otherClaimId))?.citations[0].archivedUrl).toBe('https://web.archive.org/web/2025/https://example.org/old');
    const history = await gql<{ claimHistory: { edges: { node: HistoryNode }[] } }>(HISTORY, { id: otherClaimId, filter: { eventTypes: ['CitationAdded'] } });
    const node = history.data!.claimHistory.edges[0].node;
    expect(node.schemaVersion).toBe(1);
    expect(node.data).toMatchObject({ citationId: legacyId, archivedUrl: null });
    // The stored event itself was not rewritten: its chain still verifies.
    const verified = await gql<{ verifyAuditTrail: { ok: boolean } }>('query($id: ID!) { verifyAuditTrail(claimId: $id) { ok } }', { id: otherClaimId });
    expect(verified.data!.verifyAuditTrail.ok).toBe(true);
  });

  describe('tamper evidence', () => {
    const VERIFY = 'query($id: ID!) { verifyAuditTrail(claimId: $id) { claimId ok eventsChecked lastRevision firstBreak { revision type reason } } }';
    const VERIFY_ALL = 'query($only: Boolean) { verifyAllAuditTrails(onlyFailures: $only) { ok streamsChecked eventsChecked reports { claimId ok firstBreak { revision reason } } } }';

    it('every untouched trail verifies', async () => {
      const report = (await gql<{ verifyAuditTrail: { ok: boolean; eventsChecked: number; firstBreak: null } }>(VERIFY, { id: claimId })).data!.verifyAuditTrail;
      expect(report).toMatchObject({ ok: true, firstBreak: null });
      expect(report.eventsChecked).toBeGreaterThan(500);
      const all = (await gql<{ verifyAllAuditTrails: { ok: boolean; streamsChecked: number } }>(VERIFY_ALL, {})).data!.verifyAllAuditTrails;
      expect(all).toMatchObject({ ok: true, streamsChecked: 2 });
    });

    it('an event edited directly in the SQLite file is flagged, and the untouched trails still verify', async () => {
      const file = join(app.config.DATA_DIR, 'events.sqlite');
      const db = new Database(file);
      try {
        const row = db.prepare("SELECT revision FROM events WHERE stream_id = ? AND type = 'FactCheckPublished'").get(claimStream(claimId)) as { revision: number };
        db.prepare("UPDATE events SET data = json_set(data, '$.rating', 'TRUE') WHERE stream_id = ? AND revision = ?").run(claimStream(claimId), row.revision);

        const report = (await gql<{ verifyAuditTrail: { ok: boolean; firstBreak: { revision: number; type: string; reason: string } } }>(VERIFY, { id: claimId })).data!.verifyAuditTrail;
        expect(report.ok).toBe(false);
        expect(report.firstBreak).toMatchObject({ revision: row.revision, type: 'FactCheckPublished' });
        expect(report.firstBreak.reason).toMatch(/content does not match its hash/);

        const all = (await gql<{ verifyAllAuditTrails: { ok: boolean; reports: { claimId: string; ok: boolean; firstBreak: { revision: number } | null }[] } }>(VERIFY_ALL, {})).data!.verifyAllAuditTrails;
        expect(all.ok).toBe(false);
        expect(all.reports.find((r) => r.claimId === claimId)).toMatchObject({ ok: false, firstBreak: { revision: row.revision } });
        expect(all.reports.find((r) => r.claimId === otherClaimId)).toMatchObject({ ok: true, firstBreak: null });
        const failures = (await gql<{ verifyAllAuditTrails: { reports: { claimId: string }[] } }>(VERIFY_ALL, { only: true })).data!.verifyAllAuditTrails.reports;
        expect(failures.map((r) => r.claimId)).toEqual([claimId]);
      } finally {
        db.close();
      }
    });

    it('events removed from the middle or from the end are flagged too', async () => {
      const db = new Database(join(app.config.DATA_DIR, 'events.sqlite'));
      try {
        const stream = claimStream(otherClaimId);
        const { n } = db.prepare('SELECT max(revision) AS n FROM events WHERE stream_id = ?').get(stream) as { n: number };
        db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = ?').run(stream, n);
        let report = (await gql<{ verifyAuditTrail: { ok: boolean; firstBreak: { reason: string } } }>(VERIFY, { id: otherClaimId })).data!.verifyAuditTrail;
        expect(report.ok).toBe(false);
        expect(report.firstBreak.reason).toMatch(/events were removed from the end/);

        db.prepare('DELETE FROM events WHERE stream_id = ? AND revision = 1').run(stream);
        report = (await gql<{ verifyAuditTrail: { ok: boolean; firstBreak: { reason: string } } }>(VERIFY, { id: otherClaimId })).data!.verifyAuditTrail;
        // The transparency log remembers revision 1, so the gap is named where it is (the chain alone sees it at revision 2).
        expect(report.firstBreak).toMatchObject({ revision: 1 });
        expect(report.firstBreak.reason).toMatch(/revision 1 was logged at leaf \d+ and is no longer in the stream/);
      } finally {
        db.close();
      }
    });
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { WsSubscriber } from '../support/ws-subscriber';
import { startTestApp, TestApp } from '../support/test-app';

const REQUEST = `mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) { requestId claimId revision position } }`;
const SUMMARY = `query($id: ID!) { claim(id: $id) { id correctionRequests { received open acknowledged declined accepted declinedReasons answeredByCorrections } } }`;
const NODE = `requestId claimId problem evidenceUrl hasContact status requestedAt acknowledged { by { id } at } declined { by { id } at publicReason } accepted { by { id } at correctionNumber correctedAt } contact { contact expiresAt }`;
const LIST = `query($filter: CorrectionRequestFilterInput, $first: Int, $after: String) { correctionRequests(filter: $filter, first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } edges { node { ${NODE} } } } }`;
const ONE = `query($id: ID!) { correctionRequest(id: $id) { ${NODE} } }`;

type Err = { message: string; extensions?: Record<string, unknown> };

/** Readers' correction requests, end to end over HTTP: anonymous request, editors' handling, the public summary, and every hostile input. */
describe('correction requests over GraphQL (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let rafael: DeskClient;
  let edgar: DeskClient;
  let edgarToken: string;
  let ritaToken: string;

  beforeAll(async () => {
    // A generous budget here; the flood test runs against its own server with a small one.
    app = await startTestApp({ CORRECTION_REQUESTS_PER_ADDRESS: '1000', PUBLISH_MIN_SOURCES: '1' /* the gate has its own tests (editorial-integrity) */ });
    const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
    alice = await as('alice', 'Alice Contributor', ['contributor']);
    rita = await as('rita', 'Rita Reviewer', ['reviewer']);
    rafael = await as('rafael', 'Rafael Reviewer', ['reviewer']);
    edgarToken = await app.token({ sub: 'edgar', name: 'Edgar Editor', roles: ['editor'] });
    ritaToken = rita.token;
    edgar = new DeskClient(app, edgarToken);
  });
  afterAll(async () => app.close());

  async function publishedClaim(statement?: string): Promise<string> {
    const { claimId } = await alice.ok('submitClaim', claimInput(statement));
    const c1 = (await alice.ok('addCitation', citationInput(claimId, 1))).citationId as string;
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }] });
    await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Officials reported one death.', citationIds: [c1] });
    await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Two outlets count one.', citationIds: [c1] });
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One man died, not two.' });
    return claimId;
  }

  const ask = (input: Record<string, unknown>, auth?: string) => app.graphql<{ requestCorrection: { requestId: string; claimId: string } }>(REQUEST, { input }, auth);
  const editorAct = async (name: string, input: Record<string, unknown>, token = edgarToken) => {
    const type = name === 'acknowledgeCorrectionRequest' ? 'CorrectionRequestIdInput' : `${name.charAt(0).toUpperCase()}${name.slice(1)}Input`;
    return app.graphql<Record<string, { requestId: string; revision: number }>>(`mutation($input: ${type}!) { ${name}(input: $input) { requestId claimId revision } }`, { input }, token);
  };
  const summary = async (claimId: string, auth?: string) => (await app.graphql<{ claim: { correctionRequests: Record<string, unknown> } | null }>(SUMMARY, { id: claimId }, auth)).data?.claim?.correctionRequests;
  const one = async (id: string, token = edgarToken) => (await app.graphql<{ correctionRequest: Record<string, any> | null }>(ONE, { id }, token)).data?.correctionRequest;
  const requestStreams = async () => {
    const events = await app.app.get<EventStore>(EVENT_STORE).readAll();
    return events.filter((e) => e.stream.startsWith('correction-request-')).length;
  };
  const code = (errors: Err[] | undefined) => errors?.[0]?.extensions?.code;

  it('anonymous request -> editor acknowledges -> editor corrects -> accepts -> the public summary shows it', async () => {
    const claimId = await publishedClaim();
    expect(await summary(claimId)).toEqual({ received: 0, open: 0, acknowledged: 0, declined: 0, accepted: 0, declinedReasons: [], answeredByCorrections: [] });

    const asked = await ask({ claimId, problem: 'A second death was confirmed on 2 July.', evidenceUrl: 'https://example.org/second-death', contact: 'reader@example.org' });
    expect(asked.errors).toBeUndefined();
    const { requestId } = asked.data!.requestCorrection;
    expect(asked.data!.requestCorrection.claimId).toBe(claimId);

    // The event holds no contact; the editors' view has it, from the private store.
    const stored = (await app.app.get<EventStore>(EVENT_STORE).readStream(`correction-request-${requestId}`)) as { found: true; events: { type: string; data: object; metadata: Record<string, unknown> }[] };
    expect(stored.events.map((e) => e.type)).toEqual(['CorrectionRequested']);
    expect(JSON.stringify(stored.events[0])).not.toContain('reader@example.org');
    expect(stored.events[0].data).toMatchObject({ requestId, claimId, hasContact: true, evidenceUrl: 'https://example.org/second-death' });
    expect(stored.events[0].metadata).toMatchObject({ schemaVersion: 1, actorId: 'public', commandType: 'RequestCorrection' });

    const opened = await one(requestId);
    expect(opened).toMatchObject({ status: 'OPEN', hasContact: true, contact: { contact: 'reader@example.org' }, acknowledged: null });
    // Kept for the retention period (90 days by default) from the request.
    const days = (Date.parse(opened!.contact.expiresAt) - Date.parse(opened!.requestedAt)) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    expect(await summary(claimId)).toMatchObject({ received: 1, open: 1, acknowledged: 0 });

    const ack = await editorAct('acknowledgeCorrectionRequest', { requestId });
    expect(ack.errors).toBeUndefined();
    expect(await summary(claimId)).toMatchObject({ received: 1, open: 1, acknowledged: 1 });

    // Accepting before any correction answers it is refused, with its own code.
    const early = await editorAct('acceptCorrectionRequest', { requestId, correctionNumber: 1 });
    expect(code(early.errors)).toBe('CORRECTION_NOT_FOUND');

    await edgar.ok('correctFactCheck', { claimId, note: 'A second death was confirmed on 2 July.', newRating: 'MOSTLY_FALSE', newSummary: 'Two died, but not on 27 June.', justification: 'The second death was confirmed after the reviewers rated.' });
    const acceptedAct = await editorAct('acceptCorrectionRequest', { requestId, correctionNumber: 1 });
    expect(acceptedAct.errors).toBeUndefined();

    const done = await one(requestId);
    expect(done).toMatchObject({ status: 'ACCEPTED', acknowledged: { by: { id: 'edgar' } }, accepted: { by: { id: 'edgar' }, correctionNumber: 1 } });
    // Each step's time is kept, in order.
    expect(Date.parse(done!.requestedAt)).toBeLessThanOrEqual(Date.parse(done!.acknowledged.at));
    expect(Date.parse(done!.acknowledged.at)).toBeLessThanOrEqual(Date.parse(done!.accepted.correctedAt));
    expect(Date.parse(done!.accepted.correctedAt)).toBeLessThanOrEqual(Date.parse(done!.accepted.at));

    // The public (no token) sees counts and how it was resolved; nothing the reader wrote or left.
    const publicView = await app.graphql<{ claim: Record<string, unknown> }>(SUMMARY, { id: claimId });
    expect(publicView.data?.claim.correctionRequests).toEqual({ received: 1, open: 0, acknowledged: 0, declined: 0, accepted: 1, declinedReasons: [], answeredByCorrections: [1] });
    expect(JSON.stringify(publicView)).not.toMatch(/reader@example\.org|second-death|confirmed on 2 July/);
    // The README's query, as pasted, answers the same to the public.
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    const example = /<!-- correction-requests-test: summary -->\n```graphql\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const pasted = await app.graphql<{ claim: Record<string, unknown> }>(example!, { id: claimId });
    expect(pasted.errors).toBeUndefined();
    expect(pasted.data?.claim.correctionRequests).toEqual(publicView.data?.claim.correctionRequests);

    // Final: nothing more may be done with it.
    expect(code((await editorAct('declineCorrectionRequest', { requestId, publicReason: 'Too late.' })).errors)).toBe('CORRECTION_REQUEST_RESOLVED');
  });

  it('a correction published before the request cannot be said to answer it', async () => {
    const claimId = await publishedClaim();
    await edgar.ok('correctFactCheck', { claimId, note: 'Typo in the summary fixed.', newSummary: 'One man died, not two (official).' });
    const { requestId } = (await ask({ claimId, problem: 'The date is wrong.' })).data!.requestCorrection;
    expect(code((await editorAct('acceptCorrectionRequest', { requestId, correctionNumber: 1 })).errors)).toBe('CORRECTION_PREDATES_REQUEST');
    expect((await one(requestId))?.status).toBe('OPEN');
  });

  it('declines with a public reason, shown on the fact-check', async () => {
    const claimId = await publishedClaim();
    const { requestId } = (await ask({ claimId, problem: 'Nobody died at all.' })).data!.requestCorrection;
    expect(code((await editorAct('declineCorrectionRequest', { requestId, publicReason: '   ' })).errors)).toBe('BAD_USER_INPUT');
    const declined = await editorAct('declineCorrectionRequest', { requestId, publicReason: 'Two independent reports and the coroner confirm one death.' });
    expect(declined.errors).toBeUndefined();
    expect(await one(requestId)).toMatchObject({ status: 'DECLINED', declined: { by: { id: 'edgar' }, publicReason: 'Two independent reports and the coroner confirm one death.' }, contact: null });
    expect(await summary(claimId)).toEqual({ received: 1, open: 0, acknowledged: 0, declined: 1, accepted: 0, declinedReasons: ['Two independent reports and the coroner confirm one death.'], answeredByCorrections: [] });
  });

  it('editors list requests by status and claim, paged; nobody else reads them', async () => {
    const claimId = await publishedClaim();
    const ids: string[] = [];
    for (const n of [1, 2, 3]) ids.push((await ask({ claimId, problem: `Problem number ${n}.` })).data!.requestCorrection.requestId);
    await editorAct('acknowledgeCorrectionRequest', { requestId: ids[1] });

    const page1 = await app.graphql<{ correctionRequests: any }>(LIST, { filter: { claimId }, first: 2 }, edgarToken);
    expect(page1.data?.correctionRequests.totalCount).toBe(3);
    expect(page1.data?.correctionRequests.edges.map((e: any) => e.node.requestId)).toEqual([ids[2], ids[1]]);
    expect(page1.data?.correctionRequests.pageInfo.hasNextPage).toBe(true);
    const page2 = await app.graphql<{ correctionRequests: any }>(LIST, { filter: { claimId }, first: 2, after: page1.data?.correctionRequests.pageInfo.endCursor }, edgarToken);
    expect(page2.data?.correctionRequests.edges.map((e: any) => e.node.requestId)).toEqual([ids[0]]);
    expect(page2.data?.correctionRequests.pageInfo.hasNextPage).toBe(false);

    const acknowledged = await app.graphql<{ correctionRequests: any }>(LIST, { filter: { claimId, status: ['ACKNOWLEDGED'] } }, edgarToken);
    expect(acknowledged.data?.correctionRequests.edges.map((e: any) => e.node.requestId)).toEqual([ids[1]]);

    // A cursor of another filter is refused, not read as a position in this list.
    const otherCursor = await app.graphql(LIST, { filter: { claimId, status: ['OPEN'] }, after: page1.data?.correctionRequests.pageInfo.endCursor }, edgarToken);
    expect(code(otherCursor.errors)).toBe('BAD_USER_INPUT');

    expect(code((await app.graphql(LIST, {})).errors)).toBe('UNAUTHENTICATED');
    expect(code((await app.graphql(LIST, {}, ritaToken)).errors)).toBe('FORBIDDEN');
    expect(code((await app.graphql(ONE, { id: ids[0] }, ritaToken)).errors)).toBe('FORBIDDEN');
    expect(code((await editorAct('acknowledgeCorrectionRequest', { requestId: ids[0] }, ritaToken)).errors)).toBe('FORBIDDEN');
    expect(code((await app.graphql(ONE, { id: ids[0] })).errors)).toBe('UNAUTHENTICATED');
    expect(code((await editorAct('acknowledgeCorrectionRequest', { requestId: ids[0] }, '')).errors)).toBe('UNAUTHENTICATED');
    expect(code((await editorAct('declineCorrectionRequest', { requestId: ids[0], publicReason: 'No.' }, '')).errors)).toBe('UNAUTHENTICATED');
    expect(code((await editorAct('acceptCorrectionRequest', { requestId: ids[0], correctionNumber: 1 }, '')).errors)).toBe('UNAUTHENTICATED');
    expect(code((await editorAct('acknowledgeCorrectionRequest', { requestId: 'no-such-request' })).errors)).toBe('CORRECTION_REQUEST_NOT_FOUND');
  });

  describe('hostile inputs are refused with named codes, and nothing is stored', () => {
    let claimId: string;
    beforeAll(async () => {
      claimId = await publishedClaim();
    });

    it.each([
      ['an oversized problem', () => ({ claimId, problem: 'x'.repeat(4001) }), 'BAD_USER_INPUT', /problem/],
      ['control characters in the problem', () => ({ claimId, problem: 'wrong\u0000figure' }), 'BAD_USER_INPUT', /problem must not contain control characters/],
      ['a blank problem', () => ({ claimId, problem: '\u200B \u00A0' }), 'BAD_USER_INPUT', /problem must not be blank/],
      ['a javascript: evidence URL', () => ({ claimId, problem: 'p', evidenceUrl: 'javascript:alert(1)' }), 'BAD_USER_INPUT', /evidenceUrl/],
      ['an evidence URL with a password', () => ({ claimId, problem: 'p', evidenceUrl: 'https://u:p@example.org/' }), 'BAD_USER_INPUT', /evidenceUrl/],
      ['a bidi override in the contact', () => ({ claimId, problem: 'p', contact: 'me@\u202Eexample.org' }), 'BAD_USER_INPUT', /contact/],
      ['a newline in the contact', () => ({ claimId, problem: 'p', contact: 'me@example.org\nBcc: x' }), 'BAD_USER_INPUT', /contact/],
      ['an oversized contact', () => ({ claimId, problem: 'p', contact: `${'a'.repeat(320)}@x` }), 'BAD_USER_INPUT', /contact/],
      ['a claim id that is no id', () => ({ claimId: "x' OR 1=1 --", problem: 'p' }), 'BAD_USER_INPUT', /claimId/],
      ['a claim that does not exist', () => ({ claimId: 'no-such-claim', problem: 'p' }), 'CLAIM_NOT_PUBLISHED', /no published fact-check/],
    ])('%s', async (_case, input, expected, message) => {
      const before = await requestStreams();
      const response = await ask(input());
      expect(code(response.errors)).toBe(expected);
      expect(response.errors?.[0].message).toMatch(message);
      expect(response.data?.requestCorrection ?? null).toBeNull();
      expect(await requestStreams()).toBe(before);
    });

    it('an unpublished claim (a draft, a retracted fact-check)', async () => {
      const draft = (await alice.ok('submitClaim', claimInput('A draft nobody published.'))).claimId;
      const retracted = await publishedClaim('A fact-check later retracted.');
      await edgar.ok('retractFactCheck', { claimId: retracted, note: 'Withdrawn pending review.' });
      const before = await requestStreams();
      for (const id of [draft, retracted]) {
        const response = await ask({ claimId: id, problem: 'Wrong.', contact: 'x@example.org' });
        expect(code(response.errors)).toBe('CLAIM_NOT_PUBLISHED');
      }
      expect(await requestStreams()).toBe(before);
    });
  });

  it('a retry with the same mutationId files nothing new and answers the first result; another request under it is refused', async () => {
    const claimId = await publishedClaim('A reader retries a request whose answer was lost.');
    const mutationId = `retry-${claimId}`;
    const input = { claimId, problem: 'The toll was revised to two.', evidenceUrl: 'https://example.org/toll', contact: 'reader@example.org', mutationId };
    const retried = `mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) { requestId claimId revision position replayed } }`;
    const before = await requestStreams();
    // The original and two retries at once (the client timed out and resent), then one more later.
    const answers = await Promise.all([0, 1, 2].map(() => app.graphql<{ requestCorrection: Record<string, unknown> }>(retried, { input })));
    const later = await app.graphql<{ requestCorrection: Record<string, unknown> }>(retried, { input });
    const results = [...answers, later].map((answer) => {
      expect(answer.errors).toBeUndefined();
      return answer.data!.requestCorrection;
    });
    expect(new Set(results.map((r) => r.requestId)).size).toBe(1);
    expect(new Set(results.map((r) => r.position)).size).toBe(1);
    expect(results.filter((r) => r.replayed === false)).toHaveLength(1);
    expect(await requestStreams()).toBe(before + 1);
    expect((await summary(claimId))?.received).toBe(1);
    // The contact survived the racing retries.
    expect((await one(results[0].requestId as string))?.contact?.contact).toBe('reader@example.org');

    const other = await app.graphql(retried, { input: { ...input, problem: 'Something else entirely.' } });
    expect(code(other.errors as Err[])).toBe('MUTATION_ID_REUSED');
    expect(await requestStreams()).toBe(before + 1);
  });

  it('several requestCorrection in one operation (aliases, a fragment) are refused together: nothing filed, no budget spent', async () => {
    const claimId = await publishedClaim('A reader sends eight requests in one operation.');
    const before = await requestStreams();
    const aliased = `mutation($id: ID!) { ${Array.from({ length: 8 }, (_, i) => `r${i}: requestCorrection(input: { claimId: $id, problem: "Wrong ${i}." }) { requestId }`).join(' ')} }`;
    const viaFragment = `mutation($id: ID!) { requestCorrection(input: { claimId: $id, problem: "One." }) { requestId } ...more } fragment more on Mutation { again: requestCorrection(input: { claimId: $id, problem: "Two." }) { requestId } }`;
    for (const query of [aliased, viaFragment]) {
      const response = await app.graphql(query, { id: claimId });
      expect(response.data ?? null).toBeNull();
      expect(new Set(response.errors?.map((e) => e.extensions?.code))).toEqual(new Set(['BAD_USER_INPUT']));
    }
    expect(await requestStreams()).toBe(before);
    expect((await ask({ claimId, problem: 'Just one.' })).errors).toBeUndefined();
  });

  it('a flood beyond the per-address limit is refused with RATE_LIMITED, and nothing more is stored', async () => {
    const small = await startTestApp({ CORRECTION_REQUESTS_PER_ADDRESS: '2', PUBLISH_MIN_SOURCES: '1' });
    try {
      const editor = new DeskClient(small, await small.token({ sub: 'edgar', name: 'Edgar Editor', roles: ['editor'] }));
      const contributor = new DeskClient(small, await small.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
      const reviewers = await Promise.all(['rita', 'rafael'].map(async (sub) => new DeskClient(small, await small.token({ sub, name: sub, roles: ['reviewer'] }))));
      const { claimId } = await contributor.ok('submitClaim', claimInput());
      const c1 = (await contributor.ok('addCitation', citationInput(claimId, 1))).citationId as string;
      await editor.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
      for (const r of reviewers) await r.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'r', citationIds: [c1] });
      await editor.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 's' });

      const send = () => small.graphql<{ requestCorrection: { requestId: string } }>(REQUEST, { input: { claimId, problem: 'Flood.' } });
      // The same address over a WebSocket shares the budget: one over HTTP plus one over the socket spend it.
      const socket = new WsSubscriber(small.url);
      const overSocket = async () => {
        const sent = socket.subscribe<{ requestCorrection: { requestId: string } }>(REQUEST, { input: { claimId, problem: 'Flood over a socket.' } });
        await eventually(() => expect(sent.received.length + sent.errors.length).toBe(1));
        return sent;
      };
      try {
        expect((await send()).errors).toBeUndefined();
        expect((await overSocket()).errors).toEqual([]);
        const refused = await send();
        expect(code(refused.errors)).toBe('RATE_LIMITED');
        expect(refused.errors?.[0].extensions?.retryAfterSeconds).toEqual(expect.any(Number));
        const refusedOverSocket = await overSocket();
        expect(JSON.stringify(refusedOverSocket.errors)).toContain('RATE_LIMITED');
      } finally {
        await socket.close();
      }
      const events = await small.app.get<EventStore>(EVENT_STORE).readAll();
      expect(events.filter((e) => e.stream.startsWith('correction-request-'))).toHaveLength(2);
    } finally {
      await small.close();
    }
  });
});

import { expectUntouched, lastPosition } from '../support/hostile';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';

interface Answer {
  status: number;
  retryAfter: string | null;
  body: { data?: Record<string, unknown> | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
}

/** A GraphQL POST as any client sends it, keeping the status and the Retry-After header. */
async function post(app: TestApp, query: string, token?: string, variables?: Record<string, unknown>): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return { status: response.status, retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

function expectRateLimited(answer: Answer, who: RegExp) {
  expect(answer.status).toBe(429);
  const seconds = Number(answer.retryAfter);
  expect(Number.isInteger(seconds) && seconds >= 1 && seconds <= 60).toBe(true);
  expect(answer.body.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: seconds });
  expect(answer.body.errors?.[0]?.message).toMatch(who);
  expect(answer.body.errors?.[0]?.extensions).not.toHaveProperty('http');
}

const CHEAP = '{ __typename }';
const SEARCH = '{ claims(filter: { search: "dead" }) { totalCount } }';
const SUBMIT = `mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { claimId revision } }`;
const claimInput = (statement: string) => ({
  input: { statement, claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: ['raids'] },
});

describe('rate limits (e2e, low limits set through the environment)', () => {
  describe('per actor and per client address, with heavier searches and audit queries', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({
        RATE_LIMIT_WINDOW_SECONDS: '60',
        RATE_LIMIT_ACTOR_POINTS: '20',
        RATE_LIMIT_ADDRESS_POINTS: '150',
        RATE_LIMIT_SEARCH_COST: '10',
        RATE_LIMIT_AUDIT_COST: '5',
      });
    });
    afterAll(async () => app.close());

    it('an actor over its budget gets 429 with Retry-After and RATE_LIMITED, writes nothing, and health still answers', async () => {
      const alice = await app.token({ sub: 'alice', roles: ['contributor'] });
      const served = await post(app, SUBMIT, alice, claimInput('Nine people were detained.'));
      expect(served.status).toBe(200);
      expect(served.body.errors).toBeUndefined();
      for (let i = 0; i < 19; i++) expect((await post(app, CHEAP, alice)).status).toBe(200); // 20 points spent
      await expectUntouched(app, async () => {
        expectRateLimited(await post(app, SUBMIT, alice, claimInput('Ten people were detained.')), /this actor may spend 20 points per 60 s/);
        expectRateLimited(await post(app, CHEAP, alice), /this actor/);
      });
      // health checks are exempt: many, at once, while the actor is limited
      const health = await Promise.all(Array.from({ length: 50 }, () => fetch(`${app.url}/health`, { signal: AbortSignal.timeout(2000) })));
      expect(health.map((r) => r.status)).toEqual(Array(50).fill(200));
      expect(health[0].headers.get('retry-after')).toBeNull();
    });

    it('another actor and an anonymous reader at the same address keep their own budgets', async () => {
      const bob = await app.token({ sub: 'bob', roles: ['reviewer'] });
      const limited = await app.token({ sub: 'alice', roles: ['contributor'] });
      expect((await post(app, CHEAP, limited)).status).toBe(429);
      expect((await post(app, CHEAP, bob)).status).toBe(200);
      expect((await post(app, CHEAP)).status).toBe(200);
    });

    it('a search costs RATE_LIMIT_SEARCH_COST and an audit query RATE_LIMIT_AUDIT_COST: fewer fit in the budget', async () => {
      const searcher = await app.token({ sub: 'searcher', roles: ['editor'] });
      expect((await post(app, SEARCH, searcher)).status).toBe(200);
      expect((await post(app, SEARCH, searcher)).status).toBe(200); // 20 points: the budget
      await expectUntouched(app, async () => expectRateLimited(await post(app, CHEAP, searcher), /costs 1/));

      const auditor = await app.token({ sub: 'auditor', roles: ['editor'] });
      const history = '{ verifyAllAuditTrails { ok } }';
      for (let i = 0; i < 4; i++) expect((await post(app, history, auditor)).status).toBe(200); // 4 x 5 = 20
      await expectUntouched(app, async () => expectRateLimited(await post(app, history, auditor), /costs 5/));
    });

    it('an operation is charged once for all its root fields, fragments and variables included, before any runs', async () => {
      const carol = await app.token({ sub: 'carol', roles: ['editor'] });
      // two searches (one through an inline fragment, one through a variable) = 20, plus __typename = 21 > 20
      const query = `query($f: ClaimFilterInput) { __typename ... on Query { a: claims(filter: { search: "dead" }) { totalCount } } ...B }
        fragment B on Query { b: claims(filter: $f) { totalCount } }`;
      await expectUntouched(app, async () => {
        const answer = await post(app, query, carol, { f: { search: 'raid' } });
        expectRateLimited(answer, /this request costs 21/);
        expect(answer.body.data ?? null).toBeNull();
      });
      // nothing was spent by the refusal: a 20-point operation still fits
      expect((await post(app, `{ a: claims(filter: { search: "x" }) { totalCount } b: claims(filter: { search: "y" }) { totalCount } }`, carol)).status).toBe(200);
    });

    it('operations sent over the WebSocket are charged to the same budget as over HTTP', async () => {
      const token = await app.token({ sub: 'ws-searcher', roles: ['editor'] });
      expect((await post(app, SEARCH, token)).status).toBe(200); // 10 of 20 points, over HTTP
      const ws = new WsSubscriber(app.url, token);
      try {
        const first = ws.subscribe<{ claims: { totalCount: number } }>(SEARCH);
        await eventually(() => expect([first.received.length, first.errors]).toEqual([1, []])); // 20 of 20, over the socket
        await expectUntouched(app, async () => {
          const second = ws.subscribe(SEARCH);
          await eventually(() => expect(second.errors).toHaveLength(1));
          expect(JSON.stringify(second.errors[0])).toMatch(/"code":"RATE_LIMITED"/);
          expect(JSON.stringify(second.errors[0])).toMatch(/"retryAfterSeconds":\d+/);
          expect(second.received).toEqual([]);
        });
        expectRateLimited(await post(app, CHEAP, token), /this actor/);
      } finally {
        await ws.close();
      }
    });

    it('the client address has its own budget over every caller from it', async () => {
      // Spend what is left of the address's 150 points with fresh actors (each within its own 20).
      let limited: Answer | undefined;
      for (let i = 0; i < 20 && !limited; i++) {
        const token = await app.token({ sub: `crowd-${i}`, roles: [] });
        for (let j = 0; j < 20; j++) {
          const answer = await post(app, CHEAP, token);
          if (answer.status === 429) {
            limited = answer;
            break;
          }
        }
      }
      expect(limited).toBeDefined();
      expectRateLimited(limited!, /this client address may spend 150 points/);
      await expectUntouched(app, async () => expectRateLimited(await post(app, CHEAP, await app.token({ sub: 'newcomer', roles: [] })), /client address/));
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    });

    it('plain HTTP routes are limited too, with 429, Retry-After and RATE_LIMITED', async () => {
      // the address is spent (previous test): the ClaimReview feed is refused as well, /health is not
      const response = await fetch(`${app.url}/claim-reviews.jsonld?first=1`);
      expect(response.status).toBe(429);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await response.json()).toMatchObject({ statusCode: 429, code: 'RATE_LIMITED' });
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
    });
  });

  describe('WebSocket connections and subscriptions', () => {
    let app: TestApp;
    let claimId: string;
    let token: string;
    beforeAll(async () => {
      app = await startTestApp({ WS_MAX_CONNECTIONS_PER_ADDRESS: '2', WS_MAX_SUBSCRIPTIONS_PER_CONNECTION: '2' });
      token = await app.token({ sub: 'rita', roles: ['editor'] });
      const submitted = await app.graphql<{ submitClaim: { claimId: string } }>(SUBMIT, claimInput('Five people were killed.'), token);
      claimId = submitted.data!.submitClaim.claimId;
    });
    afterAll(async () => app.close());

    const CLAIM = 'subscription($id: ID!) { claimUpdated(id: $id) { id revision } }';

    it('a client address beyond WS_MAX_CONNECTIONS_PER_ADDRESS is closed with 4429; a closed connection frees its place', async () => {
      const first = new WsSubscriber(app.url, token);
      const second = new WsSubscriber(app.url, token);
      const third = new WsSubscriber(app.url, token);
      try {
        const s1 = first.subscribe(CLAIM, { id: claimId });
        const s2 = second.subscribe(CLAIM, { id: claimId });
        await eventually(() => expect([s1.received.length, s2.received.length]).toEqual([1, 1]));
        await expectUntouched(app, async () => {
          const s3 = third.subscribe(CLAIM, { id: claimId });
          await eventually(() => expect(third.closeEvent).toMatchObject({ code: 4429, reason: 'Too many connections from this address' }));
          expect(s3.received).toEqual([]);
        });
        await first.close();
        const fourth = new WsSubscriber(app.url, token);
        try {
          const s4 = fourth.subscribe(CLAIM, { id: claimId });
          await eventually(() => expect(s4.received).toHaveLength(1));
        } finally {
          await fourth.close();
        }
      } finally {
        await Promise.all([first.close(), second.close(), third.close()]);
      }
    });

    it('sockets that never send connection_init hold their places too: the next one is closed with 4429', async () => {
      // Found by an outsider: 300 idle sockets from one address were all accepted (each closed only by
      // graphql-ws's init timeout), enough to fill the server's connections for everyone else.
      const { WebSocket } = await import('ws');
      const open = (): Promise<{ socket: InstanceType<typeof WebSocket>; closed: Promise<number> }> =>
        new Promise((resolve, reject) => {
          const socket = new WebSocket(app.url.replace('http', 'ws') + '/graphql', 'graphql-transport-ws');
          const closed = new Promise<number>((done) => socket.once('close', (code: number) => done(code)));
          socket.once('open', () => resolve({ socket, closed }));
          socket.once('error', reject);
        });
      const idle = [await open(), await open()];
      try {
        await expectUntouched(app, async () => {
          const third = await open();
          expect(await third.closed).toBe(4429);
        });
      } finally {
        idle.forEach(({ socket }) => socket.close());
        await Promise.all(idle.map(({ closed }) => closed));
      }
      // Their places are free again once they close.
      const again = new WsSubscriber(app.url, token);
      try {
        const s = again.subscribe(CLAIM, { id: claimId });
        await eventually(() => expect(s.received).toHaveLength(1));
      } finally {
        await again.close();
      }
    });

    it('a subscription beyond WS_MAX_SUBSCRIPTIONS_PER_CONNECTION is refused with RATE_LIMITED; the others go on', async () => {
      const ws = new WsSubscriber(app.url, token);
      try {
        const s1 = ws.subscribe(CLAIM, { id: claimId });
        const s2 = ws.subscribe(CLAIM, { id: claimId });
        await eventually(() => expect([s1.received.length, s2.received.length]).toEqual([1, 1]));
        await expectUntouched(app, async () => {
          const s3 = ws.subscribe(CLAIM, { id: claimId });
          await eventually(() => expect(s3.errors).toHaveLength(1));
          expect(JSON.stringify(s3.errors[0])).toMatch(/"code":"RATE_LIMITED"/);
          expect(s3.received).toEqual([]);
        });
        expect(ws.closeEvent).toBeUndefined();
        // completing one frees its place
        s1.unsubscribe();
        const s4 = ws.subscribe(CLAIM, { id: claimId });
        await eventually(() => expect(s4.received).toHaveLength(1));
        const before = await lastPosition(app);
        await app.graphql(`mutation { reviseClaimDetails(input: { claimId: "${claimId}", topics: ["raids", "russia"], reason: "Topic" }) { revision } }`, undefined, token);
        expect(await lastPosition(app)).toBe(before + 1);
        await eventually(() => expect([s2.received.length, s4.received.length]).toEqual([2, 2]));
      } finally {
        await ws.close();
      }
    });
  });

  describe('behind a proxy (TRUST_PROXY)', () => {
    /** An anonymous GraphQL POST as forwarded by a proxy for `client`. */
    const forwarded = (app: TestApp, client: string) =>
      fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': client }, body: JSON.stringify({ query: CHEAP }) }).then((r) => r.status);
    const LOW = { RATE_LIMIT_ADDRESS_POINTS: '5', RATE_LIMIT_ACTOR_POINTS: '1000', WS_MAX_CONNECTIONS_PER_ADDRESS: '1' };

    it('with TRUST_PROXY=1, two clients behind the proxy get separate budgets and separate WebSocket places', async () => {
      const app = await startTestApp({ ...LOW, TRUST_PROXY: '1' });
      try {
        for (let i = 0; i < 5; i++) expect(await forwarded(app, '203.0.113.7')).toBe(200);
        await expectUntouched(app, async () => expect(await forwarded(app, '203.0.113.7')).toBe(429));
        expect(await forwarded(app, '198.51.100.9')).toBe(200);
        // the proxy appends the address it saw: the client's own X-Forwarded-For entries are not believed
        expect(await forwarded(app, '198.51.100.9, 203.0.113.7')).toBe(429);

        const first = new WsSubscriber(app.url, undefined, { headers: { 'x-forwarded-for': '203.0.113.20' } });
        const second = new WsSubscriber(app.url, undefined, { headers: { 'x-forwarded-for': '203.0.113.21' } });
        const third = new WsSubscriber(app.url, undefined, { headers: { 'x-forwarded-for': '203.0.113.20' } });
        try {
          const a = first.subscribe<{ whoami: null }>('query { whoami { id } }');
          await eventually(() => expect(a.received).toHaveLength(1));
          const b = second.subscribe<{ whoami: null }>('query { whoami { id } }');
          await eventually(() => expect(b.received).toHaveLength(1));
          third.subscribe('query { whoami { id } }');
          await eventually(() => expect(third.closeEvent).toMatchObject({ code: 4429 }));
        } finally {
          await Promise.all([first.close(), second.close(), third.close()]);
        }
      } finally {
        await app.close();
      }
    });

    it('without TRUST_PROXY, X-Forwarded-For is ignored: a client cannot dodge its budget by forging it', async () => {
      const app = await startTestApp(LOW);
      try {
        for (let i = 0; i < 5; i++) expect(await forwarded(app, `203.0.113.${i}`)).toBe(200);
        await expectUntouched(app, async () => expect(await forwarded(app, '198.51.100.99')).toBe(429));
        const first = new WsSubscriber(app.url, undefined, { headers: { 'x-forwarded-for': '203.0.113.30' } });
        const second = new WsSubscriber(app.url, undefined, { headers: { 'x-forwarded-for': '203.0.113.31' } });
        try {
          // connected (answered, if only with RATE_LIMITED: the address's points are spent), and kept open
          const a = first.subscribe<{ whoami: null }>('query { whoami { id } }');
          await eventually(() => expect(a.received.length + a.errors.length).toBe(1));
          expect(first.closeEvent).toBeUndefined();
          second.subscribe('query { whoami { id } }');
          await eventually(() => expect(second.closeEvent).toMatchObject({ code: 4429 }));
        } finally {
          await Promise.all([first.close(), second.close()]);
        }
      } finally {
        await app.close();
      }
    });
  });
});

import { request } from 'node:http';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { drainingOf } from '../../src/bootstrap';
import { eventually } from '../support/eventually';
import { expectUntouched } from '../support/hostile';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';
import { TEST_LOG_SIGNING_KEY } from '../support/log-key';

const METRICS_TOKEN = 'metrics-token-for-the-edge-tests-0123456789';

/** The doubling document of issue #11 (983 bytes at 24 levels): each fragment spreads the previous one twice. */
function doubling(levels: number, last = '...Missing'): string {
  const fragments = [`fragment F0 on Query { ${last} }`];
  for (let i = 1; i <= levels; i++) fragments.push(`fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`);
  return `query { ...F${levels} } ${fragments.join(' ')}`;
}

async function post(app: TestApp, body: unknown) {
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as { errors?: { message: string; extensions?: Record<string, unknown> }[]; data?: unknown } };
}

describe('hostile input at the edge (e2e)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ METRICS_TOKEN });
  });
  afterAll(async () => app.close());

  describe('query cost', () => {
    it('refuses the doubling document with an unknown fragment at once, naming the fragment (a validation failure: HTTP 200 for application/json)', async () => {
      const { status, body } = await expectUntouched(app, () => post(app, { query: doubling(24) }));
      expect(status).toBe(200);
      expect(body.errors?.map((e) => e.message).join(' ')).toMatch(/"Missing"/);
      expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    });

    it('refuses the doubling document with known fragments as QUERY_TOO_COMPLEX (2^24 fields)', async () => {
      const { status, body } = await expectUntouched(app, () => post(app, { query: doubling(24, '__typename') }));
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
      expect(body.errors?.[0].message).toMatch(/more than 1500 fields/);
    });

    it('refuses the doubling document over the WebSocket subscribe too', async () => {
      const token = await app.token({ sub: 'elena', roles: ['editor'] });
      const ws = new WsSubscriber(app.url, token);
      try {
        await expectUntouched(app, async () => {
          const unknown = ws.subscribe(`subscription { deskChanges { claimId ...F24 } } ${doubling(24).replace('query { ...F24 } ', '').replace(/on Query/g, 'on DeskChange')}`);
          await eventually(() => expect(JSON.stringify(unknown.errors)).toMatch(/Missing/));
          const known = ws.subscribe(`subscription { deskChanges { ...F24 } } ${doubling(24, 'claimId').replace('query { ...F24 } ', '').replace(/on Query/g, 'on DeskChange')}`);
          await eventually(() => expect(JSON.stringify(known.errors)).toContain('"code":"QUERY_TOO_COMPLEX"'));
          expect(known.received).toEqual([]);
        });
      } finally {
        await ws.close();
      }
    });

    it('counts inline fragments toward the top-level limit', async () => {
      const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: __typename`).join(' ');
      const { status, body } = await expectUntouched(app, () => post(app, { query: `{ ... on Query { ${aliases} } }` }));
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ extensions: { code: 'QUERY_TOO_COMPLEX' } });
      expect(body.errors?.[0].message).toMatch(/40 top-level fields/);
    });

    it('applies the size limit over HTTP: a 450 KB document is refused before it is parsed', async () => {
      const { status, body } = await expectUntouched(app, () => post(app, { query: `{ __typename } ${'#'.repeat(450_000)}` }));
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/longer than 100000 characters/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
      expect(body.data).toBeUndefined();
    });

    it('stops parsing at the token limit, over HTTP and WebSocket', async () => {
      const many = `{ ${'__typename '.repeat(10_001)} }`;
      expect(many.length).toBeLessThan(120_000);
      const short = `{ ${'a '.repeat(10_001)}}`;
      const { status, body } = await expectUntouched(app, () => post(app, { query: short }));
      expect(status).toBe(400);
      expect(body.errors?.[0]).toMatchObject({ message: expect.stringMatching(/more than 10000 tokens/), extensions: { code: 'QUERY_TOO_COMPLEX' } });
      const ws = new WsSubscriber(app.url, await app.token({ sub: 'elena', roles: ['editor'] }));
      try {
        const sub = ws.subscribe(`subscription { deskChanges { ${'claimId '.repeat(10_001)} } }`);
        await eventually(() => expect(JSON.stringify(sub.errors)).toContain('"code":"QUERY_TOO_COMPLEX"'));
        expect(JSON.stringify(sub.errors)).toMatch(/more than 10000 tokens/);
      } finally {
        await ws.close();
      }
    });

    it('refuses ten aliases of a 100-claim page with every appearance before anything runs: the estimate counts list sizes', async () => {
      // Issue #11 (amplification): 1,093 characters that answered 124 MB at the inputs' maximum sizes.
      const alias = (i: number) => `a${i}: claims(first:100){edges{node{statement claimant{name} topics appearances{url outlet appearedAt}}}}`;
      const query = `{ ${Array.from({ length: 10 }, (_, i) => alias(i)).join(' ')} }`;
      const { status, body } = await expectUntouched(app, () => post(app, { query }));
      expect(status).toBe(400);
      expect(body.data).toBeUndefined();
      expect(body.errors).toHaveLength(1);
      expect(body.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      // 10 x (1 + 100 x (edge + node + statement + claimant{name} + 20 topics + 50 x (appearance + 3)))
      expect(body.errors?.[0].message).toMatch(/could return about 225,010 values .*at most 50,000 are allowed/);
      // One of them is within the maximum (22,501), and so are the desk's own queries.
      const one = await post(app, { query: `{ ${alias(0)} }` });
      expect(one.status).toBe(200);
      expect(one.body.errors).toBeUndefined();
      // With variables, a page counts its maximum (100): the estimate does not depend on what is sent.
      const variable = await expectUntouched(app, () =>
        post(app, { query: `query($n: Int) { ${Array.from({ length: 3 }, (_, i) => alias(i).replace('first:100', 'first:$n')).join(' ')} }`, variables: { n: 1 } }),
      );
      expect(variable.body.errors?.[0].message).toMatch(/about 67,503 values/);
    });

    it('refuses the amplifying query over the WebSocket too', async () => {
      const ws = new WsSubscriber(app.url, await app.token({ sub: 'elena', roles: ['editor'] }));
      try {
        await expectUntouched(app, async () => {
          const big = ws.subscribe(`query { ${Array.from({ length: 10 }, (_, i) => `a${i}: claims(first: 100) { edges { node { topics appearances { url outlet } } } }`).join(' ')} }`);
          await eventually(() => expect(JSON.stringify(big.errors)).toContain('"code":"QUERY_TOO_COMPLEX"'));
          expect(JSON.stringify(big.errors)).toMatch(/at most 50,000/);
          expect(big.received).toEqual([]);
        });
      } finally {
        await ws.close();
      }
    });

    it('limits aliases', async () => {
      const aliases = Array.from({ length: 101 }, (_, i) => `x${i}: claimId`).join(' ');
      const { status, body } = await expectUntouched(app, () => post(app, { query: `{ claims(first: 1) { edges { node { ${aliases} } } } }` }));
      expect(status).toBe(400);
      expect(body.errors?.map((e) => e.extensions?.code)).toContain('QUERY_TOO_COMPLEX');
    });
  });

  describe('WebSocket messages and tokens', () => {
    /** A raw graphql-ws socket: what it is told, and how it closes. */
    function rawSocket() {
      const socket = new WebSocket(`${app.url.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws');
      const messages: { type: string }[] = [];
      socket.on('message', (data) => messages.push(JSON.parse(String(data)) as { type: string }));
      socket.on('error', () => undefined); // the close event is what is asserted
      const closed = new Promise<{ code: number; reason: string }>((resolve) => socket.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
      const opened = new Promise<void>((resolve) => socket.on('open', () => resolve()));
      return { socket, messages, closed, opened };
    }

    it('a 1 MB connection_init closes the socket with 1009 (message too big), unacknowledged', async () => {
      await expectUntouched(app, async () => {
        const raw = rawSocket();
        await raw.opened;
        raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer x', padding: 'x'.repeat(1024 * 1024) } }));
        const closed = await raw.closed;
        expect(closed.code).toBe(1009);
        expect(raw.messages).toEqual([]);
      });
    });

    it('a subscribe message with 1 MB of variables closes the socket with 1009, after an acknowledged init', async () => {
      const token = await app.token({ sub: 'elena', roles: ['editor'] });
      await expectUntouched(app, async () => {
        const raw = rawSocket();
        await raw.opened;
        raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
        await eventually(() => expect(raw.messages).toEqual([{ type: 'connection_ack' }]));
        raw.socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: 'subscription { deskChanges { claimId } }', variables: { padding: 'x'.repeat(1024 * 1024) } } }));
        expect((await raw.closed).code).toBe(1009);
        expect(raw.messages).toEqual([{ type: 'connection_ack' }]);
      });
    });

    it('a message just within the HTTP body limit is still read (the limit is 512 KB, as over HTTP)', async () => {
      const raw = rawSocket();
      await raw.opened;
      raw.socket.send(JSON.stringify({ type: 'connection_init', payload: { padding: 'x'.repeat(400 * 1024) } }));
      await eventually(() => expect(raw.messages).toEqual([{ type: 'connection_ack' }]));
      raw.socket.close();
      await raw.closed;
    });

    it('an authorization that is not a string is refused with 4403, like a bad token; none at all is an anonymous caller', async () => {
      for (const authorization of [{ x: 1 }, 42, ['Bearer x'], true]) {
        const ws = new WsSubscriber(app.url, undefined, { connectionParams: { authorization } });
        try {
          await expectUntouched(app, async () => {
            const who = ws.subscribe('query { whoami { id } }');
            await eventually(() => expect(ws.closeEvent).toMatchObject({ code: 4403 }));
            expect(who.received).toEqual([]);
          });
        } finally {
          await ws.close();
        }
      }
      const bad = new WsSubscriber(app.url, undefined, { connectionParams: { authorization: 'Bearer not-a-token' } });
      try {
        bad.subscribe('query { whoami { id } }');
        await eventually(() => expect(bad.closeEvent).toMatchObject({ code: 4403 }));
      } finally {
        await bad.close();
      }
      const anonymous = new WsSubscriber(app.url);
      try {
        const who = anonymous.subscribe<{ whoami: null }>('query { whoami { id } }');
        await eventually(() => expect(who.received).toEqual([{ whoami: null }]));
        expect(anonymous.closeEvent).toBeUndefined();
      } finally {
        await anonymous.close();
      }
    });
  });

  describe('slow clients', () => {
    let slow: TestApp;
    beforeAll(async () => {
      slow = await startTestApp({ HTTP_REQUEST_TIMEOUT_MS: '1000', HTTP_HEADERS_TIMEOUT_MS: '1000' });
    });
    afterAll(async () => slow.close());

    /** Sends `head` on a raw connection, then one byte every 200 ms; answers what came back and that the socket closed. */
    function trickle(head: string, drip: string) {
      return new Promise<{ answer: string; closed: boolean }>((resolve, reject) => {
        const { port } = new URL(slow.url);
        const socket = connect(Number(port), '127.0.0.1');
        let answer = '';
        let timer: NodeJS.Timeout | undefined;
        // A generous bound on waiting (not a timing assertion): the timeout is 1 s, the check runs every 500 ms.
        const giveUp = setTimeout(() => {
          clearInterval(timer);
          socket.destroy();
          resolve({ answer, closed: false });
        }, 20_000);
        socket.on('connect', () => {
          socket.write(head);
          timer = setInterval(() => socket.writable && socket.write(drip), 200);
        });
        socket.on('data', (chunk) => (answer += String(chunk)));
        socket.on('error', () => undefined);
        socket.on('close', () => {
          clearInterval(timer);
          clearTimeout(giveUp);
          resolve({ answer, closed: true });
        });
        socket.on('timeout', reject);
      });
    }

    it('a body trickling one byte at a time gets 408 and the connection closed; nothing is written', async () => {
      const token = await slow.token({ sub: 'alice', roles: ['contributor'] });
      const body = JSON.stringify({ query: 'mutation { submitClaim(input: { statement: "x", claimant: { name: "y", kind: PERSON }, claimDate: "2025-06-28", language: "en" }) { claimId } }' });
      const head = `POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nAuthorization: Bearer ${token}\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`;
      const { answer, closed } = await expectUntouched(slow, () => trickle(head, ' '));
      expect(closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('headers trickling one byte at a time get 408 and the connection closed', async () => {
      const { answer, closed } = await expectUntouched(slow, () => trickle('GET /health/live HTTP/1.1\r\nHost: x\r\n', 'X'));
      expect(closed).toBe(true);
      expect(answer).toMatch(/^HTTP\/1\.1 408 /);
    });

    it('a request sent in time is answered', async () => {
      expect((await fetch(`${slow.url}/health/live`)).status).toBe(200);
    });
  });

  describe('operator endpoints', () => {
    it('/health/live answers ok without details', async () => {
      const response = await fetch(`${app.url}/health/live`);
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('/health and /health/ready give anonymous callers the status only, operators the details', async () => {
      for (const path of ['/health', '/health/ready']) {
        const anonymous = await fetch(`${app.url}${path}`);
        expect(anonymous.status).toBe(200);
        expect(await anonymous.json()).toEqual({ status: 'ok' });
        const withToken = await fetch(`${app.url}${path}`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
        expect(await withToken.json()).toMatchObject({ status: 'ok', eventStore: { reachable: true }, projections: { status: 'live' } });
      }
      const admin = await app.token({ sub: 'ops', roles: ['admin'] });
      expect(await (await fetch(`${app.url}/health/ready`, { headers: { authorization: `Bearer ${admin}` } })).json()).toHaveProperty('eventStore');
      const editor = await app.token({ sub: 'elena', roles: ['editor'] });
      expect(await (await fetch(`${app.url}/health/ready`, { headers: { authorization: `Bearer ${editor}` } })).json()).toEqual({ status: 'ok' });
      expect(await (await fetch(`${app.url}/health/ready`, { headers: { authorization: 'Bearer wrong-token' } })).json()).toEqual({ status: 'ok' });
    });

    it('/metrics is refused with 401 without the metrics token or an admin token', async () => {
      for (const authorization of [undefined, 'Bearer wrong', `Bearer ${await app.token({ sub: 'elena', roles: ['editor'] })}`]) {
        const response = await expectUntouched(app, () => fetch(`${app.url}/metrics`, { headers: authorization ? { authorization } : {} }));
        expect(response.status).toBe(401);
        expect(await response.text()).not.toMatch(/factcheck_/);
      }
      const scraped = await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(scraped.status).toBe(200);
      expect(await scraped.text()).toMatch(/^factcheck_event_log_position /m);
      const admin = await app.token({ sub: 'ops', roles: ['admin'] });
      expect((await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${admin}` } })).status).toBe(200);
    });
  });

  describe('security headers', () => {
    it('are on every HTTP answer: GraphQL, health, a ClaimReview, a 404', async () => {
      const answers = [
        await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) }),
        await fetch(`${app.url}/health/live`),
        await fetch(`${app.url}/claims/00000000-0000-0000-0000-000000000000/claim-review.jsonld`),
        await fetch(`${app.url}/no-such-route`),
      ];
      expect(answers.map((a) => a.status)).toEqual([200, 200, expect.any(Number), 404]);
      for (const answer of answers) {
        expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
        expect(answer.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
        expect(answer.headers.get('x-frame-options')).toBe('SAMEORIGIN');
        expect(answer.headers.get('strict-transport-security')).toMatch(/max-age=31536000/);
        expect(answer.headers.get('referrer-policy')).toBe('no-referrer');
        expect(answer.headers.get('cross-origin-resource-policy')).toBe('cross-origin');
        expect(answer.headers.get('x-powered-by')).toBeNull();
      }
      expect(answers[0].headers.get('content-type')).toMatch(/application\/json/);
    });
  });

  describe('introspection', () => {
    it('is on by default outside production', async () => {
      const { status, body } = await post(app, { query: '{ __schema { queryType { name } } }' });
      expect(status).toBe(200);
      expect(body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    });

    it('is off by default in production, and GRAPHQL_INTROSPECTION turns it back on', async () => {
      const production = await startTestApp({ NODE_ENV: 'production', ID_SECRET: 'i'.repeat(32), LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY });
      try {
        const { status, body } = await expectUntouched(production, () => post(production, { query: '{ __schema { queryType { name } } }' }));
        expect(status).toBe(200); // a validation failure, answered as application/json
        expect(body.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(body.errors?.[0].message).toMatch(/introspection/i);
      } finally {
        await production.close();
      }
      const enabled = await startTestApp({ NODE_ENV: 'production', ID_SECRET: 'i'.repeat(32), GRAPHQL_INTROSPECTION: 'true', LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY });
      try {
        expect((await post(enabled, { query: '{ __schema { queryType { name } } }' })).status).toBe(200);
      } finally {
        await enabled.close();
      }
    });
  });

  describe('draining', () => {
    it('once draining, a request on a kept-alive connection gets 503 with Connection: close and Retry-After', async () => {
      const draining = await startTestApp();
      try {
        const { port } = new URL(draining.url);
        const agent = new (await import('node:http')).Agent({ keepAlive: true, maxSockets: 1 });
        const get = () =>
          new Promise<{ status: number; headers: Record<string, unknown>; socket: unknown }>((resolve, reject) => {
            const req = request({ host: '127.0.0.1', port, path: '/health/live', agent }, (res) => {
              res.resume();
              res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, socket: req.socket }));
            });
            req.on('error', reject);
            req.end();
          });
        const before = await get();
        expect(before.status).toBe(200);
        drainingOf(draining.app).start();
        const during = await get();
        expect(during.socket).toBe(before.socket); // the same kept-alive connection
        expect(during.status).toBe(503);
        expect(during.headers.connection).toBe('close');
        expect(during.headers['retry-after']).toMatch(/^\d+$/);
        agent.destroy();
      } finally {
        await draining.close();
      }
    });
  });
});

import WebSocket from 'ws';
import { startTestApp, TestApp } from '../support/test-app';

const ALLOWED = 'http://localhost:5173';

type Upgrade = { status: number; body: string } | { status: 101; socket: WebSocket };

/** Opens a graphql-transport-ws socket to the service with `headers` on the upgrade, as a browser page (or Node) would. */
function upgrade(httpUrl: string, headers: Record<string, string>): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${httpUrl.replace(/^http/, 'ws')}/graphql`, 'graphql-transport-ws', { headers });
    socket.once('open', () => resolve({ status: 101, socket }));
    socket.once('unexpected-response', (_req, res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    socket.once('error', reject);
  });
}

/** connection_init {}, then one operation over the socket: its first answer. */
function run(socket: WebSocket, query: string): Promise<{ data?: unknown; errors?: { extensions?: { code?: string } }[] }> {
  return new Promise((resolve, reject) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw)) as { type: string; payload?: never };
      if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
      if (message.type === 'next') resolve(message.payload!);
      if (message.type === 'error') resolve({ errors: message.payload });
    });
    socket.once('close', (code, reason) => reject(new Error(`closed ${code} ${String(reason)}`)));
    socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
  });
}

const MUTATION = 'mutation { requestCorrection(input: { claimId: "no-such-claim", problem: "This is wrong, see the source." }) { requestId } }';

/**
 * Issue 14 follow-up (outside attacker): a page on an origin CORS_ORIGINS does not list opened a WebSocket to
 * /graphql (browsers make no preflight for WebSockets) and ran a mutation over it. Now the upgrade's Origin is
 * checked: CORS_ORIGINS or the service's own origin, or no Origin at all (not a browser); else 403.
 */
describe('WebSocket upgrades and their Origin (e2e)', () => {
  describe(`with CORS_ORIGINS=${ALLOWED}`, () => {
    let app: TestApp;
    beforeAll(async () => (app = await startTestApp({ CORS_ORIGINS: ALLOWED })));
    afterAll(async () => app.close());

    it.each(['http://evil.example', 'http://localhost:39134', 'null', `${ALLOWED}.evil.example`, 'https://localhost:5173'])(
      'refuses an upgrade from %s with 403 and the reason, before any socket exists (the attacker ran a mutation over it)',
      async (origin) => {
        const answer = await upgrade(app.url, { origin });
        if ('socket' in answer) {
          const ran = await run(answer.socket, MUTATION).finally(() => answer.socket.close());
          throw new Error(`the upgrade from ${origin} was accepted and the mutation ran: ${JSON.stringify(ran)}`);
        }
        expect(answer.status).toBe(403);
        expect(answer.body).toMatch(/origin .* may not open a socket to this API from a browser: it is not in CORS_ORIGINS/);
      },
    );

    it('accepts an allowed origin, the service\'s own origin (the IDE) and no Origin at all (Node clients), and runs operations over them', async () => {
      const own = new URL(app.url).origin;
      for (const headers of <Record<string, string>[]>[{ origin: ALLOWED }, { origin: own }, { origin: own.replace('127.0.0.1', 'localhost'), host: own.replace(/^http:\/\//, '').replace('127.0.0.1', 'localhost') }, {}]) {
        const answer = await upgrade(app.url, headers);
        expect({ headers, status: answer.status }).toEqual({ headers, status: 101 });
        if (!('socket' in answer)) continue;
        try {
          expect(await run(answer.socket, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
        } finally {
          answer.socket.close();
        }
      }
    });

    it('refuses a page whose origin is the service\'s host on another port or scheme', async () => {
      const own = new URL(app.url);
      for (const origin of [`http://${own.hostname}:${Number(own.port) + 1}`, `https://${own.host}`]) {
        const answer = await upgrade(app.url, { origin });
        expect({ origin, status: answer.status }).toEqual({ origin, status: 403 });
        if ('socket' in answer) answer.socket.close();
      }
    });
  });

  describe('with CORS_ORIGINS unset', () => {
    let app: TestApp;
    beforeAll(async () => (app = await startTestApp()));
    afterAll(async () => app.close());

    it('refuses every other origin, keeps the service\'s own and Node clients', async () => {
      const refused = await upgrade(app.url, { origin: 'http://evil.example' });
      expect(refused.status).toBe(403);
      for (const headers of <Record<string, string>[]>[{ origin: new URL(app.url).origin }, {}]) {
        const answer = await upgrade(app.url, headers);
        expect(answer.status).toBe(101);
        if ('socket' in answer) answer.socket.close();
      }
    });
  });

  describe('with CORS_ORIGINS=*', () => {
    let app: TestApp;
    beforeAll(async () => (app = await startTestApp({ CORS_ORIGINS: '*' })));
    afterAll(async () => app.close());

    it('accepts any origin, as CORS does', async () => {
      for (const origin of ['http://evil.example', 'http://localhost:39134']) {
        const answer = await upgrade(app.url, { origin });
        expect({ origin, status: answer.status }).toEqual({ origin, status: 101 });
        if ('socket' in answer) {
          try {
            expect(await run(answer.socket, '{ __typename }')).toEqual({ data: { __typename: 'Query' } });
          } finally {
            answer.socket.close();
          }
        }
      }
    });
  });
});

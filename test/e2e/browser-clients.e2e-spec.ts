import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { getDistDirectory } from 'altair-static';
import { IDE_CSP } from '../../src/http/graphql-ide';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TestApp } from '../support/test-app';
import { TEST_LOG_SIGNING_KEY } from '../support/log-key';

const ROOT = join(__dirname, '..', '..');
const ALLOWED = 'https://desk.example.org';
const ALSO_ALLOWED = 'http://localhost:5173';
const STRANGER = 'https://evil.example';
/** What Chromium sends when a person opens a URL. */
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8';
const CSRF = /blocked as a potential Cross-Site Request Forgery/;

async function send(url: string, init: RequestInit = {}): Promise<{ status: number; headers: Headers; text: string }> {
  const response = await fetch(url, init);
  return { status: response.status, headers: response.headers, text: await response.text() };
}
const preflight = (url: string, origin: string, method = 'POST', headers = 'authorization,content-type') =>
  send(url, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': method, 'access-control-request-headers': headers } });

/**
 * What browsers see of the API, asserted over plain HTTP (the browser specs in test/browser drive
 * Chromium): CORS headers for allowed, disallowed and public requests, CSRF prevention for the
 * requests a browser sends without a preflight, the IDE at GET /graphql with its own CSP (and the
 * rest of the API without it), the IDE off in production, and CORS_ORIGINS validated at start.
 */
describe('browser clients: CORS, CSRF and the IDE (e2e)', () => {
  describe(`with CORS_ORIGINS=${ALLOWED},${ALSO_ALLOWED} in development`, () => {
    let app: TestApp;
    let graphql: string;
    beforeAll(async () => {
      app = await startTestApp({ CORS_ORIGINS: `${ALLOWED}, ${ALSO_ALLOWED}` });
      graphql = `${app.url}/graphql`;
    });
    afterAll(async () => app.close());

    it.each([ALLOWED, ALSO_ALLOWED])('answers the preflight of %s with 204, the methods, headers and max age, and no credentials', async (origin) => {
      const answer = await preflight(graphql, origin);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe(origin);
      expect(answer.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
      expect(answer.headers.get('access-control-allow-headers')?.split(', ')).toEqual(
        expect.arrayContaining(['authorization', 'content-type', 'apollo-require-preflight', 'x-apollo-operation-name']),
      );
      expect(answer.headers.get('access-control-max-age')).toBe('7200');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('vary')).toMatch(/Origin/);
    });

    it('gives an allowed origin its answer to read: the origin echoed, Vary: Origin, Retry-After readable', async () => {
      const token = await app.token({ sub: 'bea', name: 'Bea', roles: ['editor'] });
      const answer = await send(graphql, {
        method: 'POST',
        headers: { origin: ALLOWED, authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ whoami { id } }' }),
      });
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ data: { whoami: { id: 'bea' } } });
      expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED);
      expect(answer.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
      expect(answer.headers.get('vary')).toMatch(/Origin/);
    });

    it.each([STRANGER, 'https://desk.example.org:8443', 'http://desk.example.org', 'https://sub.desk.example.org', 'null'])(
      'refuses the preflight of %s (403 saying why) and gives it no CORS header, so the browser blocks the answer',
      async (origin) => {
        const answer = await preflight(graphql, origin);
        expect(answer.status).toBe(403);
        expect(answer.text).toContain(`the origin ${origin} may not call this API from a browser: it is not in CORS_ORIGINS`);
        expect(answer.headers.get('access-control-allow-origin')).toBeNull();
        expect(answer.headers.get('access-control-allow-methods')).toBeNull();

        // A request it makes anyway (as a non-browser client could) is answered, but without a header letting a page read it.
        const posted = await send(graphql, { method: 'POST', headers: { origin, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
        expect(posted.status).toBe(200);
        expect(posted.headers.get('access-control-allow-origin')).toBeNull();
      },
    );

    it('keeps the editors\' standards report to the allowed origins: it is not a public read', async () => {
      const stranger = await send(`${app.url}/standards-report.json`, { headers: { origin: STRANGER } });
      expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
      expect((await preflight(`${app.url}/standards-report.json`, STRANGER, 'GET', 'authorization')).status).toBe(403);
      const allowed = await send(`${app.url}/standards-report.json`, { headers: { origin: ALLOWED } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    });

    it.each(['/claims/no-such-claim/claim-review.jsonld', '/claim-reviews.jsonld?first=5'])('opens the public read %s to every origin: *, no credentials, its preflight answered', async (path) => {
      const read = await send(`${app.url}${path}`, { headers: { origin: STRANGER, accept: 'application/ld+json' } });
      expect(read.status).toBe(path.includes('no-such') ? 404 : 200); // a page may read the 404 too
      expect(read.headers.get('access-control-allow-origin')).toBe('*');
      expect(read.headers.get('access-control-allow-credentials')).toBeNull();
      expect(read.headers.get('access-control-expose-headers')).toMatch(/Link/);
      const asked = await preflight(`${app.url}${path}`, STRANGER, 'GET', 'authorization');
      expect(asked.status).toBe(204);
      expect(asked.headers.get('access-control-allow-origin')).toBe('*');
      expect(asked.headers.get('access-control-allow-methods')).toBe('GET, HEAD');
      expect(asked.headers.get('access-control-max-age')).toBe('7200');
    });

    describe('CSRF: what a browser sends without a preflight is refused before it runs, even from an allowed origin', () => {
      const mutation = JSON.stringify({ query: 'mutation { __typename }' });
      it.each([
        ['a form post (urlencoded)', { 'content-type': 'application/x-www-form-urlencoded' }, `query=${encodeURIComponent('{ __typename }')}`],
        ['a form post (multipart)', { 'content-type': 'multipart/form-data; boundary=x' }, '--x\r\nContent-Disposition: form-data; name="query"\r\n\r\n{ __typename }\r\n--x--\r\n'],
        ['a text/plain post carrying JSON', { 'content-type': 'text/plain' }, mutation],
      ])('%s', async (_, headers, body) => {
        for (const origin of [STRANGER, ALLOWED]) {
          const answer = await send(graphql, { method: 'POST', headers: { origin, ...headers }, body });
          expect(answer.status).toBe(400);
          expect(answer.text).toMatch(CSRF);
        }
      });

      it('a plain GET query (an <img> or a link could send it) is refused; with a preflight-forcing header it runs as before', async () => {
        const url = `${graphql}?query=${encodeURIComponent('{ __typename }')}`;
        const simple = await send(url, { headers: { origin: STRANGER } });
        expect(simple.status).toBe(400);
        expect(simple.text).toMatch(CSRF);
        const forcing: Record<string, string>[] = [{ 'apollo-require-preflight': 'true' }, { 'content-type': 'application/json' }, { 'x-apollo-operation-name': 'Typename' }];
        for (const headers of forcing) {
          const answer = await send(url, { headers: { accept: 'application/json', ...headers } });
          expect(answer.status).toBe(200);
          expect(JSON.parse(answer.text)).toEqual({ data: { __typename: 'Query' } });
        }
      });
    });

    describe('the IDE (on by default outside production)', () => {
      it('answers a browser at GET /graphql with Altair, its parts under /graphql/ide/, under a CSP of its own', async () => {
        const page = await send(graphql, { headers: { accept: BROWSER_ACCEPT } });
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toMatch(/^text\/html/);
        expect(page.headers.get('content-security-policy')).toBe(IDE_CSP);
        expect(page.text).toContain('<base href="/graphql/ide/">');
        expect(page.text).toContain('<script type="module" nonce="" src="init.js"></script>');
        // Nothing from elsewhere: every src and href is relative to the service.
        expect([...page.text.matchAll(/(?:src|href)="([^"]*)"/g)].map((m) => m[1]).filter((ref) => /^[a-z]+:|^\/\//i.test(ref))).toEqual([]);
        expect(IDE_CSP).toContain("connect-src 'self'");
        expect(IDE_CSP).not.toMatch(/https?:|\*/);
      });

      it('serves the files of the altair-static package itself, and start-up options pointing at this service with an empty Authorization header', async () => {
        const main = await send(`${app.url}/graphql/ide/main.js`);
        expect(main.status).toBe(200);
        expect(main.headers.get('content-type')).toMatch(/javascript/);
        expect(main.headers.get('content-security-policy')).toBe(IDE_CSP);
        expect(main.text).toBe(readFileSync(join(getDistDirectory(), 'main.js'), 'utf8'));

        const init = await send(`${app.url}/graphql/ide/init.js`);
        expect(init.status).toBe(200);
        expect(init.headers.get('cache-control')).toBe('no-store');
        const host = new URL(app.url).host;
        expect(init.text).toContain(`endpointURL: \`http://${host}/graphql\``);
        expect(init.text).toContain(`subscriptionsEndpoint: \`ws://${host}/graphql\``);
        expect(init.text).toMatch(/initialHeaders: \{\s*Authorization: ``\s*\}/);
        expect(init.text).toContain('disableAccount: true');

        const missing = await send(`${app.url}/graphql/ide/no-such-file.js`);
        expect(missing.status).toBe(404);
        expect(missing.text).toContain('No such file of the GraphQL IDE');

        const sandbox = await send(`${app.url}/graphql/ide/iframe-sandbox/index.html`);
        expect(sandbox.headers.get('content-security-policy')).toMatch(/^sandbox allow-scripts;/);
        // Altair's script sandbox has an opaque origin ("null"): its own files must be readable cross-origin.
        const sandboxScript = /src="\.\/(assets\/[^"]+\.js)"/.exec(sandbox.text)?.[1];
        const script = await send(`${app.url}/graphql/ide/iframe-sandbox/${sandboxScript}`, { headers: { origin: 'null' } });
        expect(script.status).toBe(200);
        expect(script.headers.get('access-control-allow-origin')).toBe('*');
      });

      it('keeps the strict CSP everywhere else: GraphQL answers, the JSON-LD, health', async () => {
        const strict = "default-src 'none'";
        const posted = await send(graphql, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) });
        expect(posted.headers.get('content-security-policy')).toMatch(new RegExp(`^${strict}`));
        for (const path of ['/claim-reviews.jsonld', '/health/live', '/graphql/ide/no-such-file.js']) {
          expect((await send(`${app.url}${path}`)).headers.get('content-security-policy')).toMatch(new RegExp(`^${strict}`));
        }
      });

      it('leaves GraphQL GETs to Apollo: a query in the URL, or an Accept that is not HTML, never gets the page', async () => {
        const json = await send(graphql, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
        expect(json.headers.get('content-type')).toMatch(/json/);
        expect(json.text).toMatch(/non-empty `query`/);
        const navigatedWithQuery = await send(`${graphql}?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: BROWSER_ACCEPT } });
        expect(navigatedWithQuery.headers.get('content-type')).not.toMatch(/html/);
      });
    });
  });

  describe('in production, with no CORS_ORIGINS and no GRAPHQL_IDE', () => {
    let app: TestApp;
    beforeAll(async () => {
      app = await startTestApp({ NODE_ENV: 'production', ID_SECRET: 'an-id-secret-for-the-browser-clients-test-0123', LOG_SIGNING_KEY: TEST_LOG_SIGNING_KEY });
    });
    afterAll(async () => app.close());

    it('has no IDE: a browser at GET /graphql reads a plain note saying so, not a CSRF error', async () => {
      const page = await send(`${app.url}/graphql`, { headers: { accept: BROWSER_ACCEPT } });
      expect(page.status).toBe(404);
      expect(page.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(page.text).toContain('Its IDE is off here (GRAPHQL_IDE=false, or NODE_ENV=production without GRAPHQL_IDE=true)');
      expect(page.text).not.toMatch(CSRF);
      for (const path of ['/graphql/ide/main.js', '/graphql/ide/init.js']) expect((await send(`${app.url}${path}`)).status).toBe(404);
      const query = await send(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { 'apollo-require-preflight': 'true' } });
      expect(JSON.parse(query.text)).toEqual({ data: { __typename: 'Query' } });
    });

    it('lets no origin call GraphQL from a browser, while the ClaimReviews stay readable from any', async () => {
      expect((await preflight(`${app.url}/graphql`, ALLOWED)).status).toBe(403);
      const read = await send(`${app.url}/claim-reviews.jsonld`, { headers: { origin: ALLOWED } });
      expect(read.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  it('with CORS_ORIGINS=* answers any origin with *, still without credentials', async () => {
    const app = await startTestApp({ CORS_ORIGINS: '*' });
    try {
      const answer = await preflight(`${app.url}/graphql`, STRANGER);
      expect(answer.status).toBe(204);
      expect(answer.headers.get('access-control-allow-origin')).toBe('*');
      expect(answer.headers.get('access-control-allow-credentials')).toBeNull();
    } finally {
      await app.close();
    }
  });

  it('refuses to start on a CORS_ORIGINS entry that is not an origin, or a bad GRAPHQL_IDE, naming each', async () => {
    const dir = makeTempDir();
    try {
      const env = { ...process.env, NODE_ENV: 'development', PORT: '0', DATA_DIR: dir.path, CORS_ORIGINS: 'https://desk.example.org/, *.example.org', GRAPHQL_IDE: 'yes' };
      const result = await promisify(execFile)(process.execPath, ['-r', 'ts-node/register/transpile-only', join(ROOT, 'src/main.ts')], { cwd: ROOT, env }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('CORS_ORIGINS: "https://desk.example.org/" is not an origin');
      expect(result.stderr).toContain('did you mean "https://desk.example.org"?');
      expect(result.stderr).toContain('CORS_ORIGINS: "*.example.org" is not an http(s) origin');
      expect(result.stderr).toContain('GRAPHQL_IDE must be true or false');
    } finally {
      dir.remove();
    }
  }, 120_000); // ts-node compiles the service first: tens of seconds on a loaded machine
});

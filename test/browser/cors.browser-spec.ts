import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';
import { Browser, launchChromium, startOtherOrigin } from './chromium';

interface PageFetch {
  ok: boolean;
  status?: number;
  body?: any;
  error?: string;
}

/**
 * Pages on other origins (tiny servers on other ports) calling the API from Chromium, where the
 * browser, not the test, enforces CORS: an allowed origin's fetch with an Authorization header
 * (so a preflight) reaches GraphQL; a disallowed origin's is blocked; both read the public
 * ClaimReview JSON-LD.
 */
describe('CORS in a browser', () => {
  let app: TestApp;
  let browser: Browser;
  let allowed: Awaited<ReturnType<typeof startOtherOrigin>>;
  let disallowed: Awaited<ReturnType<typeof startOtherOrigin>>;
  let claimId: string;
  let token: string;

  beforeAll(async () => {
    allowed = await startOtherOrigin();
    disallowed = await startOtherOrigin();
    app = await startTestApp({ CORS_ORIGINS: allowed.origin, PUBLISH_MIN_SOURCES: '1' });
    const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
    const [alice, rita, rafael, edgar] = [await as('alice', ['contributor']), await as('rita', ['reviewer']), await as('rafael', ['reviewer']), await as('edgar', ['editor'])];
    ({ claimId } = await alice.ok('submitClaim', {
      statement: 'The river burst its banks on 3 May.',
      claimant: { name: 'A regional paper', kind: 'ORGANIZATION' },
      claimDate: '2025-05-04',
      appearances: [{ url: 'https://paper.example/floods', outlet: 'Paper', appearedAt: '2025-05-04', firstAppearance: true }],
      language: 'en',
      topics: ['floods'],
    }));
    const { citationId } = await alice.ok('addCitation', { claimId, url: 'https://gauges.example/river', title: 'Gauge readings', publisher: 'Agency', excerpt: 'Above flood level on 3 May.', stance: 'SUPPORTS' });
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
    await rita.ok('recordVerdict', { claimId, rating: 'TRUE', rationale: 'The gauges agree.', citationIds: [citationId] });
    await rafael.ok('recordVerdict', { claimId, rating: 'TRUE', rationale: 'So do the photos.', citationIds: [citationId] });
    await edgar.ok('publishFactCheck', { claimId, rating: 'TRUE', summary: 'It did.' });
    token = await app.token({ sub: 'bea', name: 'Bea Browser', roles: ['editor'] });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await allowed?.close();
    await disallowed?.close();
  });

  /** Runs fetch(url, init) in a page of `origin`, as that page's own script would. */
  async function fetchFrom(origin: string, url: string, init: RequestInit): Promise<PageFetch> {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(
        async ({ url, init }) => {
          try {
            const response = await fetch(url, init);
            const text = await response.text();
            return { ok: true, status: response.status, body: text ? JSON.parse(text) : null };
          } catch (error) {
            return { ok: false, error: String(error) };
          }
        },
        { url, init: init as Record<string, unknown> },
      );
    } finally {
      await page.close();
    }
  }

  const whoami = (extra: RequestInit = {}): RequestInit => ({
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ query: '{ whoami { id name } }' }),
    ...extra,
  });

  it('a page on an allowed origin calls GraphQL with its bearer token (preflighted) and reads the answer', async () => {
    const answer = await fetchFrom(allowed.origin, `${app.url}/graphql`, whoami());
    expect(answer).toEqual({ ok: true, status: 200, body: { data: { whoami: { id: 'bea', name: 'Bea Browser' } } } });
  });

  it('a page on a disallowed origin is blocked by the browser: its script never sees an answer', async () => {
    const answer = await fetchFrom(disallowed.origin, `${app.url}/graphql`, whoami());
    expect(answer.ok).toBe(false);
    expect(answer.error).toMatch(/TypeError: Failed to fetch/);
  });

  it('cookies are never sent cross-origin: a credentialed fetch is blocked even from an allowed origin (tokens go in Authorization)', async () => {
    const answer = await fetchFrom(allowed.origin, `${app.url}/graphql`, whoami({ credentials: 'include' }));
    expect(answer.ok).toBe(false);
  });

  /** In a page of `origin`: opens a graphql-ws socket to the API, runs `query` and returns its answer, or how the socket closed. */
  async function socketFrom(origin: string, query: string): Promise<{ answer?: unknown; closed?: number }> {
    const page = await browser.context.newPage();
    try {
      await page.goto(`${origin}/`);
      return await page.evaluate(
        ({ url, query }) =>
          new Promise<{ answer?: unknown; closed?: number }>((resolve) => {
            const socket = new WebSocket(url, 'graphql-transport-ws');
            socket.onopen = () => socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
            socket.onmessage = (event) => {
              const message = JSON.parse(String(event.data)) as { type: string; payload?: unknown };
              if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query } }));
              if (message.type === 'next' || message.type === 'error') {
                resolve({ answer: message.payload });
                socket.close();
              }
            };
            socket.onclose = (event) => resolve({ closed: event.code });
          }),
        { url: `${app.url.replace(/^http/, 'ws')}/graphql`, query },
      );
    } finally {
      await page.close();
    }
  }

  it('a page on a disallowed origin cannot open a WebSocket to the API (refused at the upgrade); an allowed one can', async () => {
    const mutation = 'mutation { requestCorrection(input: { claimId: "no-such-claim", problem: "This is wrong, see the source." }) { requestId } }';
    expect(await socketFrom(disallowed.origin, mutation)).toEqual({ closed: 1006 });
    expect(await socketFrom(allowed.origin, '{ __typename }')).toEqual({ answer: { data: { __typename: 'Query' } } });
  });

  it.each([
    ['an allowed', () => allowed.origin],
    ['a disallowed', () => disallowed.origin],
  ])('%s origin reads the public ClaimReview JSON-LD and the feed', async (_, origin) => {
    const one = await fetchFrom(origin(), `${app.url}/claims/${claimId}/claim-review.jsonld`, { headers: { accept: 'application/ld+json' } });
    expect(one).toMatchObject({ ok: true, status: 200, body: { '@type': 'ClaimReview', claimReviewed: 'The river burst its banks on 3 May.' } });
    const feed = await fetchFrom(origin(), `${app.url}/claim-reviews.jsonld?first=5`, {});
    expect(feed).toMatchObject({ ok: true, status: 200, body: { '@type': 'DataFeed' } });
    expect(feed.body.dataFeedElement.map((review: { url: string }) => review.url)).toEqual([expect.stringContaining(claimId)]);
  });
});

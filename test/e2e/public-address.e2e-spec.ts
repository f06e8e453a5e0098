import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * PUBLIC_BASE_URL's default over real HTTP (issue 17): a server started with PORT=0 binds a port the
 * system picks, and the addresses it publishes (ClaimReview `url`, its proof bundle link, the bundle's
 * `url`) name that port, not 3000.
 */
describe('the service\'s own address as PUBLIC_BASE_URL (e2e, PORT=0)', () => {
  const apps: TestApp[] = [];
  afterAll(async () => {
    for (const app of apps) await app.close();
  });

  async function publishedOn(app: TestApp): Promise<string> {
    const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
    const [alice, rita, edgar] = [await as('alice', ['contributor']), await as('rita', ['reviewer']), await as('edgar', ['editor'])];
    const { claimId } = await alice.ok('submitClaim', claimInput());
    const { citationId } = await alice.ok('addCitation', citationInput(claimId, 1));
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }] });
    await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'One man died.', citationIds: [citationId] });
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One man died, not two.' });
    return claimId;
  }

  async function start(env: Record<string, string>): Promise<TestApp> {
    const app = await startTestApp({ PUBLISH_MIN_SOURCES: '1', PUBLISH_MIN_REVIEWERS: '1', ...env });
    apps.push(app);
    return app;
  }

  it('names the bound port in the ClaimReview url and its proof bundle link', async () => {
    const app = await start({});
    const port = new URL(app.url).port;
    expect(port).not.toBe('3000');
    const id = await publishedOn(app);

    const response = await fetch(`${app.url}/claims/${id}/claim-review.jsonld`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { url: string }).url).toBe(`http://127.0.0.1:${port}/claims/${id}`);
    expect(response.headers.get('link')).toBe(`<http://127.0.0.1:${port}/log/fact-checks/${id}>; rel="describedby"; type="application/json"`);

    const bundle = (await (await fetch(`${app.url}/log/fact-checks/${id}`)).json()) as { url: string };
    expect(bundle.url).toBe(`http://127.0.0.1:${port}/claims/${id}`);
    const gql = await app.graphql<{ claim: { claimReview: { url: string } } }>('query($id: ID!) { claim(id: $id) { claimReview } }', { id });
    expect(gql.data?.claim.claimReview.url).toBe(`http://127.0.0.1:${port}/claims/${id}`);
  });

  it('a wildcard HOST gives localhost and the bound port', async () => {
    const app = await start({ HOST: '0.0.0.0' });
    const id = await publishedOn(app);
    const review = (await (await fetch(`${app.url}/claims/${id}/claim-review.jsonld`)).json()) as { url: string };
    expect(review.url).toBe(`http://localhost:${new URL(app.url).port}/claims/${id}`);
  });

  it('an explicit PUBLIC_BASE_URL wins over the bound port', async () => {
    const app = await start({ PUBLIC_BASE_URL: 'https://factcheck.example.org' });
    const id = await publishedOn(app);
    const review = (await (await fetch(`${app.url}/claims/${id}/claim-review.jsonld`)).json()) as { url: string };
    expect(review.url).toBe(`https://factcheck.example.org/claims/${id}`);
  });
});

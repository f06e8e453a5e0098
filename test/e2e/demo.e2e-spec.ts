import { runScript } from '../support/run-script';
import { startTestApp, TEST_SECRET, TestApp } from '../support/test-app';

jest.setTimeout(180_000);

/**
 * `npm run demo` against a real server (SERVICE_URL): it loads the case and ends by printing the
 * address of a published fact-check's page, as the service publishes it (PUBLIC_BASE_URL/claims/<id>).
 */
describe('npm run demo (e2e)', () => {
  let app: TestApp;
  const saved = { ...process.env };

  beforeAll(async () => {
    // No PUBLIC_BASE_URL: the address is the port this server binds, so the page printed can be fetched.
    app = await startTestApp();
    // runScript hands the script this process's environment: the demo reads its service and secret there.
    Object.assign(process.env, { SERVICE_URL: app.url, AUTH_JWT_SECRET: TEST_SECRET, DATA_DIR: app.config.DATA_DIR });
  });
  afterAll(async () => {
    process.env = saved;
    await app?.close();
  });

  it('ends with the page address of a fact-check it published', async () => {
    const run = await runScript('demo.ts', []);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines[lines.length - 2]).toBe('-- Its public page, for readers (no token needed)');
    const page = lines[lines.length - 1].trim();
    const prefix = `${app.url}/claims/`;
    expect(page.startsWith(prefix)).toBe(true);
    const id = page.slice(prefix.length);
    const claim = await app.graphql<{ claim: { status: string } | null }>('query($id: ID!) { claim(id: $id) { status } }', { id }, await app.token({ sub: 'elena', roles: ['editor'] }));
    expect(claim.data?.claim?.status).toBe('PUBLISHED');
    const answer = await fetch(page);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toMatch(/^text\/html/);
  });
});

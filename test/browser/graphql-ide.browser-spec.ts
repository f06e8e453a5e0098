import type { Request as BrowserRequest } from 'playwright-core';
import { IDE_CSP } from '../../src/http/graphql-ide';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';
import { Browser, launchChromium } from './chromium';

/**
 * The IDE at GET /graphql in headless Chromium with no internet: every request that is not to the
 * service is aborted and recorded. The page loads from the service alone, takes a token in its
 * Authorization header, runs a query and shows the answer.
 */
describe('the GraphQL IDE in a browser with no internet', () => {
  let app: TestApp;
  let browser: Browser;

  beforeAll(async () => {
    app = await startTestApp(); // NODE_ENV=test: the IDE is on by default outside production
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
  });

  it('loads from the service alone, and runs a query with the token put in its Authorization header', async () => {
    const service = new URL(app.url).origin;
    const outside: string[] = [];
    await browser.context.route('**/*', async (route) => {
      if (new URL(route.request().url()).origin === service) return route.continue();
      outside.push(route.request().url());
      return route.abort('internetdisconnected');
    });
    const page = await browser.context.newPage();
    const requests: BrowserRequest[] = [];
    const sockets: string[] = [];
    const problems: string[] = [];
    page.on('request', (request) => requests.push(request));
    page.on('websocket', (socket) => sockets.push(socket.url()));
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Chromium reports a CSP violation on the console: the IDE's policy must not block the IDE.
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) problems.push(message.text());
    });

    const token = await app.token({ sub: 'bea', name: 'Bea Browser', roles: ['editor'] });
    const answer = await page.goto(`${app.url}/graphql`);
    expect(answer?.status()).toBe(200);
    expect(answer?.headers()['content-security-policy']).toBe(IDE_CSP);

    // The IDE's own Headers dialog, preset with an empty Authorization header for the token.
    await page.locator('[track-id=show_set_headers]').click();
    const firstHeader = page.locator('app-headers-editor .cm-content').first();
    await expect(firstHeader.textContent()).resolves.toBe('Authorization');
    const firstValue = page.locator('app-headers-editor app-x-input[placeholder="Header value"] .cm-content').first();
    await firstValue.click();
    // One input event, as a paste makes: key-by-key typing races the editor's re-rendering on a loaded machine.
    await page.keyboard.insertText(`Bearer ${token}`);
    await eventually(async () => expect(await firstValue.textContent()).toBe(`Bearer ${token}`));
    await page.getByRole('button', { name: 'Done' }).click();

    const sent = page.waitForRequest((request) => request.method() === 'POST' && request.url() === `${app.url}/graphql` && String(request.postData()).includes('whoami'));
    await page.locator('[track-id=set_request]').click();
    const whoami = await sent;
    expect(whoami.headers().authorization).toBe(`Bearer ${token}`);
    expect((await whoami.response())?.status()).toBe(200);

    // The answer, as the IDE shows it.
    await page.locator('app-query-result').getByText('Bea Browser').waitFor();
    const shown = await page.locator('app-query-result').innerText();
    expect(shown).toContain('"id": "bea"');
    expect(shown).toContain('EDITOR');

    expect(outside).toEqual([]);
    expect(requests.map((request) => new URL(request.url()).origin).filter((origin) => origin !== service)).toEqual([]);
    expect(sockets.filter((url) => new URL(url).host !== new URL(service).host)).toEqual([]);
    expect(problems).toEqual([]);
    // It did load its parts (scripts, styles) from the package's files under /graphql/ide/.
    const paths = requests.map((request) => new URL(request.url()).pathname);
    expect(paths).toEqual(expect.arrayContaining(['/graphql/ide/main.js', '/graphql/ide/styles.css', '/graphql/ide/init.js']));
    await page.close();
  });
});

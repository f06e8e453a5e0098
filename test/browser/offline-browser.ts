import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Browser as PlaywrightBrowser, BrowserContext, BrowserContextOptions, chromium, Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS } from './chromium';

// In-page functions (page.evaluate) run in Chromium; the project compiles without the DOM library, on
// purpose (src must not reach for it), so the few browser globals they touch are declared loosely here.
declare const document: any;
declare const window: any;
declare function getComputedStyle(element: unknown): { direction: string };

/**
 * Chromium for tests that need several contexts (one with script, one without): launchChromium's
 * persistent context is a single one. Playwright gives each launch its own fresh temporary profile.
 */
export async function launchBrowser(): Promise<PlaywrightBrowser> {
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

export interface OfflineContext {
  context: BrowserContext;
  /** Every request the pages tried to make to another origin than the service's (all aborted). */
  outside: string[];
}

/** A context whose network is the service alone: any other origin is aborted and recorded. */
export async function offlineContext(browser: PlaywrightBrowser, serviceUrl: string, options: BrowserContextOptions = {}): Promise<OfflineContext> {
  const service = new URL(serviceUrl).origin;
  const context = await browser.newContext(options);
  // A missing element fails in seconds, not after Playwright's 30 s default.
  context.setDefaultTimeout(10_000);
  const outside: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (originOf(url) === service) return route.continue();
    outside.push(url);
    return route.abort('internetdisconnected');
  });
  return { context, outside };
}

/** The origin of an absolute URL, or null for those without one (data:, about:, javascript:). */
export function originOf(url: string): string | null {
  const origin = new URL(url).origin;
  return origin === 'null' ? null : origin;
}

export interface PageWatch {
  /** Messages of alert/confirm/prompt dialogs: any at all means a script of the page's text ran. */
  dialogs: string[];
  /** Uncaught page errors and console reports of Content-Security-Policy violations. */
  problems: string[];
}

/** Records what a page must never do; a dialog is dismissed so that the page does not hang on it. */
export function watch(page: Page): PageWatch {
  const seen: PageWatch = { dialogs: [], problems: [] };
  page.on('dialog', (dialog) => {
    seen.dialogs.push(`${dialog.type()}: ${dialog.message()}`);
    void dialog.dismiss();
  });
  page.on('pageerror', (error) => seen.problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (/Content.Security.Policy/i.test(message.text())) seen.problems.push(message.text());
  });
  return seen;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown; html: string; failureSummary?: string }[];
}

/**
 * axe-core's violations on the page. Injected through the DevTools protocol (page.evaluate): the
 * pages' CSP rightly refuses an added <script>, and the protocol is not subject to it.
 */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate((require('axe-core') as { source: string }).source);
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: unknown, options: object): Promise<{ violations: any[] }> } }).axe;
    const { violations } = await axe.run(document, { resultTypes: ['violations'] });
    return violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  });
}

/** Where the screenshots go: test-artifacts/browser/ at the repository's root (ignored by git). */
export function artifactPath(name: string): string {
  const dir = join(__dirname, '..', '..', 'test-artifacts', 'browser');
  mkdirSync(dir, { recursive: true });
  return join(dir, `${name.replace(/[^A-Za-z0-9_-]+/g, '-')}.png`);
}

/** The same-origin targets of a page's a[href] and link[href], absolute, without their fragment. */
export async function sameOriginLinks(page: Page): Promise<string[]> {
  const origin = originOf(page.url());
  const hrefs = await page.evaluate(() =>
    Array.from(document.querySelectorAll('a[href], link[href]'), (element: { href: string }) => element.href as string),
  );
  const links = new Set<string>();
  for (const href of hrefs) {
    const url = new URL(href);
    url.hash = '';
    if (originOf(url.href) === origin) links.add(url.href);
  }
  return [...links];
}

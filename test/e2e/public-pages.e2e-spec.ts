import { JSDOM } from 'jsdom';
import { claimInput } from '../support/claim-inputs';
import { deskOf, publishFactCheck, type Desk } from '../support/fact-check-desk';
import { eventually } from '../support/eventually';
import { startTestApp, TestApp } from '../support/test-app';

interface Page {
  status: number;
  headers: Headers;
  html: string;
  document: Document;
}

/**
 * The reader's pages over real HTTP against a real server on the embedded store, read with an HTML
 * parser: a fact-check's page at its ClaimReview url (with the JSON-LD the endpoint serves), the 410
 * of a retracted one, the 404 shared by unknown and unpublished ids, the index with its filters, the
 * methodology page, caching headers and the Content-Security-Policy.
 */
describe('public pages (e2e)', () => {
  let app: TestApp;
  let desk: Desk;
  const ids: Record<string, string> = {};

  async function page(path: string, headers: Record<string, string> = {}): Promise<Page> {
    const response = await fetch(`${app.url}${path}`, { headers: { accept: 'text/html', ...headers }, redirect: 'manual' });
    const html = await response.text();
    return { status: response.status, headers: response.headers, html, document: new JSDOM(html).window.document };
  }
  const text = (doc: Document, selector: string) => doc.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() ?? null;
  const published = (statement: string, rating: string, summary: string, claim: Record<string, unknown> = {}) => publishFactCheck(desk, { statement, rating, summary, claim });

  beforeAll(async () => {
    app = await startTestApp({ PUBLISH_MIN_SOURCES: '1', ORGANIZATION_NAME: 'Example Fact Check', PUBLIC_REVIEWER_NAMES: 'INITIALS' });
    desk = await deskOf(app);
    ids.plain = await published('Two people died during the raids.', 'FALSE', 'No death was recorded.\nThe registry lists none.');
    ids.arabic = await published('قال الوزير إن الأسعار انخفضت بنسبة عشرين في المئة', 'MOSTLY_FALSE', 'الأسعار ارتفعت.', { language: 'ar', topics: ['economy'], claimant: { name: 'وزير الاقتصاد', kind: 'PERSON' } });
    ids.retracted = await published('The bridge was closed for a year.', 'TRUE', 'It was.');
    await desk.edgar.ok('retractFactCheck', { claimId: ids.retracted, note: 'The closure was of another bridge.' });
    ids.draft = (await desk.alice.ok('submitClaim', claimInput('Not yet reviewed.'))).claimId;
  });
  afterAll(async () => {
    await app?.close();
  });

  it('serves a published fact-check at its ClaimReview url, with the same JSON-LD as the endpoint', async () => {
    const review = await (await fetch(`${app.url}/claims/${ids.plain}/claim-review.jsonld`)).json();
    // PUBLIC_BASE_URL is unset: the url is this server's own address (its port, bound at random here).
    expect(new URL(review.url).port).toBe(new URL(app.url).port);
    expect(new URL(review.url).pathname).toBe(`/claims/${ids.plain}`);
    const { status, headers, document } = await page(new URL(review.url).pathname);
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('text/html; charset=utf-8');
    const blocks = [...document.querySelectorAll('script[type="application/ld+json"]')];
    expect(blocks).toHaveLength(1);
    expect(JSON.parse(blocks[0].textContent ?? '')).toEqual(review);
    expect(document.querySelectorAll('script:not([type="application/ld+json"])')).toHaveLength(0);
    expect(text(document, 'h1')).toContain('Two people died during the raids.');
    expect(text(document, '.rating')).toContain('False');
    expect([...document.querySelectorAll('.summary p')].map((p) => p.textContent)).toEqual(['No death was recorded.', 'The registry lists none.']);
    expect(text(document, '.evidence blockquote')).toBe('Verbatim excerpt number 1.');
    expect(document.querySelector('.evidence a')?.getAttribute('href')).toBe('https://example.org/source-1');
    expect(document.documentElement.getAttribute('lang')).toBe('en');
    expect(document.documentElement.getAttribute('dir')).toBe('ltr');
  });

  it('names reviewers as PUBLIC_REVIEWER_NAMES allows: initials, never the full name', async () => {
    const { html, document } = await page(`/claims/${ids.plain}`);
    const verdicts = text(document, '.verdicts') ?? '';
    expect(verdicts).toContain('R. R.');
    expect(verdicts).toContain('R. S.');
    expect(html).not.toContain('Rita Reviewer');
    expect(html).not.toContain('Edgar Editor');
  });

  it('keeps to the same policy in anonymous GraphQL: initials and a pseudonym instead of the name and the login', async () => {
    const query = 'query($id: ID!) { claim(id: $id) { verdicts { reviewer { id personId name } } publication { publishedBy { personId name } } submittedBy { personId name } } }';
    type People = { claim: { verdicts: { reviewer: { id: string; personId: string; name: string } }[]; publication: { publishedBy: { personId: string; name: string } }; submittedBy: { personId: string; name: string } } };
    const anonymous = (await app.graphql<People>(query, { id: ids.plain })).data!.claim;
    const reviewers = anonymous.verdicts.map((v) => v.reviewer);
    expect(reviewers.map((r) => r.name).sort()).toEqual(['R. R.', 'R. S.']);
    expect(anonymous.publication.publishedBy.name).toBe('E. E.');
    expect(anonymous.submittedBy.name).toBe('A. C.');
    const ids_ = reviewers.map((r) => r.personId);
    expect(new Set(ids_).size).toBe(2);
    for (const id of [...ids_, anonymous.publication.publishedBy.personId]) expect(id).not.toMatch(/rita|rafael|edgar/);
    expect(reviewers.map((r) => r.id)).toEqual(ids_);
    // Stable: the same person reads the same pseudonym on another claim.
    const other = (await app.graphql<People>(query, { id: ids.arabic })).data!.claim;
    expect(other.verdicts.map((v) => v.reviewer.personId).sort()).toEqual([...ids_].sort());
    // The desk's own people see who did what.
    const seenByDesk = (await app.graphql<People>(query, { id: ids.plain }, await app.token({ sub: 'edgar', name: 'Edgar Editor', roles: ['editor'] }))).data!.claim;
    expect(seenByDesk.verdicts.map((v) => v.reviewer.name).sort()).toEqual(['Rafael Second', 'Rita Reviewer']);
    expect(seenByDesk.verdicts.map((v) => v.reviewer.personId).sort()).toEqual(['rafael', 'rita']);
  });

  it('shows how the fact-check was reached: the public timeline, the publication with its place in the log', async () => {
    const { document } = await page(`/claims/${ids.plain}`);
    const steps = [...document.querySelectorAll('.timeline li')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim() ?? '');
    expect(steps[0]).toContain('The claim was logged by the desk.');
    expect(steps.some((s) => s.includes('Evidence added: Example Outlet, "Source 1".'))).toBe(true);
    const publication = steps.find((s) => s.includes('published the fact-check, rated False'));
    expect(publication).toBeDefined();
    expect(document.querySelector('link[rel="describedby"]')?.getAttribute('href')).toBe(`/log/fact-checks/${ids.plain}`);
  });

  it('renders an Arabic fact-check right to left', async () => {
    const { status, document } = await page(`/claims/${ids.arabic}`);
    expect(status).toBe(200);
    expect(document.documentElement.getAttribute('lang')).toBe('ar');
    expect(document.documentElement.getAttribute('dir')).toBe('rtl');
    expect(text(document, 'h1')).toContain('قال الوزير');
    // The fixed wording stays English, and says so; its lines run left to right, the claimant's name inside in Arabic.
    expect(document.querySelector('#evidence-heading')?.getAttribute('lang')).toBe('en');
    const source = document.querySelector('.claim-source');
    expect([source?.getAttribute('lang'), source?.getAttribute('dir')]).toEqual(['en', 'ltr']);
    expect(source?.querySelector('bdi')?.getAttribute('lang')).toBe('ar');
    expect(document.querySelector('.claim-source time')?.getAttribute('dir')).toBe('ltr');
  });

  it('answers 410 with the retraction note and date for a retracted fact-check', async () => {
    const { status, document } = await page(`/claims/${ids.retracted}`);
    expect(status).toBe(410);
    expect(text(document, 'h1')).toBe('This fact-check was retracted');
    expect(text(document, '.retraction-note')).toBe('The closure was of another bridge.');
    expect(document.querySelector('script[type="application/ld+json"]')).toBeNull();
  });

  it('answers the same 404 for an unknown id and an unpublished claim', async () => {
    const unknown = await page('/claims/no-such-claim');
    const draft = await page(`/claims/${ids.draft}`);
    expect(unknown.status).toBe(404);
    expect(draft.status).toBe(404);
    // Not kept by a CDN: the claim may be published the next moment.
    expect(draft.headers.get('cache-control')).toBe('no-cache');
    expect(draft.html.replace(ids.draft, 'ID')).toBe(unknown.html.replace('no-such-claim', 'ID'));
    expect(draft.html).not.toContain('Not yet reviewed.');
  });

  it('lists published fact-checks newest first, filtered by topic and rating from the query string', async () => {
    const all = await page('/claims');
    expect(all.status).toBe(200);
    const listed = [...all.document.querySelectorAll('.fact-check-list h2 a')].map((a) => a.getAttribute('href'));
    expect(listed).toEqual([`/claims/${ids.arabic}`, `/claims/${ids.plain}`]);
    const economy = await page('/claims?topic=economy');
    expect([...economy.document.querySelectorAll('.fact-check-list h2 a')].map((a) => a.getAttribute('href'))).toEqual([`/claims/${ids.arabic}`]);
    const rated = await page('/claims?rating=FALSE');
    expect([...rated.document.querySelectorAll('.fact-check-list h2 a')].map((a) => a.getAttribute('href'))).toEqual([`/claims/${ids.plain}`]);
    expect(rated.document.querySelector('option[value="FALSE"]')?.hasAttribute('selected')).toBe(true);
  });

  it('answers 400 naming the parameter for a rating off the scale, a repeated filter or a forged cursor', async () => {
    const offScale = await page('/claims?rating=SORT_OF');
    expect(offScale.status).toBe(400);
    expect(text(offScale.document, 'main')).toContain('rating must be one of');
    const twice = await page('/claims?topic=a&topic=b');
    expect(twice.status).toBe(400);
    expect(text(twice.document, 'main')).toContain('topic may be given once');
    const bracketed = await page('/claims?topic[]=economy');
    expect(bracketed.status).toBe(400);
    expect(text(bracketed.document, 'main')).toContain('is not a parameter of this page; it takes topic, rating, after (each given once, without brackets)');
    const unknown = await page('/claims?sort=oldest');
    expect(unknown.status).toBe(400);
    expect(unknown.headers.get('cache-control')).toBe('no-cache');
    const forged = await page('/claims?after=not-a-cursor');
    expect(forged.status).toBe(400);
    expect(text(forged.document, 'main')).toContain('after must be a cursor');
  });

  it('publishes the methodology: the scale and the publication policy from the configuration', async () => {
    const { status, document } = await page('/methodology');
    expect(status).toBe(200);
    const rows = [...document.querySelectorAll('table.scale tbody th')].map((th) => th.textContent);
    expect(rows).toContain('Mostly false');
    expect(text(document, 'main')).toContain('At least 2 reviewers');
    expect(text(document, 'main')).toContain('At least one source');
  });

  it('sends a CSP without scripts, and ETag, Last-Modified and Cache-Control that change with a correction', async () => {
    // The page changes when a signed checkpoint comes to cover its events (their proofs appear): wait for that.
    let before = await page(`/claims/${ids.plain}`);
    await eventually(async () => {
      before = await page(`/claims/${ids.plain}`);
      expect(before.document.querySelectorAll('.timeline a.proof')).toHaveLength(1);
    }, 20_000, 100);
    const csp = before.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/script-src|unsafe-inline/);
    expect(before.headers.get('cache-control')).toMatch(/public/);
    const etag = before.headers.get('etag');
    expect(etag).toMatch(/^"[^"]+"$/);
    expect(before.headers.get('last-modified')).not.toBeNull();
    const again = await page(`/claims/${ids.plain}`, { 'if-none-match': etag! });
    expect(again.status).toBe(304);
    // The desk goes on working elsewhere and the log grows: this page has not changed, nor its ETag.
    const size = async () => Number((await (await fetch(`${app.url}/log/checkpoint`)).text()).split('\n')[1]);
    const sizeBefore = await size();
    await desk.alice.ok('submitClaim', claimInput('Another claim, elsewhere on the desk.'));
    await eventually(async () => expect(await size()).toBeGreaterThan(sizeBefore), 20_000, 100);
    expect((await page(`/claims/${ids.plain}`, { 'if-none-match': etag! })).status).toBe(304);

    await desk.edgar.ok('correctFactCheck', { claimId: ids.plain, note: 'The registry was updated on Monday.', newSummary: 'One death was later recorded.' });
    const after = await page(`/claims/${ids.plain}`, { 'if-none-match': etag! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(text(after.document, '.corrections')).toContain('The registry was updated on Monday.');
  });

  it('keeps a public corrections log: every correction and retraction, newest first, linked to its fact-check', async () => {
    // Runs after the correction above.
    const log = await page('/corrections');
    expect(log.status).toBe(200);
    const items = [...log.document.querySelectorAll('.corrections-log > li')];
    expect(items.map((li) => li.querySelector('a')?.getAttribute('href'))).toEqual([`/claims/${ids.plain}`, `/claims/${ids.retracted}`]);
    expect(items[0].textContent).toContain('Corrected');
    expect(items[0].textContent).toContain('The registry was updated on Monday.');
    expect(items[1].textContent).toContain('Retracted');
    expect(items[1].textContent).toContain('The closure was of another bridge.');
    expect(log.headers.get('etag')).toMatch(/^"/);
    const forged = await page('/corrections?after=forged');
    expect(forged.status).toBe(400);
    expect(text(forged.document, 'main')).toContain('after must be a cursor');
  });
});

describe('public pages with PUBLIC_REVIEWER_NAMES=NONE (e2e)', () => {
  let app: TestApp;
  let id: string;
  beforeAll(async () => {
    app = await startTestApp({ PUBLISH_MIN_SOURCES: '1', PUBLIC_REVIEWER_NAMES: 'NONE' });
    id = await publishFactCheck(await deskOf(app), { statement: 'The river rose by ten metres.' });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('names nobody, on the page or in anonymous GraphQL, and gives no id that tells one person from another', async () => {
    const html = await (await fetch(`${app.url}/claims/${id}`)).text();
    for (const name of ['Rita', 'Rafael', 'Edgar', 'R. R.', 'E. E.']) expect(html).not.toContain(name);
    expect(html).toContain('a reviewer');
    type People = { claim: { verdicts: { reviewer: { id: string; personId: string; name: string } }[]; publication: { publishedBy: { personId: string; name: string } } } };
    const seen = (await app.graphql<People>('query($id: ID!) { claim(id: $id) { verdicts { reviewer { id personId name } } publication { publishedBy { personId name } } } }', { id })).data!.claim;
    const people = [...seen.verdicts.map((v) => v.reviewer), seen.publication.publishedBy];
    expect(new Set(people.map((p) => p.name))).toEqual(new Set(['Not named']));
    expect(new Set(people.map((p) => p.personId))).toEqual(new Set(['person-not-named']));
  });
});


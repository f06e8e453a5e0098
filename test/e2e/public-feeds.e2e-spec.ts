import { DOMParser, type Document, type Element } from '@xmldom/xmldom';
import { deskOf, publishFactCheck, type Desk } from '../support/fact-check-desk';
import { startTestApp, TestApp } from '../support/test-app';

const BASE = 'https://factcheck.example.org';
const ENV = { PUBLIC_BASE_URL: `${BASE}/`, ORGANIZATION_NAME: 'Example Fact Check', PUBLISH_MIN_SOURCES: '1' };
const ATOM = 'http://www.w3.org/2005/Atom';
const RLO = '\u202E';
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

interface Fetched {
  status: number;
  headers: Headers;
  text: string;
}

/** Strict XML: any warning or error of the parser fails the test. */
function parseXml(text: string): Document {
  return new DOMParser({
    onError: (level: string, message: string) => {
      throw new Error(`XML ${level}: ${message}`);
    },
  }).parseFromString(text, 'application/xml');
}
const elements = (parent: Element, name: string) => Array.from(parent.childNodes).filter((n): n is Element => n.nodeType === 1 && (n as Element).localName === name && (n as Element).namespaceURI === ATOM);
/** The one Atom child element of that name (RFC 4287 allows at most one of each of these). */
function only(parent: Element, name: string): Element {
  const found = elements(parent, name);
  expect(found).toHaveLength(1);
  return found[0];
}
const textOf = (parent: Element, name: string) => only(parent, name).textContent ?? '';
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * The feeds over real HTTP from a real server on the embedded store: fact-checks published, corrected
 * and retracted through GraphQL, then /feed.atom parsed strictly as Atom 1.0 and /feed.json read as
 * JSON Feed 1.1; their caching (ETag changing with a correction, 304 on If-None-Match). No token.
 */
describe('Atom and JSON feeds of the public record (e2e)', () => {
  let app: TestApp;
  let desk: Desk;
  const ids: Record<string, string> = {};

  async function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Fetched> {
    const response = await fetch(`${app.url}${path}`, { method, headers });
    return { status: response.status, headers: response.headers, text: await response.text() };
  }

  const publish = (statement: string, rating: string, summary: string) => publishFactCheck(desk, { statement, rating, summary });

  beforeAll(async () => {
    app = await startTestApp(ENV);
    desk = await deskOf(app);
  });
  afterAll(async () => app.close());

  it('an empty record gives a valid, empty Atom feed at a fixed time, without Last-Modified', async () => {
    const answer = await get('/feed.atom');
    expect(answer.status).toBe(200);
    const feed = parseXml(answer.text).documentElement!;
    expect(feed.namespaceURI).toBe(ATOM);
    expect(elements(feed, 'entry')).toHaveLength(0);
    expect(textOf(feed, 'updated')).toBe('1970-01-01T00:00:00.000Z');
    expect(answer.headers.get('last-modified')).toBeNull();
    expect(answer.headers.get('etag')).toMatch(/^"sha256-[A-Za-z0-9_-]{27}"$/);
    expect(JSON.parse((await get('/feed.json')).text).items).toEqual([]);
  });

  describe('with fact-checks published, corrected and retracted', () => {
    let beforeCorrection: { atom: string; json: string };

    beforeAll(async () => {
      ids.first = await publish(`Two people died during the raids <b>&amp;</b> ]]> ${RLO}gnp.exe`, 'FALSE', 'One man died, not two. <script>alert(1)</script>');
      ids.arabic = await publish('توفي شخصان خلال المداهمات في يكاترينبورغ.', 'TRUE', 'Подтверждено: двое погибших.');
      beforeCorrection = { atom: (await get('/feed.atom')).headers.get('etag')!, json: (await get('/feed.json')).headers.get('etag')! };
      await desk.edgar.ok('correctFactCheck', {
        claimId: ids.first, note: 'A second death was confirmed on 2 July.', newRating: 'MOSTLY_FALSE', newSummary: 'Two died, but not on 27 June.', justification: 'Confirmed after the reviewers rated.',
      });
      await desk.edgar.ok('retractFactCheck', { claimId: ids.arabic, note: 'The underlying report was withdrawn by its outlet.' });
    });

    it('serves Atom 1.0 that parses strictly, with the feed\'s required elements, its author and links', async () => {
      const answer = await get('/feed.atom');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/atom+xml; charset=utf-8');
      expect(answer.text.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
      expect(answer.text).not.toMatch(XML_FORBIDDEN);
      const doc = parseXml(answer.text);
      const feed = doc.documentElement!;
      expect(feed.localName).toBe('feed');
      expect(feed.namespaceURI).toBe(ATOM);
      expect(textOf(feed, 'id')).toMatch(/^urn:uuid:/);
      expect(textOf(feed, 'title')).toBe('Example Fact Check: fact-checks, corrections and retractions');
      expect(textOf(feed, 'updated')).toMatch(RFC3339);
      expect(textOf(only(feed, 'author'), 'name')).toBe('Example Fact Check');
      const links = elements(feed, 'link').map((l) => [l.getAttribute('rel'), l.getAttribute('href')]);
      expect(links).toEqual([['self', `${BASE}/feed.atom`], ['alternate', `${BASE}/claims`]]);
      expect(doc.getElementsByTagName('script')).toHaveLength(0);
      expect(doc.getElementsByTagName('b')).toHaveLength(0);
    });

    it('lists every publication, correction and retraction newest first, each with id, title, updated and a link to its page', async () => {
      const feed = parseXml((await get('/feed.atom')).text).documentElement!;
      const entries = elements(feed, 'entry').map((entry) => {
        const [link] = elements(entry, 'link');
        return { id: textOf(entry, 'id'), title: textOf(entry, 'title'), updated: textOf(entry, 'updated'), href: link.getAttribute('href'), rel: link.getAttribute('rel'), content: textOf(entry, 'content') };
      });
      const page = (id: string) => `${BASE}/claims/${id}`;
      expect(entries.map((e) => [e.href, e.title.split(':')[0]])).toEqual([
        [page(ids.arabic), 'Retracted'],
        [page(ids.first), 'Corrected'],
        [page(ids.arabic), 'Fact-check'],
        [page(ids.first), 'Fact-check'],
      ]);
      for (const e of entries) {
        expect(e.rel).toBe('alternate');
        // Permanent: a name-based UUID, not the address the service answers on today.
        expect(e.id).toMatch(/^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(e.updated).toMatch(RFC3339);
      }
      expect(new Set(entries.map((e) => e.id)).size).toBe(4);
      const times = entries.map((e) => Date.parse(e.updated));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(textOf(feed, 'updated')).toBe(entries[0].updated);
      // The hostile statement reads back as text; the Arabic one whole.
      expect(entries[1].title).toBe(`Corrected: \u2068Two people died during the raids <b>&amp;</b> ]]> ${RLO}gnp.exe\u2069`);
      expect(entries[0].title).toContain('توفي شخصان');
      expect(entries[1].content).toContain('Rating: Mostly false (was False)');
      expect(entries[0].content).toContain('The underlying report was withdrawn by its outlet.');
      // The retracted fact-check's earlier entry stays, pointing at the page that now answers 410.
      expect(entries[2].content).toContain('Rating: True');
    });

    it('serves the same entries as JSON Feed 1.1', async () => {
      const answer = await get('/feed.json');
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('application/feed+json; charset=utf-8');
      const feed = JSON.parse(answer.text);
      expect(feed).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', title: 'Example Fact Check: fact-checks, corrections and retractions', home_page_url: `${BASE}/claims`, feed_url: `${BASE}/feed.json` });
      const atomIds = elements(parseXml((await get('/feed.atom')).text).documentElement!, 'entry').map((e) => textOf(e, 'id'));
      expect(feed.items.map((i: { id: string }) => i.id)).toEqual(atomIds);
      for (const item of feed.items) {
        expect(typeof item.id).toBe('string');
        expect(item.url).toMatch(new RegExp(`^${BASE}/claims/`));
        expect(typeof (item.content_text ?? item.content_html)).toBe('string');
        expect(item.date_published).toMatch(RFC3339);
      }
    });

    it('caches: ETag, Last-Modified of the newest entry, Cache-Control; 304 on a matching If-None-Match; a correction changed the ETag', async () => {
      for (const [path, before] of [['/feed.atom', beforeCorrection.atom], ['/feed.json', beforeCorrection.json]] as const) {
        const answer = await get(path);
        const etag = answer.headers.get('etag')!;
        expect(etag).toMatch(/^"sha256-[A-Za-z0-9_-]{27}"$/);
        expect(etag).not.toBe(before);
        expect(answer.headers.get('cache-control')).toBe('public, max-age=60');
        const lastModified = answer.headers.get('last-modified')!;
        expect(new Date(lastModified).toUTCString()).toBe(lastModified);

        const notModified = await get(path, { 'if-none-match': `"x", W/${etag}` });
        expect(notModified.status).toBe(304);
        expect(notModified.text).toBe('');
        expect(notModified.headers.get('etag')).toBe(etag);
        expect((await get(path, { 'if-none-match': before })).status).toBe(200);
        expect((await get(path, { 'if-modified-since': lastModified })).status).toBe(304);
        // If-None-Match decides when both are sent.
        expect((await get(path, { 'if-none-match': before, 'if-modified-since': lastModified })).status).toBe(200);
        // The same body again gives the same ETag.
        expect((await get(path)).headers.get('etag')).toBe(etag);
      }
      const atom = parseXml((await get('/feed.atom')).text).documentElement!;
      expect(new Date((await get('/feed.atom')).headers.get('last-modified')!).getTime()).toBe(Math.floor(Date.parse(textOf(atom, 'updated')) / 1000) * 1000);
    });

    it('answers HEAD with the same validators and no body', async () => {
      const full = await get('/feed.atom');
      const head = await get('/feed.atom', {}, 'HEAD');
      expect(head.status).toBe(200);
      expect(head.text).toBe('');
      expect(head.headers.get('etag')).toBe(full.headers.get('etag'));
      expect(head.headers.get('content-length')).toBe(String(Buffer.byteLength(full.text)));
    });
  });

  it('without PUBLIC_BASE_URL, the feeds\' links name the port the server bound (PORT=0)', async () => {
    const own = await startTestApp({});
    try {
      const port = new URL(own.url).port;
      expect(port).not.toBe('3000');
      const feed = parseXml((await fetch(`${own.url}/feed.atom`).then((r) => r.text()))).documentElement!;
      const self = elements(feed, 'link').find((l) => l.getAttribute('rel') === 'self');
      expect(self?.getAttribute('href')).toBe(`http://127.0.0.1:${port}/feed.atom`);
      // Its id does not name the address: a move to another port or host keeps every id.
      expect(textOf(feed, 'id')).not.toContain(port);
      expect(JSON.parse(await fetch(`${own.url}/feed.json`).then((r) => r.text())).home_page_url).toBe(`http://127.0.0.1:${port}/claims`);
    } finally {
      await own.close();
    }
  });
});

import { request as httpRequest } from 'node:http';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/** A hand-written Google-style ClaimReview (the markup guide's shape), in English. */
const english = () => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://checker.example.com/fact-checks/airport-drones',
  claimReviewed: 'Drones closed Heydar Aliyev airport for three days',
  itemReviewed: {
    '@type': 'Claim',
    author: { '@type': 'Person', name: 'A. Blogger' },
    datePublished: '2025-07-01',
    appearance: [{ '@type': 'CreativeWork', url: 'https://social.example.com/post/1', datePublished: '2025-07-01', publisher: { '@type': 'Organization', name: 'Social' } }],
  },
  author: { '@type': 'Organization', name: 'Example Checker', url: 'https://checker.example.com' },
  reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
  reviewBody: 'The airport closed for four hours, not three days.',
  datePublished: '2025-07-03',
  inLanguage: 'en',
});

/** And one in Russian, written with ё, and one in Arabic with hamza, both in a DataFeed as Google's feeds carry them. */
const russian = () => ({
  '@type': 'ClaimReview',
  url: 'https://proverka.example.ru/plane',
  claimReviewed: 'Самолёт сбили над Грозным',
  author: { '@type': 'Organization', name: 'Проверка' },
  reviewRating: { '@type': 'Rating', alternateName: 'Неправда' },
  datePublished: '2025-07-05T09:30:00+03:00',
  inLanguage: 'ru',
});
const arabic = () => ({
  '@type': 'ClaimReview',
  url: 'https://tahaqqaq.example.org/airport',
  claimReviewed: 'أسقطت الطائرة قرب المطار',
  author: { '@type': 'Organization', name: 'تحقق' },
  reviewRating: { '@type': 'Rating', alternateName: 'زائف' },
  datePublished: '2025-07-06',
  inLanguage: 'ar',
});
const feedOf = (...items: unknown[]) => ({ '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: items.map((item) => ({ '@type': 'DataFeedItem', item: [item] })) });

const SEARCH = `query($filter: ClaimFilterInput) { claims(filter: $filter) { totalCount edges { node { id origin statement status
  external { publisher { name url } url datePublished rating { alternateName ratingValue bestRating worstRating } } } } } }`;

interface Answer {
  status: number;
  body: any;
}

/**
 * Other desks' fact-checks over real HTTP against a real server: POST /fact-checks/external/import, then
 * the claims list, search, the read-only refusal and the ClaimReview export; and the round trip of our
 * own DataFeed export into a second instance.
 */
describe('Other desks\' fact-checks (e2e)', () => {
  let app: TestApp;
  let admin: string;

  async function post(target: TestApp, body: unknown, token?: string, query = ''): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/ld+json' };
    if (token) headers.authorization = `Bearer ${token}`;
    const response = await fetch(`${target.url}/fact-checks/external/import${query}`, { method: 'POST', headers, body: JSON.stringify(body) });
    return { status: response.status, body: await response.json() };
  }
  async function get(target: TestApp, path: string): Promise<Answer> {
    const response = await fetch(`${target.url}${path}`);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  async function search(filter: Record<string, unknown>, token?: string) {
    const answer = await app.graphql<{ claims: { totalCount: number; edges: { node: any }[] } }>(SEARCH, { filter }, token);
    if (answer.errors) throw new Error(answer.errors[0].message);
    return answer.data!.claims;
  }

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'ada', name: 'Ada Admin', roles: ['admin'] });
  });
  afterAll(async () => {
    await app?.close();
  });

  it('refuses without a token (401), with a bad one (401, the reason) and without the role (403), in the problems shape', async () => {
    expect(await post(app, english())).toEqual({ status: 401, body: { ok: false, problems: [{ path: '(token)', message: expect.stringContaining('Bearer') }] } });
    expect(await post(app, english(), 'not-a-jwt')).toEqual({ status: 401, body: { ok: false, problems: [{ path: '(token)', message: expect.stringContaining('malformed') }] } });
    const contributor = await app.token({ sub: 'carl', roles: ['contributor'] });
    expect(await post(app, english(), contributor)).toEqual({ status: 403, body: { ok: false, problems: [{ path: '(token)', message: expect.stringContaining('admin or importer') }] } });
  });

  it('refuses a document with a missing required field (422, with its place) and writes nothing', async () => {
    const broken = feedOf(english(), { ...russian(), reviewRating: { '@type': 'Rating' } });
    const answer = await post(app, broken, admin);
    expect(answer).toEqual({ status: 422, body: { ok: false, problems: [{ path: 'dataFeedElement[1].item[0].reviewRating.alternateName', message: expect.stringMatching(/^missing/) }] } });
    expect((await search({ origin: 'EXTERNAL' })).totalCount).toBe(0);
  });

  it('refuses a body that is not JSON with 400, in the same shape', async () => {
    const response = await fetch(`${app.url}/fact-checks/external/import`, { method: 'POST', headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' }, body: '{"@type": "ClaimRev' });
    expect({ status: response.status, body: await response.json() }).toEqual({ status: 400, body: { ok: false, problems: [{ path: '(document)', message: expect.stringContaining('not JSON') }] } });
  });

  it('with dryRun says what it would do and writes nothing', async () => {
    const answer = await post(app, english(), admin, '?dryRun=true');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ ok: true, dryRun: true, factChecks: [{ url: english().url, claimId: expect.any(String), publisher: 'Example Checker', outcome: 'imported' }] });
    expect((await search({ origin: 'EXTERNAL' })).totalCount).toBe(0);
    expect(await app.graphql('query($id: ID!) { claim(id: $id) { id } }', { id: answer.body.factChecks[0].claimId })).toMatchObject({ data: { claim: null } });
  });

  describe('once imported', () => {
    let ids: Record<'en' | 'ru' | 'ar', string>;

    beforeAll(async () => {
      const one = await post(app, english(), admin);
      const two = await post(app, feedOf(russian(), arabic()), admin);
      expect([one.status, two.status]).toEqual([200, 200]);
      expect(two.body.factChecks.map((f: { outcome: string }) => f.outcome)).toEqual(['imported', 'imported']);
      ids = { en: one.body.factChecks[0].claimId, ru: two.body.factChecks[0].claimId, ar: two.body.factChecks[1].claimId };
    });

    it('anonymous readers find them by search, folded (ё as е, no hamza, without the article), marked EXTERNAL and attributed', async () => {
      const plane = await search({ search: 'самолет' });
      expect(plane.edges.map((e) => e.node.id)).toEqual([ids.ru]);
      expect(plane.edges[0].node).toMatchObject({ origin: 'EXTERNAL', status: 'PUBLISHED', external: { publisher: { name: 'Проверка', url: null }, rating: { alternateName: 'Неправда' } } });
      expect((await search({ search: 'اسقطت' })).edges.map((e) => e.node.id)).toEqual([ids.ar]);
      expect((await search({ search: 'مطار' })).edges.map((e) => e.node.id)).toEqual([ids.ar]);
      const airport = await search({ search: 'heydar airport' });
      expect(airport.edges[0].node).toEqual({
        id: ids.en,
        origin: 'EXTERNAL',
        statement: english().claimReviewed,
        status: 'PUBLISHED',
        external: {
          publisher: { name: 'Example Checker', url: 'https://checker.example.com' },
          url: english().url,
          datePublished: '2025-07-03',
          rating: { alternateName: 'False', ratingValue: 1, bestRating: 5, worstRating: 1 },
        },
      });
    });

    it('the origin filter includes or excludes them, and the desk\'s counts never count them', async () => {
      const alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor'] }));
      await alice.ok('submitClaim', { statement: 'Drones hit the airport fence', claimant: { name: 'X', kind: 'PERSON' }, claimDate: '2025-07-01', appearances: [], language: 'en', topics: [] });
      const desk = await app.token({ sub: 'edgar', roles: ['editor'] });
      // The English fact-check and the desk's own claim (the Arabic one says مطار, not airport).
      expect((await search({ search: 'airport' }, desk)).totalCount).toBe(2);
      expect((await search({ search: 'airport', origin: 'DESK' }, desk)).edges.map((e) => e.node.origin)).toEqual(['DESK']);
      expect((await search({ origin: 'EXTERNAL' }, desk)).totalCount).toBe(3);
      const counts = await app.graphql<{ deskCounts: { published: number; total: number } }>('{ deskCounts { published total } }', {}, desk);
      expect(counts.data!.deskCounts).toEqual({ published: 0, total: 1 });
    });

    it('re-importing the same document is unchanged; a changed one is updated, with a new event', async () => {
      const again = await post(app, JSON.parse(JSON.stringify(Object.fromEntries(Object.entries(english()).reverse()))), admin);
      expect(again.body.factChecks).toEqual([{ url: english().url, claimId: ids.en, publisher: 'Example Checker', outcome: 'unchanged' }]);
      const corrected = { ...english(), reviewRating: { '@type': 'Rating', ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' } };
      const changed = await post(app, corrected, admin);
      expect(changed.body.factChecks[0]).toMatchObject({ claimId: ids.en, outcome: 'updated' });
      expect((await search({ search: 'heydar' })).edges[0].node.external.rating.alternateName).toBe('Mostly false');
      const history = await app.graphql<any>('query($id: ID!) { claim(id: $id) { revision } }', { id: ids.en });
      expect(history.data.claim.revision).toBe(1);
    });

    it('refuses every desk act on them with EXTERNAL_FACT_CHECK', async () => {
      const alice = new DeskClient(app, await app.token({ sub: 'alice', roles: ['contributor'] }));
      const edgar = new DeskClient(app, await app.token({ sub: 'edgar', roles: ['editor'] }));
      const cite = await alice.mutate('addCitation', { claimId: ids.ru, url: 'https://example.org/s', title: 'T', publisher: 'P', excerpt: 'E', stance: 'CONTEXT' });
      expect(cite.error?.code).toBe('EXTERNAL_FACT_CHECK');
      const retract = await edgar.mutate('retractFactCheck', { claimId: ids.ru, note: 'Not ours to retract.' });
      expect(retract.error?.code).toBe('EXTERNAL_FACT_CHECK');
      // Nor do readers' correction requests: the fact-check is its publisher's to correct.
      const request = await app.graphql<any>('mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) { __typename } }', { input: { claimId: ids.ru, problem: 'The plane was not shot down.' } });
      expect(request.errors?.[0]?.extensions?.code).toBe('CLAIM_NOT_PUBLISHED');
    });

    it('exports an external one as its original document (its own author), and leaves it out of our feed', async () => {
      const review = await get(app, `/claims/${ids.ar}/claim-review.jsonld`);
      expect(review).toEqual({ status: 200, body: { '@context': 'https://schema.org', ...arabic() } });
      const feed = await get(app, '/claim-reviews.jsonld');
      expect(feed.body.dataFeedElement).toEqual([]);
    });
  });

  it('round trip: our DataFeed export, imported into a second instance, is served there exactly as the first serves it', async () => {
    const a = await startTestApp({ PUBLISH_MIN_SOURCES: '1', ORGANIZATION_NAME: 'Desk A', ORGANIZATION_URL: 'https://a.example.org', PUBLIC_BASE_URL: 'https://a.example.org' });
    const b = await startTestApp();
    try {
      const as = async (sub: string, roles: string[]) => new DeskClient(a, await a.token({ sub, name: sub, roles }));
      const alice = await as('alice', ['contributor']);
      const [rita, rafael, edgar] = [await as('rita', ['reviewer']), await as('rafael', ['reviewer']), await as('edgar', ['editor'])];
      const { claimId } = await alice.ok('submitClaim', {
        statement: 'Ильхам Алиев закрыл аэропорт',
        claimant: { name: 'Telegram channel', kind: 'ORGANIZATION' },
        claimDate: '2025-06-28',
        appearances: [{ url: 'https://t.example/c/1', outlet: 'Telegram', appearedAt: '2025-06-28', firstAppearance: true }],
        language: 'ru',
        topics: ['airport'],
      });
      const { citationId } = await alice.ok('addCitation', { claimId, url: 'https://example.org/s', title: 'A source', publisher: 'Example', excerpt: 'What it says.', stance: 'REFUTES' });
      await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
      await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Checked.', citationIds: [citationId] });
      await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Checked too.', citationIds: [citationId] });
      await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'The airport stayed open.' });

      const exported = await get(a, '/claim-reviews.jsonld');
      expect(exported.body.dataFeedElement).toHaveLength(1);
      const imported = await post(b, exported.body, await b.token({ sub: 'ada', roles: ['admin'] }));
      expect(imported.status).toBe(200);
      const [fact] = imported.body.factChecks;
      expect(fact).toMatchObject({ url: `https://a.example.org/claims/${claimId}`, publisher: 'Desk A', outcome: 'imported' });

      const servedByA = await get(a, `/claims/${claimId}/claim-review.jsonld`);
      const servedByB = await get(b, `/claims/${fact.claimId}/claim-review.jsonld`);
      expect(servedByB).toEqual(servedByA);
      expect(servedByB.body).toEqual(exported.body.dataFeedElement[0]);
      // And importing A's feed into B again changes nothing.
      expect((await post(b, exported.body, await b.token({ sub: 'ada', roles: ['admin'] }))).body.factChecks[0].outcome).toBe('unchanged');

      // F1: A's own fact-check, its rating changed, imported into A as another desk's: refused (url and author), nothing written.
      const forged = { ...servedByA.body, reviewRating: { ...servedByA.body.reviewRating, alternateName: 'True' } };
      const intoA = await post(a, forged, await a.token({ sub: 'ada', roles: ['admin'] }));
      expect(intoA.status).toBe(422);
      expect(intoA.body.problems).toEqual([
        { path: 'url', message: expect.stringContaining("this is this desk's own fact-check; it is not imported as another desk's") },
        { path: 'author.name', message: expect.stringContaining("this is this desk's own fact-check") },
      ]);
      expect((await post(a, exported.body, await a.token({ sub: 'ada', roles: ['admin'] }))).status).toBe(422);
      expect((await get(a, `/claims/${claimId}/claim-review.jsonld`)).body).toEqual(servedByA.body);
    } finally {
      await a.close();
      await b.close();
    }
  });
});

/** What an outside tester found in the endpoint (F1–F8), each through real HTTP against a real server. */
describe('Other desks\' fact-checks: the tester\'s findings (e2e)', () => {
  let app: TestApp;
  let admin: string;
  const ENDPOINT = '/fact-checks/external/import';

  async function send(body: string, headers: Record<string, string>): Promise<Answer> {
    const response = await fetch(`${app.url}${ENDPOINT}`, { method: 'POST', headers, body });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }
  const asAdmin = (body: string, type = 'application/ld+json') => send(body, { authorization: `Bearer ${admin}`, 'content-type': type });
  const importing = async (doc: unknown) => asAdmin(JSON.stringify(doc));
  const review = (over: Record<string, unknown> = {}) => ({ ...english(), url: 'https://checker.example.com/fact-checks/findings', ...over });
  const CLAIM = `query($id: ID!) { claim(id: $id) { revision claimant { name } appearances { appearedAt }
    corrections { note at by { name } } external { authors { name url } publisher { name } rating { alternateName } } } }`;
  const claim = async (id: string) => (await app.graphql<any>(CLAIM, { id })).data.claim;

  beforeAll(async () => {
    app = await startTestApp();
    admin = await app.token({ sub: 'ada', name: 'Ada Admin', roles: ['admin'] });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** Sends headers and the start of a body it never finishes: an answer can only come before the body is read. */
  function unfinished(path: string, headers: Record<string, string>): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const { hostname, port } = new URL(app.url);
      const req = httpRequest({ hostname, port, path, method: 'POST', headers: { ...headers, 'content-length': String(10_000_000) } }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) });
          req.destroy();
        });
      });
      req.on('error', (error) => (error.message.includes('socket hang up') ? undefined : reject(error)));
      req.write('{"@context": "https://schema.org", ');
    });
  }

  it('F8: without a token, 401 before the body is read, on both import endpoints, each in its shape', async () => {
    expect(await unfinished(ENDPOINT, { 'content-type': 'application/ld+json' })).toEqual({ status: 401, body: { ok: false, problems: [{ path: '(token)', message: expect.stringContaining('Bearer') }] } });
    expect(await unfinished('/cases/import', { 'content-type': 'application/json' })).toEqual({
      status: 401,
      body: { ok: false, problems: [{ path: '(request)', code: 'UNAUTHENTICATED', message: expect.stringContaining('bearer token') }] },
    });
  });

  it('F8: another content type is 415, an empty body 400 "empty body", null or 42 a 422 naming what is expected', async () => {
    expect(await asAdmin(JSON.stringify(review()), 'text/plain')).toEqual({ status: 415, body: { ok: false, problems: [{ path: '(document)', message: expect.stringContaining('application/ld+json') }] } });
    expect(await asAdmin('')).toEqual({ status: 400, body: { ok: false, problems: [{ path: '(document)', message: expect.stringContaining('empty body') }] } });
    for (const body of ['null', '42']) {
      expect(await asAdmin(body)).toEqual({ status: 422, body: { ok: false, problems: [{ path: '(document)', message: expect.stringContaining('must be a ClaimReview object, an array or a DataFeed') }] } });
    }
  });

  it('F6: a key given twice is refused with its line and column', async () => {
    const text = '{\n  "@context": "https://schema.org",\n  "@type": "ClaimReview",\n  "url": "https://a.example/1",\n  "url": "https://a.example/2"\n}';
    expect(await asAdmin(text)).toEqual({ status: 422, body: { ok: false, problems: [{ path: 'line 5, column 3', message: expect.stringContaining('"url" is given twice in one object (url; first at line 4, column 3)') }] } });
  });

  it('F4: 3,000 levels of nesting are refused with 422 and the place, not 500', async () => {
    const text = JSON.stringify({ ...review(), reviewBody: 'x' }).replace('"x"', '{"a":'.repeat(3000) + '1' + '}'.repeat(3000));
    const answer = await asAdmin(text);
    expect(answer.status).toBe(422);
    expect(answer.body.problems).toEqual([{ path: expect.stringMatching(/^reviewBody(\.a)+$/), message: expect.stringContaining('deeper than 32') }]);
    const list = await asAdmin('['.repeat(3000) + ']'.repeat(3000));
    expect(list.status).toBe(422);
  });

  it('F3: spellings of one url are one fact-check; two in one request are refused naming the first', async () => {
    const first = await importing(review());
    expect(first.status).toBe(200);
    const id = first.body.factChecks[0].claimId;
    for (const url of ['https://CHECKER.example.com/fact-checks/findings', 'https://checker.example.com:443/fact-checks/findings#frag', 'https://checker.example.com/fact-checks/./findings?']) {
      const again = await importing(review({ url }));
      expect(again.body.factChecks).toEqual([{ url: 'https://checker.example.com/fact-checks/findings', claimId: id, publisher: 'Example Checker', outcome: 'unchanged' }]);
    }
    const both = await importing([review(), review({ url: 'https://Checker.Example.com:443/fact-checks/findings#x' })]);
    expect(both).toEqual({ status: 422, body: { ok: false, problems: [{ path: '[1].url', message: expect.stringContaining('repeats the url of [0] (https://checker.example.com/fact-checks/findings)') }] } });
  });

  it('F2: re-importing the old document after the correction is "older", with the stored date; the correction stays', async () => {
    const url = 'https://checker.example.com/fact-checks/corrected';
    const old = review({ url });
    const corrected = review({ url, dateModified: '2025-07-10', reviewRating: { '@type': 'Rating', alternateName: 'Mostly false' } });
    expect((await importing(old)).body.factChecks[0].outcome).toBe('imported');
    const updated = await importing(corrected);
    expect(updated.body.factChecks[0].outcome).toBe('updated');
    const id = updated.body.factChecks[0].claimId;
    const again = await importing(old);
    expect(again).toEqual({ status: 200, body: { ok: true, dryRun: false, factChecks: [{ url, claimId: id, publisher: 'Example Checker', outcome: 'older', storedDate: '2025-07-10' }] } });
    expect(await claim(id)).toMatchObject({ revision: 1, external: { rating: { alternateName: 'Mostly false' } } });
    // Same date, other content: updated, as before.
    expect((await importing({ ...corrected, reviewBody: 'Clarified.' })).body.factChecks[0].outcome).toBe('updated');
  });

  it('F5: values the desk refuses are refused with their place', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ claimReviewed: '\u200b\u2060' }, 'claimReviewed'],
      [{ datePublished: '2999-01-01' }, 'datePublished'],
      [{ datePublished: '0000-01-01' }, 'datePublished'],
      [{ dateModified: '2025-07-01' }, 'dateModified'],
      [{ itemReviewed: { ...english().itemReviewed, datePublished: '2025-07-05' } }, 'itemReviewed.datePublished'],
      [{ reviewRating: { ratingValue: 9, bestRating: 5, worstRating: 1 } }, 'reviewRating.ratingValue'],
      [{ reviewRating: { ratingValue: 3, bestRating: 1, worstRating: 5 } }, 'reviewRating.worstRating'],
      [{ itemReviewed: { appearance: Array.from({ length: 51 }, (_, i) => `https://s.example/${i}`) } }, 'itemReviewed.appearance'],
    ];
    for (const [over, path] of cases) {
      const answer = await importing(review({ url: 'https://checker.example.com/fact-checks/refused', ...over }));
      expect({ over, status: answer.status, paths: answer.body.problems?.map((p: { path: string }) => p.path) }).toEqual({ over, status: 422, paths: [path] });
    }
  });

  it('F5: every author is kept and shown; an unnamed claimant is labelled', async () => {
    const { itemReviewed: _none, ...bare } = review({ url: 'https://checker.example.com/fact-checks/authors' });
    const answer = await importing({ ...bare, author: [{ '@type': 'Organization', name: 'Example Checker', url: 'https://checker.example.com' }, { '@type': 'Organization', name: 'Partner Desk' }] });
    expect(answer.status).toBe(200);
    expect(await claim(answer.body.factChecks[0].claimId)).toMatchObject({
      claimant: { name: 'Not named in the fact-check' },
      external: { publisher: { name: 'Example Checker' }, authors: [{ name: 'Example Checker', url: 'https://checker.example.com' }, { name: 'Partner Desk', url: null }] },
    });
  });

  it('F7: the events carry the review\'s own time, so claimAsOf agrees with publishedAt; appearances get the claim\'s date', async () => {
    const url = 'https://checker.example.com/fact-checks/times';
    const doc = review({ url, datePublished: '2025-07-03T09:00:00Z', itemReviewed: { '@type': 'Claim', datePublished: '2025-07-01', appearance: ['https://social.example.com/post/9'] } });
    const id = (await importing(doc)).body.factChecks[0].claimId;
    const asOf = `query($id: ID!, $at: DateTime!) { claimAsOf(claimId: $id, at: $at) { existed occurredAt } }`;
    const before = await app.graphql<any>(asOf, { id, at: '2025-07-03T08:59:59Z' }, admin);
    const after = await app.graphql<any>(asOf, { id, at: '2025-07-03T09:00:00Z' }, admin);
    expect([before.errors, after.errors]).toEqual([undefined, undefined]);
    expect(before.data.claimAsOf.existed).toBe(false);
    expect(after.data.claimAsOf).toEqual({ existed: true, occurredAt: '2025-07-03T09:00:00.000Z' });
    expect((await claim(id)).appearances).toEqual([{ appearedAt: '2025-07-01T00:00:00.000Z' }]);
  });

  it('F7: a document first imported already modified exists from its publication on, and its update is dated by the modification', async () => {
    const url = 'https://checker.example.com/fact-checks/modified-before-import';
    const id = (await importing(review({ url, datePublished: '2025-07-03', dateModified: '2025-07-10T08:30:00+02:00' }))).body.factChecks[0].claimId;
    const asOf = `query($id: ID!, $at: DateTime!) { claimAsOf(claimId: $id, at: $at) { existed occurredAt } }`;
    const between = await app.graphql<any>(asOf, { id, at: '2025-07-05T00:00:00Z' }, admin);
    expect(between.errors).toBeUndefined();
    expect(between.data.claimAsOf).toEqual({ existed: true, occurredAt: '2025-07-03T00:00:00.000Z' });
    const updated = await importing(review({ url, datePublished: '2025-07-03', dateModified: '2025-07-12T10:00:00Z', reviewBody: 'Corrected again.' }));
    expect(updated.body.factChecks[0].outcome).toBe('updated');
    const later = await app.graphql<any>(asOf, { id, at: '2025-07-12T10:00:00Z' }, admin);
    expect(later.data.claimAsOf).toEqual({ existed: true, occurredAt: '2025-07-12T10:00:00.000Z' });
  });

  it('F8: the publisher\'s CorrectionComments show in Claim.corrections, with their dates', async () => {
    const doc = review({
      url: 'https://checker.example.com/fact-checks/with-corrections',
      dateModified: '2025-07-20',
      correction: { '@type': 'CorrectionComment', text: 'We corrected the closing time.', datePublished: '2025-07-20' },
    });
    const id = (await importing(doc)).body.factChecks[0].claimId;
    expect((await claim(id)).corrections).toEqual([{ note: 'We corrected the closing time.', at: '2025-07-20T00:00:00.000Z', by: { name: 'Example Checker' } }]);
  });
});

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
    } finally {
      await a.close();
      await b.close();
    }
  });
});

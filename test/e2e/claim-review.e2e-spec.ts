import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

const ENV = {
  PUBLIC_BASE_URL: 'https://factcheck.example.org/', // the trailing slash must not double up in urls
  ORGANIZATION_NAME: 'Example Fact Check',
  ORGANIZATION_URL: 'https://example.org/about',
};
const AUTHOR = { '@type': 'Organization', name: 'Example Fact Check', url: 'https://example.org/about' };

interface HttpAnswer {
  status: number;
  contentType: string | null;
  link: string | null;
  body: any;
}

/**
 * ClaimReview export over real HTTP against a real server: the single JSON-LD document, the feed
 * and the GraphQL field, for fact-checks with and without corrections, off-scale ratings, retracted
 * fact-checks and claims that were never published. No token is sent to the HTTP endpoints.
 */
describe('ClaimReview export (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  let rita: DeskClient;
  let rafael: DeskClient;
  let edgar: DeskClient;
  const ids: Record<string, string> = {};

  async function get(path: string): Promise<HttpAnswer> {
    const response = await fetch(`${app.url}${path}`, { headers: { accept: 'application/ld+json' } });
    const text = await response.text();
    return { status: response.status, contentType: response.headers.get('content-type'), link: response.headers.get('link'), body: text ? JSON.parse(text) : null };
  }
  const review = (id: string) => get(`/claims/${id}/claim-review.jsonld`);
  const feed = (query = '') => get(`/claim-reviews.jsonld${query}`);

  const claimInput = (statement: string, over: Record<string, unknown> = {}) => ({
    statement,
    claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
    claimDate: '2025-06-28',
    appearances: [{ url: 'https://en.trend.az/raids', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
    language: 'en',
    topics: ['raids'],
    ...over,
  });

  /** Submitted, cited, assigned to two reviewers who both rated it: ready to publish. */
  async function publishable(statement: string, rating: string, over: Record<string, unknown> = {}): Promise<string> {
    const { claimId } = await alice.ok('submitClaim', claimInput(statement, over));
    const citationId = (await alice.ok('addCitation', { claimId, url: 'https://example.org/s', title: 'A source', publisher: 'Example', excerpt: 'What it says.', stance: 'CONTEXT' })).citationId;
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita' }, { id: 'rafael' }] });
    await rita.ok('recordVerdict', { claimId, rating, rationale: 'Checked.', citationIds: [citationId] });
    await rafael.ok('recordVerdict', { claimId, rating, rationale: 'Checked too.', citationIds: [citationId] });
    return claimId;
  }
  async function published(statement: string, rating: string, summary: string, over: Record<string, unknown> = {}): Promise<string> {
    const claimId = await publishable(statement, rating, over);
    await edgar.ok('publishFactCheck', { claimId, rating, summary });
    return claimId;
  }
  async function claimReviewOverGraphql(id: string, token?: string): Promise<unknown> {
    const response = await app.graphql<{ claim: { claimReview: unknown } | null }>('query($id: ID!) { claim(id: $id) { claimReview } }', { id }, token);
    if (response.errors) throw new Error(response.errors[0].message);
    return response.data?.claim ? response.data.claim.claimReview : undefined;
  }
  const day = (iso: string) => new Date(iso).toISOString().slice(0, 10);
  const bundleOf = (id: string) => ({ '@type': 'Dataset', name: 'Transparency-log proof bundle of this fact-check', url: `https://factcheck.example.org/log/fact-checks/${id}`, encodingFormat: 'application/json' });

  beforeAll(async () => {
    // This suite's fact-checks rest on one source; the PUBLISH_MIN_SOURCES gate (default 2) is specified in editorial-integrity.e2e-spec.ts.
    app = await startTestApp({ ...ENV, PUBLISH_MIN_SOURCES: '1' });
    const as = async (sub: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name: sub, roles }));
    alice = await as('alice', ['contributor']);
    rita = await as('rita', ['reviewer']);
    rafael = await as('rafael', ['reviewer']);
    edgar = await as('edgar', ['editor']);

    // In submission order; the feed lists the published ones newest (submitted) first.
    ids.draft = (await alice.ok('submitClaim', claimInput('A draft nobody has looked at yet.'))).claimId;
    ids.corrected = await published('Two people died during the police raids in Yekaterinburg.', 'FALSE', 'One man died, not two.', {
      claimant: { name: 'Ilham Aliyev', kind: 'PERSON' },
      appearances: [
        { url: 'https://report.az/raids-later', outlet: 'Report.az', appearedAt: '2025-06-29T10:15:00Z', firstAppearance: false },
        { url: 'https://en.trend.az/raids', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true },
      ],
    });
    await edgar.ok('correctFactCheck', { claimId: ids.corrected, note: 'A second death was confirmed on 2 July.', newRating: 'MOSTLY_FALSE', newSummary: 'Two died, but not on 27 June.', justification: 'The second death was confirmed after the reviewers rated.' });
    ids.inReview = (await alice.ok('submitClaim', claimInput('A claim in review.'))).claimId;
    await edgar.ok('assignReviewers', { claimId: ids.inReview, reviewers: [{ id: 'rita' }] });
    ids.plain = await published('Nine people were detained.', 'TRUE', 'Police confirmed nine detentions.', { claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' } });
    ids.rejected = (await alice.ok('submitClaim', claimInput('An opinion, not a claim.'))).claimId;
    await edgar.ok('rejectClaim', { claimId: ids.rejected, reason: 'Opinion' });
    ids.retracted = await published('The brothers were killed.', 'TRUE', 'Both brothers died.');
    await edgar.ok('retractFactCheck', { claimId: ids.retracted, note: 'The underlying report was withdrawn by its outlet.' });
    ids.rated = await publishable('Rated by reviewers, not yet published.', 'FALSE');
    ids.unverifiable = await published('A secret meeting took place in Baku.', 'UNVERIFIABLE', 'No record exists either way.', { appearances: [] });
  });
  afterAll(async () => app.close());

  describe('GET /claims/:id/claim-review.jsonld', () => {
    it('exports a fact-check without corrections with every property, as application/ld+json, without a token', async () => {
      const claim = (await edgar.claim(ids.plain))!;
      const answer = await review(ids.plain);
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^application\/ld\+json(;|$)/);
      expect(answer.body).toEqual({
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `https://factcheck.example.org/claims/${ids.plain}`,
        claimReviewed: 'Nine people were detained.',
        datePublished: day(claim.publication.publishedAt),
        author: AUTHOR,
        reviewRating: { '@type': 'Rating', ratingValue: 5, bestRating: 5, worstRating: 1, alternateName: 'True' },
        reviewBody: 'Police confirmed nine detentions.',
        itemReviewed: {
          '@type': 'Claim',
          author: { '@type': 'Organization', name: 'Ura.ru' },
          datePublished: '2025-06-28',
          inLanguage: 'en',
          appearance: [{ '@type': 'CreativeWork', url: 'https://en.trend.az/raids', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'Trend' } }],
          firstAppearance: { '@type': 'CreativeWork', url: 'https://en.trend.az/raids', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'Trend' } },
        },
        // The transparency-log proof bundle (issue 16), also the Link header: a stable url, no leaf index.
        subjectOf: bundleOf(ids.plain),
      });
      expect(answer.link).toBe(`<https://factcheck.example.org/log/fact-checks/${ids.plain}>; rel="describedby"; type="application/json"`);
      expect(answer.body.datePublished).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(answer.body).not.toHaveProperty('dateModified');
    });

    it('exports a corrected fact-check with its current rating and summary, dateModified and the correction', async () => {
      const claim = (await edgar.claim(ids.corrected))!;
      const answer = await review(ids.corrected);
      expect(answer.status).toBe(200);
      const trend = { '@type': 'CreativeWork', url: 'https://en.trend.az/raids', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'Trend' } };
      expect(answer.body).toEqual({
        '@context': 'https://schema.org',
        '@type': 'ClaimReview',
        url: `https://factcheck.example.org/claims/${ids.corrected}`,
        claimReviewed: 'Two people died during the police raids in Yekaterinburg.',
        datePublished: day(claim.publication.publishedAt),
        dateModified: day(claim.corrections[0].at),
        author: AUTHOR,
        reviewRating: { '@type': 'Rating', ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Mostly false' },
        reviewBody: 'Two died, but not on 27 June.',
        itemReviewed: {
          '@type': 'Claim',
          author: { '@type': 'Person', name: 'Ilham Aliyev' },
          datePublished: '2025-06-28',
          inLanguage: 'en',
          appearance: [
            { '@type': 'CreativeWork', url: 'https://report.az/raids-later', datePublished: '2025-06-29T10:15:00Z', publisher: { '@type': 'Organization', name: 'Report.az' } },
            trend,
          ],
          firstAppearance: trend,
        },
        correction: [{ '@type': 'CorrectionComment', text: 'A second death was confirmed on 2 July.', datePublished: day(claim.corrections[0].at) }],
        subjectOf: bundleOf(ids.corrected),
      });
    });

    it('gives an off-scale rating by its label only', async () => {
      const answer = await review(ids.unverifiable);
      expect(answer.status).toBe(200);
      expect(answer.body.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Unverifiable' });
      expect(answer.body.itemReviewed).not.toHaveProperty('appearance');
    });

    it('answers 404 with a message for unknown and unpublished claims, and shows nothing of them', async () => {
      for (const id of [ids.draft, ids.inReview, ids.rejected, ids.rated, 'no-such-claim']) {
        const answer = await review(id);
        expect(answer.status).toBe(404);
        expect(answer.contentType).toMatch(/^application\/json/);
        expect(answer.body).toEqual({ statusCode: 404, error: 'Not Found', message: `There is no published fact-check with id "${id}"` });
        expect(answer.link).toBeNull();
      }
    });

    it('answers 410 Gone with the retraction note for a retracted fact-check', async () => {
      const claim = (await edgar.claim(ids.retracted))!;
      const answer = await review(ids.retracted);
      expect(answer.status).toBe(410);
      expect(answer.body).toEqual({
        statusCode: 410,
        error: 'Gone',
        message: `This fact-check was retracted on ${day(claim.retraction.at)}: The underlying report was withdrawn by its outlet.`,
        url: `https://factcheck.example.org/claims/${ids.retracted}`,
        retraction: { note: 'The underlying report was withdrawn by its outlet.', at: claim.retraction.at },
      });
      expect(answer.body).not.toHaveProperty('reviewRating');
      // The retraction is public, so its proof bundle still describes it.
      expect(answer.link).toBe(`<https://factcheck.example.org/log/fact-checks/${ids.retracted}>; rel="describedby"; type="application/json"`);
    });
  });

  describe('GET /claim-reviews.jsonld', () => {
    it('lists every published fact-check, newest first, as a DataFeed of the same ClaimReviews, and nothing else', async () => {
      const answer = await feed();
      expect(answer.status).toBe(200);
      expect(answer.contentType).toMatch(/^application\/ld\+json(;|$)/);
      expect(answer.link).toBeNull();
      expect(answer.body).toMatchObject({
        '@context': 'https://schema.org',
        '@type': 'DataFeed',
        name: 'Example Fact Check: published fact-checks',
        publisher: AUTHOR,
      });
      expect(answer.body).not.toHaveProperty('next');
      const urls = answer.body.dataFeedElement.map((e: { url: string }) => e.url);
      expect(urls).toEqual([ids.unverifiable, ids.plain, ids.corrected].map((id) => `https://factcheck.example.org/claims/${id}`));
      for (const [i, id] of [ids.unverifiable, ids.plain, ids.corrected].entries()) {
        expect(answer.body.dataFeedElement[i]).toEqual((await review(id)).body);
      }
      const everything = JSON.stringify(answer.body);
      for (const hidden of ['draft', 'inReview', 'rejected', 'rated', 'retracted']) expect(everything).not.toContain(ids[hidden]);
      expect(everything).not.toContain('The brothers were killed.');
    });

    it('pages with a next link (in the body and a Link header) until the last page', async () => {
      const seen: string[] = [];
      let path: string | undefined = '/claim-reviews.jsonld?first=2';
      const sizes: number[] = [];
      while (path) {
        const answer = await get(path);
        expect(answer.status).toBe(200);
        sizes.push(answer.body.dataFeedElement.length);
        seen.push(...answer.body.dataFeedElement.map((e: { url: string }) => e.url.split('/').pop()));
        if (answer.body.next) {
          expect(answer.body.next).toMatch(/^\/claim-reviews\.jsonld\?first=2&after=/);
          expect(answer.link).toBe(`<${answer.body.next}>; rel="next"`);
        } else {
          expect(answer.link).toBeNull();
        }
        path = answer.body.next;
      }
      expect(sizes).toEqual([2, 1]);
      expect(seen).toEqual([ids.unverifiable, ids.plain, ids.corrected]);

      const one = await feed('?first=1');
      expect(one.body.dataFeedElement).toHaveLength(1);
      const next = await get(one.body.next);
      expect(next.body.dataFeedElement.map((e: { url: string }) => e.url)).toEqual([`https://factcheck.example.org/claims/${ids.plain}`]);
    });

    it('refuses a page over 100, a page size that is not a whole number from 1, and a malformed cursor with 400', async () => {
      expect((await feed('?first=100')).status).toBe(200);
      const tooLarge = await feed('?first=101');
      expect(tooLarge.status).toBe(400);
      expect(tooLarge.body).toMatchObject({ statusCode: 400, field: 'first', max: 100 });
      expect(tooLarge.body.message).toMatch(/first must be a whole number between 1 and 100 \(got "101"\)/);
      for (const bad of ['0', '-1', 'abc', '2.5', '']) {
        const answer = await feed(`?first=${bad}`);
        expect(answer.status).toBe(400);
        expect(answer.body.field).toBe('first');
      }
      const twice = await feed('?first=1&first=2');
      expect(twice.status).toBe(400);
      expect(twice.body.message).toMatch(/first may be given once/);

      const malformed = await feed('?after=not-a-cursor');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ statusCode: 400, error: 'Bad Request', message: 'after is not a cursor this service issued', field: 'after' });
      const tampered = Buffer.from(JSON.stringify({ v: 1, q: 'another-query', k: [1] })).toString('base64url');
      const foreign = await feed(`?after=${tampered}`);
      expect(foreign.status).toBe(400);
      expect(foreign.body.message).toMatch(/cursor from a different query/);
    });
  });

  describe('Claim.claimReview (GraphQL)', () => {
    it('is exactly what the HTTP endpoint serves, with or without a token', async () => {
      for (const id of [ids.plain, ids.corrected, ids.unverifiable]) {
        const http = (await review(id)).body;
        expect(await claimReviewOverGraphql(id)).toEqual(http);
        expect(await claimReviewOverGraphql(id, edgar.token)).toEqual(http);
      }
    });

    it('is null for claims that are not published, retracted ones included', async () => {
      for (const id of [ids.draft, ids.inReview, ids.rejected, ids.rated, ids.retracted]) {
        expect(await claimReviewOverGraphql(id, edgar.token)).toBeNull();
      }
      // Anonymous readers do not see unpublished claims at all; a retracted one is visible, without a ClaimReview.
      expect(await claimReviewOverGraphql(ids.draft)).toBeUndefined();
      expect(await claimReviewOverGraphql(ids.retracted)).toBeNull();
    });

    it('resolves on claims in lists too', async () => {
      const response = await app.graphql<{ claims: { edges: { node: { id: string; claimReview: { url: string } | null } }[] } }>(
        '{ claims(first: 100) { edges { node { id claimReview } } } }',
      );
      expect(response.errors).toBeUndefined();
      const byId = Object.fromEntries(response.data!.claims.edges.map((e) => [e.node.id, e.node.claimReview]));
      expect(byId[ids.plain]).toEqual((await review(ids.plain)).body);
      expect(byId[ids.retracted]).toBeNull();
    });
  });

  // Last, because it publishes one more fact-check.
  it('orders the feed by publication, not submission: a claim submitted early but published last comes first', async () => {
    await edgar.ok('publishFactCheck', { claimId: ids.rated, rating: 'FALSE', summary: 'Published after the others.' });
    const urls = (await feed()).body.dataFeedElement.map((e: { url: string }) => e.url);
    expect(urls).toEqual([ids.rated, ids.unverifiable, ids.plain, ids.corrected].map((id) => `https://factcheck.example.org/claims/${id}`));
  });
});

import fc from 'fast-check';
import { canonicalJson } from '../../src/shared/canonical-json';
import { normaliseReviewUrl, parseClaimReviews, ParsedClaimReview } from '../../src/external-fact-checks/domain/claim-review.parse';
import { decideExternalImport } from '../../src/external-fact-checks/domain/external-fact-check.decide';
import { initialClaimState, evolve, ClaimState } from '../../src/claims/domain/claim';

/** A Google-style ClaimReview (https://developers.google.com/search/docs/appearance/structured-data/factcheck). */
const googleStyle = () => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://checker.example.com/fact-checks/flat-earth',
  claimReviewed: 'The world is flat',
  itemReviewed: {
    '@type': 'Claim',
    author: { '@type': 'Organization', name: 'Square World Society', sameAs: 'https://square-world.example.com' },
    datePublished: '2016-06-20',
    appearance: { '@type': 'OpinionNewsArticle', url: 'https://news.example.com/square', headline: 'Square', datePublished: '2016-06-22', author: { '@type': 'Person', name: 'T. Tester' } },
  },
  author: { '@type': 'Organization', name: 'Example Checker', url: 'https://checker.example.com' },
  reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
  datePublished: '2016-06-23',
  inLanguage: 'en',
});

const ok = (body: unknown): ParsedClaimReview[] => {
  const result = parseClaimReviews(body);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.reviews;
};
const problems = (body: unknown) => {
  const result = parseClaimReviews(body);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
};

describe('parseClaimReviews', () => {
  it('reads a Google-style ClaimReview: the fields it indexes and the document as canonical JSON', () => {
    const [review] = ok(googleStyle());
    expect(review).toMatchObject({
      path: '(document)',
      url: 'https://checker.example.com/fact-checks/flat-earth',
      claimReviewed: 'The world is flat',
      publisher: { name: 'Example Checker', url: 'https://checker.example.com' },
      datePublished: '2016-06-23',
      rating: { alternateName: 'False', ratingValue: 1, bestRating: 5, worstRating: 1 },
      language: 'en',
      claimant: { name: 'Square World Society', kind: 'ORGANIZATION' },
      claimDate: '2016-06-20',
      appearances: [{ url: 'https://news.example.com/square', outlet: 'news.example.com', appearedAt: '2016-06-22', firstAppearance: false }],
    });
    expect(review.document).toBe(canonicalJson(googleStyle()));
  });

  it('accepts schema.org in its forms of @context and @type', () => {
    for (const context of ['http://schema.org', 'https://schema.org/', '//schema.org', ['https://schema.org', { x: 'y' }], { '@vocab': 'http://schema.org/' }]) {
      expect(ok({ ...googleStyle(), '@context': context })).toHaveLength(1);
    }
    for (const type of ['schema:ClaimReview', 'https://schema.org/ClaimReview', ['ClaimReview', 'CreativeWork']]) {
      expect(ok({ ...googleStyle(), '@type': type })).toHaveLength(1);
    }
    expect(problems({ ...googleStyle(), '@context': 'https://example.org' })).toEqual([{ path: '@context', message: expect.stringContaining('schema.org') }]);
    expect(problems({ ...googleStyle(), '@type': 'Article' })).toEqual([{ path: '@type', message: expect.stringContaining('ClaimReview') }]);
  });

  it('reads a DataFeed of ClaimReviews (our export) and of DataFeedItems, each element with its place', () => {
    const element = (i: number) => ({ ...googleStyle(), '@context': undefined, url: `https://checker.example.com/${i}` });
    const feed = { '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: [element(0), { '@type': 'DataFeedItem', item: [element(1), element(2)] }] };
    const reviews = ok(JSON.parse(JSON.stringify(feed)));
    expect(reviews.map((r) => r.path)).toEqual(['dataFeedElement[0]', 'dataFeedElement[1].item[0]', 'dataFeedElement[1].item[1]']);
    // An element takes the feed's @context, so the document it serves back stands alone.
    expect(JSON.parse(reviews[0].document)['@context']).toBe('https://schema.org');
  });

  it('names the place of every missing required field', () => {
    const bad = JSON.parse(JSON.stringify(googleStyle()));
    delete bad.reviewRating.alternateName;
    delete bad.reviewRating.ratingValue;
    const feed = { '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: [googleStyle(), googleStyle(), googleStyle(), { '@type': 'DataFeedItem', item: [bad] }] };
    feed.dataFeedElement.forEach((e, i) => ((e as { url?: string }).url = `https://checker.example.com/${i}`));
    expect(problems(feed)).toEqual([{ path: 'dataFeedElement[3].item[0].reviewRating.alternateName', message: expect.stringMatching(/^missing/) }]);

    const empty = { '@context': 'https://schema.org', '@type': 'ClaimReview' };
    expect(problems(empty).map((p) => p.path)).toEqual(['url', 'claimReviewed', 'datePublished', 'author', 'reviewRating']);
  });

  it('refuses what is present but wrong, and repeats, instead of dropping them', () => {
    const wrong = { ...googleStyle(), url: 'javascript:alert(1)', datePublished: 'last Tuesday', inLanguage: 'English!' };
    expect(problems(wrong).map((p) => p.path)).toEqual(['url', 'datePublished', 'inLanguage']);
    expect(problems([googleStyle(), googleStyle()])).toEqual([{ path: '[1].url', message: expect.stringContaining('[0]') }]);
    expect(problems([googleStyle(), 42])).toEqual([{ path: '[1]', message: expect.any(String) }]);
    expect(problems([])).toEqual([{ path: '(document)', message: expect.any(String) }]);
  });

  it('is tolerant of what is optional: a rating by value only, no itemReviewed, an author list', () => {
    const minimal = { '@context': 'https://schema.org', '@type': 'ClaimReview', url: 'https://c.example/1', claimReviewed: 'X', datePublished: '2020-01-02T10:00:00Z', author: [{ name: 'C' }], reviewRating: { ratingValue: '2' } };
    const [review] = ok(minimal);
    expect(review).toMatchObject({ publisher: { name: 'C', url: null }, rating: { alternateName: null, ratingValue: 2 }, language: 'und', claimant: null, claimDate: '2020-01-02', appearances: [] });
  });

  // ---- properties ----

  const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '' && !/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]/.test(s));
  const review = fc.record({
    url: fc.webUrl({ validSchemes: ['https'] }).filter((u) => u.length < 500),
    claimReviewed: text,
    author: fc.record({ '@type': fc.constant('Organization'), name: text }),
    datePublished: fc.date({ min: new Date('2000-01-01'), max: new Date('2025-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
    reviewRating: fc.oneof(fc.record({ alternateName: text }), fc.record({ ratingValue: fc.integer({ min: 1, max: 5 }) })),
  });

  it('property: every well-formed ClaimReview is read, once, with its document kept', () => {
    fc.assert(
      fc.property(fc.uniqueArray(review, { selector: (r) => normaliseReviewUrl(r.url.trim()), minLength: 1, maxLength: 5 }), (reviews) => {
        const body = reviews.map((r) => ({ '@context': 'https://schema.org', '@type': 'ClaimReview', ...r }));
        const read = ok(body);
        expect(read.map((r) => r.url)).toEqual(reviews.map((r) => normaliseReviewUrl(r.url.trim())));
        read.forEach((r, i) => expect(JSON.parse(r.document)).toEqual(body[i]));
      }),
    );
  });

  it('property: removing any required field is reported at its place, and nothing is read', () => {
    const required = ['url', 'claimReviewed', 'author', 'datePublished', 'reviewRating'] as const;
    fc.assert(
      fc.property(fc.array(review, { minLength: 1, maxLength: 4 }), fc.nat(), fc.constantFrom(...required), (reviews, which, field) => {
        const i = which % reviews.length;
        const elements = reviews.map((r, j) => ({ '@type': 'ClaimReview', ...r, url: `https://c.example/${j}` })) as Record<string, unknown>[];
        delete elements[i][field];
        const result = parseClaimReviews({ '@context': 'https://schema.org', '@type': 'DataFeed', dataFeedElement: elements });
        expect(result.ok).toBe(false);
        if (!result.ok) expect(result.problems).toContainEqual({ path: `dataFeedElement[${i}].${field}`, message: expect.stringMatching(/^missing/) });
      }),
    );
  });

  it('property: nothing is dropped without a word: every element is read, or a problem names its place', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(review.map((r) => ({ '@context': 'https://schema.org', '@type': 'ClaimReview', ...r }) as unknown), fc.jsonValue()), { minLength: 1, maxLength: 6 }), (elements) => {
        const body = elements.map((e, i) => (typeof e === 'object' && e !== null && !Array.isArray(e) && 'url' in e ? { ...e, url: `https://c.example/${i}` } : e));
        const result = parseClaimReviews(body);
        if (result.ok) {
          expect(result.reviews.map((r) => r.path)).toEqual(body.map((_, i) => `[${i}]`));
        } else {
          const named = new Set(result.problems.map((p) => /^\[(\d+)\]/.exec(p.path)?.[1]));
          // Once the named elements are taken out, the rest reads cleanly: each refused element was named.
          const rest = body.filter((_, i) => !named.has(String(i)));
          if (rest.length > 0) expect(parseClaimReviews(rest).ok).toBe(true);
        }
      }),
    );
  });

  it('property: the parser never throws, whatever JSON it is given', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const result = parseClaimReviews(value);
        if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
      }),
    );
  });
});

describe('decideExternalImport', () => {
  const by = { id: 'importer', name: 'Importer' };
  it('imports, then finds the same document unchanged (whatever its key order) and a changed one updated', () => {
    const [first] = ok(googleStyle());
    const id = 'c1';
    const imported = decideExternalImport(initialClaimState(), id, first, { by, at: '2026-01-01T00:00:00.000Z' });
    expect(imported.outcome).toBe('imported');
    const state = (imported as { events: Parameters<typeof evolve>[1][] }).events.reduce(evolve, initialClaimState() as ClaimState);
    expect(state).toMatchObject({ exists: true, origin: 'EXTERNAL', status: 'PUBLISHED', statement: 'The world is flat' });

    const reordered = Object.fromEntries(Object.entries(googleStyle()).reverse());
    expect(decideExternalImport(state, id, ok(reordered)[0], { by, at: '2026-01-02T00:00:00.000Z' })).toEqual({ outcome: 'unchanged', events: [] });
    const corrected = ok({ ...googleStyle(), reviewRating: { '@type': 'Rating', alternateName: 'Mostly false' } })[0];
    const updated = decideExternalImport(state, id, corrected, { by, at: '2026-01-03T00:00:00.000Z' });
    expect(updated.outcome).toBe('updated');
  });
});

import fc from 'fast-check';
import { parseClaimReviews, ParseContext, ParsedClaimReview } from '../../src/external-fact-checks/domain/claim-review.parse';
import { decideExternalImport } from '../../src/external-fact-checks/domain/external-fact-check.decide';
import { ClaimState, evolve, initialClaimState, UNNAMED_CLAIMANT } from '../../src/claims/domain/claim';
import { LIMITS } from '../../src/claims/domain/limits';
import { duplicateKeys } from '../../src/shared/json-duplicate-keys';

/** What an outside tester found the parser accepting (F1–F5) or deciding wrongly (F2), one test each. */
const NOW = new Date('2026-06-01T12:00:00Z');
const ctx: ParseContext = { now: NOW, own: { baseUrl: 'https://desk.example.org', publisherName: 'Our Desk' } };

const base = () => ({
  '@context': 'https://schema.org',
  '@type': 'ClaimReview',
  url: 'https://checker.example.com/fact-checks/one',
  claimReviewed: 'The bridge collapsed',
  itemReviewed: { '@type': 'Claim', author: { '@type': 'Person', name: 'A. Poster' }, datePublished: '2025-07-01', appearance: [{ url: 'https://social.example.com/p/1' }] },
  author: { '@type': 'Organization', name: 'Example Checker', url: 'https://checker.example.com' },
  reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
  datePublished: '2025-07-03',
});
const ok = (body: unknown): ParsedClaimReview[] => {
  const result = parseClaimReviews(body, ctx);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.reviews;
};
const problems = (body: unknown) => {
  const result = parseClaimReviews(body, ctx);
  if (result.ok) throw new Error('expected problems');
  return result.problems;
};

describe('F1: this desk\'s own fact-checks are not imported as another desk\'s', () => {
  it('refuses a url under PUBLIC_BASE_URL, whatever its spelling', () => {
    for (const url of ['https://desk.example.org/claims/abc', 'https://DESK.example.org:443/claims/abc', 'https://desk.example.org']) {
      expect(problems({ ...base(), url })).toEqual([{ path: 'url', message: expect.stringContaining("this is this desk's own fact-check; it is not imported as another desk's") }]);
    }
    expect(ok({ ...base(), url: 'https://desk.example.org.evil.example/claims/abc' })).toHaveLength(1);
  });
  it('refuses an author that is this desk, first or not', () => {
    expect(problems({ ...base(), author: { '@type': 'Organization', name: 'Our Desk' } })).toEqual([{ path: 'author.name', message: expect.stringContaining('own fact-check') }]);
    expect(problems({ ...base(), author: [{ name: 'Example Checker' }, 'Our Desk'] })).toEqual([{ path: 'author[1]', message: expect.stringContaining('own fact-check') }]);
  });
  it('refuses this desk\'s name however it is respelled to read the same (case, spaces, a no-break or zero-width space, another dash)', () => {
    for (const name of ['  our DESK ', 'Our\u00a0Desk', 'Our\u200b Desk', 'OUR  desk', 'Ｏｕｒ Ｄｅｓｋ']) {
      expect(problems({ ...base(), author: { '@type': 'Organization', name } })).toEqual([{ path: 'author.name', message: expect.stringContaining('own fact-check') }]);
    }
    expect(parseClaimReviews({ ...base(), author: { '@type': 'Organization', name: 'Our Desks' } }, ctx).ok).toBe(true);
  });
  it('under a base with a path, only that path is ours', () => {
    const under = { now: NOW, own: { baseUrl: 'https://host.example/desk', publisherName: 'Our Desk' } };
    expect(parseClaimReviews({ ...base(), url: 'https://host.example/desk/claims/1' }, under).ok).toBe(false);
    expect(parseClaimReviews({ ...base(), url: 'https://host.example/desktop/1' }, under).ok).toBe(true);
  });
});

describe('F2: an older document does not undo a newer one', () => {
  const by = { id: 'ada', name: 'Ada' };
  const stateOf = (review: ParsedClaimReview): ClaimState => {
    const decision = decideExternalImport(initialClaimState(), 'c1', review, { by, at: '2025-07-03T00:00:00.000Z' });
    return (decision as { events: Parameters<typeof evolve>[1][] }).events.reduce(evolve, initialClaimState() as ClaimState);
  };
  const corrected = () => ({ ...base(), dateModified: '2025-08-01', reviewRating: { ...base().reviewRating, alternateName: 'Mostly false', ratingValue: 2 } });

  it('the old text after the correction is "older", with the stored date, and no event', () => {
    const state = stateOf(ok(corrected())[0]);
    expect(decideExternalImport(state, 'c1', ok(base())[0], { by, at: '2025-07-03T00:00:00.000Z' })).toEqual({ outcome: 'older', events: [], storedDate: '2025-08-01' });
  });
  it('a newer one, or one of the same date with other content, is updated', () => {
    const state = stateOf(ok(base())[0]);
    expect(decideExternalImport(state, 'c1', ok(corrected())[0], { by, at: 'x' }).outcome).toBe('updated');
    expect(decideExternalImport(state, 'c1', ok({ ...base(), reviewBody: 'Now with a body.' })[0], { by, at: 'x' }).outcome).toBe('updated');
  });
  it('a stored event without dateModified (before it was kept) reads it from its document', () => {
    const state = stateOf(ok(corrected())[0]);
    if (!state.exists || !state.external) throw new Error('no external state');
    const { dateModified: _dropped, ...legacy } = state.external;
    const old = { ...state, external: legacy } as ClaimState;
    expect(decideExternalImport(old, 'c1', ok(base())[0], { by, at: 'x' })).toMatchObject({ outcome: 'older', storedDate: '2025-08-01' });
  });
});

describe('F3: one url, one fact-check', () => {
  it('normalises scheme and host case, default port, fragment, empty query and dot segments', () => {
    const spellings = ['https://checker.example.com/fact-checks/one', 'HTTPS://Checker.EXAMPLE.com/fact-checks/one', 'https://checker.example.com:443/fact-checks/one', 'https://checker.example.com/fact-checks/one#top', 'https://checker.example.com/fact-checks/one?', 'https://checker.example.com/fact-checks/./x/../one'];
    for (const url of spellings) expect(ok({ ...base(), url })[0].url).toBe('https://checker.example.com/fact-checks/one');
  });
  it('refuses two spellings of one url in one request, naming the first and the normalised form', () => {
    expect(problems([base(), { ...base(), url: 'https://CHECKER.example.com:443/fact-checks/one#x' }])).toEqual([
      { path: '[1].url', message: expect.stringMatching(/^repeats the url of \[0\] \(https:\/\/checker\.example\.com\/fact-checks\/one\)/) },
    ]);
  });
});

describe('F4: deep nesting is refused with its place, never a stack overflow', () => {
  const nest = (depth: number) => {
    let value: unknown = 'x';
    for (let i = 0; i < depth; i++) value = { a: value };
    return value;
  };
  it('3,000 levels in a field: 422 problem, no throw', () => {
    const result = parseClaimReviews({ ...base(), reviewBody: nest(3000) }, ctx);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems).toEqual([{ path: expect.stringMatching(/^reviewBody(\.a)+$/), message: expect.stringContaining('deeper than 32') }]);
  });
  it('a deep array as the body, and the duplicate-key check on its text, do not throw', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(parseClaimReviews(deep, ctx).ok).toBe(false);
    expect(duplicateKeys('['.repeat(100_000) + ']'.repeat(100_000))).toEqual([]);
  });
});

describe('F5: values the desk refuses', () => {
  it('invisible-only claimReviewed', () => {
    expect(problems({ ...base(), claimReviewed: '\u200b\u2060\u2800' })).toEqual([{ path: 'claimReviewed', message: 'must not be blank' }]);
  });
  it('dates in the future or in year 0000', () => {
    expect(problems({ ...base(), datePublished: '2027-01-01' })).toEqual([{ path: 'datePublished', message: expect.stringContaining('future') }]);
    expect(problems({ ...base(), dateModified: '2026-06-01T13:00:00Z' })).toEqual([{ path: 'dateModified', message: expect.stringContaining('future') }]);
    expect(problems({ ...base(), itemReviewed: { ...base().itemReviewed, datePublished: '0000-01-01' } })).toEqual([{ path: 'itemReviewed.datePublished', message: expect.stringContaining('0000') }]);
    expect(problems({ ...base(), datePublished: '0000-12-31' })).toEqual([{ path: 'datePublished', message: expect.stringContaining('0000') }]);
    // Today, as a bare day, is not the future.
    expect(ok({ ...base(), datePublished: '2026-06-01' })).toHaveLength(1);
  });
  it('dateModified before datePublished; a claim dated after its review', () => {
    expect(problems({ ...base(), dateModified: '2025-07-02' })).toEqual([{ path: 'dateModified', message: expect.stringContaining('before datePublished') }]);
    expect(problems({ ...base(), itemReviewed: { ...base().itemReviewed, datePublished: '2025-07-04' } })).toEqual([{ path: 'itemReviewed.datePublished', message: expect.stringContaining("after the review's") }]);
    expect(ok({ ...base(), datePublished: '2025-07-03T10:00:00Z', dateModified: '2025-07-03' })).toHaveLength(1);
  });
  it('ratingValue outside [worstRating, bestRating], worst above best', () => {
    expect(problems({ ...base(), reviewRating: { ratingValue: 7, bestRating: 5, worstRating: 1 } })).toEqual([{ path: 'reviewRating.ratingValue', message: expect.stringContaining('outside') }]);
    expect(problems({ ...base(), reviewRating: { ratingValue: 0, bestRating: 5, worstRating: 1 } })).toEqual([{ path: 'reviewRating.ratingValue', message: expect.stringContaining('outside') }]);
    expect(problems({ ...base(), reviewRating: { ratingValue: 3, bestRating: 1, worstRating: 5 } })).toEqual([{ path: 'reviewRating.worstRating', message: expect.stringContaining('above bestRating') }]);
  });
  it('property: a ratingValue is read exactly when it is within its scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: -5, max: 10 }), fc.integer({ min: -5, max: 10 }), fc.integer({ min: -5, max: 10 }), (value, worst, best) => {
        const result = parseClaimReviews({ ...base(), reviewRating: { ratingValue: value, worstRating: worst, bestRating: best } }, ctx);
        expect(result.ok).toBe(worst <= best && value >= worst && value <= best);
      }),
    );
  });
  it(`more than ${LIMITS.appearances} appearances are refused, not truncated`, () => {
    const appearance = Array.from({ length: LIMITS.appearances + 1 }, (_, i) => ({ url: `https://s.example/${i}` }));
    expect(problems({ ...base(), itemReviewed: { ...base().itemReviewed, appearance } })).toEqual([{ path: 'itemReviewed.appearance', message: expect.stringContaining(`at most ${LIMITS.appearances}`) }]);
    expect(ok({ ...base(), itemReviewed: { ...base().itemReviewed, appearance: appearance.slice(1) } })[0].appearances).toHaveLength(LIMITS.appearances);
  });
  it('no claimant named: a clear label, not an empty name', () => {
    const { itemReviewed: _none, ...bare } = base();
    const decision = decideExternalImport(initialClaimState(), 'c1', ok(bare)[0], { by: { id: 'a', name: 'A' }, at: '2025-07-03T00:00:00.000Z' });
    const state = (decision as { events: Parameters<typeof evolve>[1][] }).events.reduce(evolve, initialClaimState() as ClaimState);
    expect(state).toMatchObject({ claimant: { name: UNNAMED_CLAIMANT } });
  });
  it('an author list keeps every author, the first as publisher', () => {
    const [review] = ok({ ...base(), author: [{ '@type': 'Organization', name: 'First', url: 'https://first.example' }, 'Second', { name: 'Third' }] });
    expect(review.publisher).toEqual({ name: 'First', url: 'https://first.example' });
    expect(review.authors).toEqual([{ name: 'First', url: 'https://first.example' }, { name: 'Second', url: null }, { name: 'Third', url: null }]);
  });
});

describe('F7: appearances without a date', () => {
  it('get the claim\'s date, not the review\'s', () => {
    expect(ok(base())[0].appearances[0].appearedAt).toBe('2025-07-01');
  });
});

describe('F8: the body and the publisher\'s corrections', () => {
  it('null or a number is not a ClaimReview object, an array or a DataFeed', () => {
    for (const body of [null, 42, 'text', true]) {
      expect(problems(body)).toEqual([{ path: '(document)', message: expect.stringContaining('must be a ClaimReview object, an array or a DataFeed') }]);
    }
  });
  it('CorrectionComments become corrections by the publisher, dated', () => {
    const body = { ...base(), dateModified: '2025-08-01', correction: [{ '@type': 'CorrectionComment', text: 'We fixed the date.', datePublished: '2025-07-20' }, 'Rating revised.'] };
    const review = ok(body)[0];
    expect(review.corrections).toEqual([{ text: 'We fixed the date.', datePublished: '2025-07-20' }, { text: 'Rating revised.', datePublished: '2025-08-01' }]);
    const decision = decideExternalImport(initialClaimState(), 'c1', review, { by: { id: 'a', name: 'A' }, at: '2025-08-01T00:00:00.000Z' });
    const state = (decision as { events: Parameters<typeof evolve>[1][] }).events.reduce(evolve, initialClaimState() as ClaimState);
    expect(state).toMatchObject({ corrections: [{ note: 'We fixed the date.', at: '2025-07-20', by: { name: 'Example Checker' } }, { note: 'Rating revised.', at: '2025-08-01' }] });
  });
});

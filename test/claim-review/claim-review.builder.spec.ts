import { buildClaimReview, ClaimReviewContext, isoDate, reviewRating } from '../../src/claim-review/claim-review.builder';
import { ClaimEvent, ClaimSubmitted, ExistingClaim, foldClaim } from '../../src/claims/domain/claim';
import { ratingScale } from '../../src/claims/domain/rating-scale';

const edgar = { id: 'edgar', name: 'Edgar Editor' };
const alice = { id: 'alice', name: 'Alice' };

const ctx: ClaimReviewContext = {
  scale: ratingScale(),
  baseUrl: 'https://factcheck.example.org',
  organization: { name: 'Example Fact Check', url: 'https://example.org/about' },
};

function submitted(over: Partial<ClaimSubmitted['data']> = {}): ClaimEvent {
  return {
    type: 'ClaimSubmitted',
    data: {
      by: alice,
      at: '2025-06-29T08:00:00.000Z',
      claimId: 'c-1',
      statement: 'Two people died during the police raids in Yekaterinburg on 27 June 2025.',
      claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
      claimDate: '2025-06-28',
      appearances: [
        { url: 'https://en.trend.az/a', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true },
        { url: 'https://report.az/b', outlet: 'Report.az', appearedAt: '2025-06-29T10:15:00Z', firstAppearance: false },
      ],
      language: 'en',
      topics: ['russia'],
      ...over,
    },
  };
}

const published = (rating = 'FALSE', summary = 'One man died, not two.', at = '2025-07-01T09:30:00.000Z'): ClaimEvent => ({
  type: 'FactCheckPublished',
  data: { by: edgar, at, claimId: 'c-1', rating, summary, consensusRating: rating, justification: null, verdictIds: ['v1', 'v2'], citationIds: ['s1'], methodology: null },
});

const corrected = (at: string, previousRating: string, newRating: string, previousSummary: string, newSummary: string, note: string): ClaimEvent => ({
  type: 'FactCheckCorrected',
  data: { by: edgar, at, claimId: 'c-1', note, previousRating, newRating, previousSummary, newSummary, addedCitationIds: [], justification: null },
});

const retracted = (at: string, note: string): ClaimEvent => ({ type: 'FactCheckRetracted', data: { by: edgar, at, claimId: 'c-1', note } });

function claim(...events: ClaimEvent[]): ExistingClaim {
  const state = foldClaim(events);
  if (!state.exists) throw new Error('no claim');
  return state;
}

describe('buildClaimReview', () => {
  it('is null for a claim that was never published', () => {
    expect(buildClaimReview(claim(submitted()), ctx)).toBeNull();
  });

  it('exports every required and recommended property of a published fact-check', () => {
    expect(buildClaimReview(claim(submitted(), published()), ctx)).toEqual({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      url: 'https://factcheck.example.org/claims/c-1',
      claimReviewed: 'Two people died during the police raids in Yekaterinburg on 27 June 2025.',
      datePublished: '2025-07-01',
      author: { '@type': 'Organization', name: 'Example Fact Check', url: 'https://example.org/about' },
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' },
      reviewBody: 'One man died, not two.',
      itemReviewed: {
        '@type': 'Claim',
        author: { '@type': 'Organization', name: 'Trend News Agency' },
        datePublished: '2025-06-28',
        inLanguage: 'en',
        appearance: [
          { '@type': 'CreativeWork', url: 'https://en.trend.az/a', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'Trend' } },
          { '@type': 'CreativeWork', url: 'https://report.az/b', datePublished: '2025-06-29T10:15:00Z', publisher: { '@type': 'Organization', name: 'Report.az' } },
        ],
        firstAppearance: { '@type': 'CreativeWork', url: 'https://en.trend.az/a', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'Trend' } },
      },
      // A stable link to the transparency-log proof bundle (issue 16): no leaf index, so no dependence on the log's timing.
      subjectOf: { '@type': 'Dataset', name: 'Transparency-log proof bundle of this fact-check', url: 'https://factcheck.example.org/log/fact-checks/c-1', encodingFormat: 'application/json' },
    });
  });

  it('has no dateModified, correction or status while the fact-check stands uncorrected', () => {
    const review = buildClaimReview(claim(submitted(), published()), ctx)!;
    expect(review).not.toHaveProperty('dateModified');
    expect(review).not.toHaveProperty('correction');
    expect(review).not.toHaveProperty('creativeWorkStatus');
  });

  it('uses the current (corrected) rating and summary, and the latest correction as dateModified', () => {
    const review = buildClaimReview(
      claim(
        submitted(),
        published('FALSE', 'One man died, not two.'),
        corrected('2025-07-02T14:00:00.000Z', 'FALSE', 'MOSTLY_FALSE', 'One man died, not two.', 'Two died, but not on 27 June.', 'A second death was confirmed on 2 July.'),
        corrected('2025-07-05T07:45:00.000Z', 'MOSTLY_FALSE', 'MISLEADING', 'Two died, but not on 27 June.', 'Two died, on 28 June; the date is misleading.', 'The date of the second death was corrected.'),
      ),
      ctx,
    )!;
    expect(review.reviewRating).toEqual({ '@type': 'Rating', ratingValue: 2, bestRating: 5, worstRating: 1, alternateName: 'Misleading' });
    expect(review.reviewBody).toBe('Two died, on 28 June; the date is misleading.');
    expect(review.datePublished).toBe('2025-07-01');
    expect(review.dateModified).toBe('2025-07-05');
    expect(review.correction).toEqual([
      { '@type': 'CorrectionComment', text: 'A second death was confirmed on 2 July.', datePublished: '2025-07-02' },
      { '@type': 'CorrectionComment', text: 'The date of the second death was corrected.', datePublished: '2025-07-05' },
    ]);
    expect(review).not.toHaveProperty('creativeWorkStatus');
    // Everything else is as before the corrections.
    const { reviewRating: _r, reviewBody: _b, dateModified: _m, correction: _c, ...rest } = review;
    const { reviewRating: _r0, reviewBody: _b0, ...original } = buildClaimReview(claim(submitted(), published()), ctx)!;
    expect(rest).toEqual(original);
  });

  it('a person claimant is a Person, an organisation an Organization', () => {
    const person = buildClaimReview(claim(submitted({ claimant: { name: 'Ilham Aliyev', kind: 'PERSON' } }), published()), ctx)!;
    expect(person.itemReviewed.author).toEqual({ '@type': 'Person', name: 'Ilham Aliyev' });
    const org = buildClaimReview(claim(submitted({ claimant: { name: 'Ura.ru', kind: 'ORGANIZATION' } }), published()), ctx)!;
    expect(org.itemReviewed.author).toEqual({ '@type': 'Organization', name: 'Ura.ru' });
  });

  it('gives an off-scale rating (UNVERIFIABLE) by its label only, with no numbers that would place it on the scale', () => {
    const review = buildClaimReview(claim(submitted(), published('UNVERIFIABLE', 'No record either way.')), ctx)!;
    expect(review.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Unverifiable' });
    expect(review.reviewRating).not.toHaveProperty('ratingValue');
    expect(review.reviewRating).not.toHaveProperty('bestRating');
    expect(review.reviewRating).not.toHaveProperty('worstRating');
  });

  it('takes bestRating and worstRating from the on-scale ratings of the configured scale', () => {
    const scale = ratingScale([
      { key: 'CORRECT', label: 'Correct', value: 10, onScale: true },
      { key: 'HALF', label: 'Half right', value: 6, onScale: true },
      { key: 'WRONG', label: 'Wrong', value: 2, onScale: true },
      { key: 'SATIRE', label: 'Satire', value: 99, onScale: false },
      { key: 'NO_EVIDENCE', label: 'No evidence', value: -5, onScale: false },
    ]);
    expect(reviewRating('HALF', scale)).toEqual({ '@type': 'Rating', ratingValue: 6, bestRating: 10, worstRating: 2, alternateName: 'Half right' });
    expect(reviewRating('SATIRE', scale)).toEqual({ '@type': 'Rating', alternateName: 'Satire' });
    expect(reviewRating('MOSTLY_TRUE', ratingScale())).toEqual({ '@type': 'Rating', ratingValue: 4, bestRating: 5, worstRating: 1, alternateName: 'Mostly true' });
  });

  it('a rating no longer on the scale is given by a label made from its key, without numbers', () => {
    const review = buildClaimReview(claim(submitted(), published('SORT_OF_TRUE')), ctx)!;
    expect(review.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Sort of true' });
  });

  it('a retracted fact-check is marked Retracted, dated by its retraction and carries the note', () => {
    const review = buildClaimReview(
      claim(
        submitted(),
        published(),
        corrected('2025-07-02T14:00:00.000Z', 'FALSE', 'MOSTLY_FALSE', 'One man died, not two.', 'Two died, but not on 27 June.', 'A second death was confirmed.'),
        retracted('2025-07-09T16:00:00.000Z', 'The underlying report was withdrawn by its outlet.'),
      ),
      ctx,
    )!;
    expect(review.creativeWorkStatus).toBe('Retracted');
    expect(review.dateModified).toBe('2025-07-09');
    expect(review.correction).toEqual([
      { '@type': 'CorrectionComment', text: 'A second death was confirmed.', datePublished: '2025-07-02' },
      { '@type': 'CorrectionComment', text: 'Retracted: The underlying report was withdrawn by its outlet.', datePublished: '2025-07-09' },
    ]);
    expect(review.reviewRating.alternateName).toBe('Mostly false');

    const withoutCorrections = buildClaimReview(claim(submitted(), published(), retracted('2025-07-03T01:00:00.000Z', 'Withdrawn.')), ctx)!;
    expect(withoutCorrections.dateModified).toBe('2025-07-03');
    expect(withoutCorrections.creativeWorkStatus).toBe('Retracted');
  });

  it('omits the author url when the organisation has none, and ignores a trailing slash on the base URL', () => {
    const review = buildClaimReview(claim(submitted(), published()), { ...ctx, baseUrl: 'https://factcheck.example.org/', organization: { name: 'Desk' } })!;
    expect(review.author).toEqual({ '@type': 'Organization', name: 'Desk' });
    expect(review.author).not.toHaveProperty('url');
    expect(review.url).toBe('https://factcheck.example.org/claims/c-1');
    expect(review.subjectOf.url).toBe('https://factcheck.example.org/log/fact-checks/c-1');
  });

  it('has no firstAppearance when none is marked, and no appearance when there are none', () => {
    const unmarked = buildClaimReview(
      claim(submitted({ appearances: [{ url: 'https://x.example/1', outlet: 'X', appearedAt: '2025-06-28', firstAppearance: false }] }), published()),
      ctx,
    )!;
    expect(unmarked.itemReviewed.appearance).toEqual([{ '@type': 'CreativeWork', url: 'https://x.example/1', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'X' } }]);
    expect(unmarked.itemReviewed).not.toHaveProperty('firstAppearance');

    const none = buildClaimReview(claim(submitted({ appearances: [] }), published()), ctx)!;
    expect(none.itemReviewed).not.toHaveProperty('appearance');
    expect(none.itemReviewed).not.toHaveProperty('firstAppearance');
  });

  it('marks the appearance flagged first, wherever it is in the list', () => {
    const review = buildClaimReview(
      claim(
        submitted({
          appearances: [
            { url: 'https://later.example/', outlet: 'Later', appearedAt: '2025-06-30', firstAppearance: false },
            { url: 'https://origin.example/', outlet: 'Origin', appearedAt: '2025-06-28', firstAppearance: true },
          ],
        }),
        published(),
      ),
      ctx,
    )!;
    expect(review.itemReviewed.firstAppearance).toEqual({ '@type': 'CreativeWork', url: 'https://origin.example/', datePublished: '2025-06-28', publisher: { '@type': 'Organization', name: 'Origin' } });
    expect(review.itemReviewed.appearance).toHaveLength(2);
  });
});

describe('isoDate', () => {
  it('keeps a date, and takes the UTC date of a date-time', () => {
    expect(isoDate('2025-07-01')).toBe('2025-07-01');
    expect(isoDate('2025-07-01T23:30:00.000Z')).toBe('2025-07-01');
    expect(isoDate('2025-07-01T23:30:00-02:00')).toBe('2025-07-02');
    expect(() => isoDate('yesterday')).toThrow(/Not an ISO date/);
  });
});

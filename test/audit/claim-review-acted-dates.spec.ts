import { buildClaimReview } from '../../src/claim-review/claim-review.builder';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import { toClaimEvent } from '../../src/claims/application/claim-stream';
import { foldClaim } from '../../src/claims/domain/claim';
import type { RecordedEvent } from '../../src/event-store/event-store.port';
import { decidePast, december2024 } from './support/past-acts';

const policy = { scale: ratingScale(), minReviewers: 2 };
const ctx = { scale: policy.scale, baseUrl: 'https://factcheck.example.org', organization: { name: 'Example Fact Check' } };

describe('ClaimReview dates of acts done in the past (an imported archive)', () => {
  it('given acts decided with their own past times, when the ClaimReview is built, then its dates are those of the acts, not of today', () => {
    const { state } = decidePast(december2024('past-1'), policy);
    if (!state.exists) throw new Error('no claim');
    const review = buildClaimReview(state, ctx)!;
    expect(review.datePublished).toBe('2024-12-20');
    expect(review.dateModified).toBe('2025-01-10');
    expect(review.correction).toEqual([expect.objectContaining({ datePublished: '2025-01-10' })]);
    expect(review.itemReviewed.datePublished).toBe('2024-12-02');
  });

  it('given those events as stored and read back recorded today, then the ClaimReview still gives the acts\' dates', () => {
    const { stored } = decidePast(december2024('past-2'), policy);
    // What the store hands back: the same type, data and metadata, with a recordedAt of its own (today).
    const recorded: RecordedEvent[] = stored.map((e, revision) => ({
      id: e.id!,
      stream: 'claim-past-2',
      type: e.type,
      revision,
      position: revision,
      data: e.data,
      metadata: e.metadata!,
      recordedAt: new Date('2026-12-01T17:00:00.000Z'),
    }));
    const state = foldClaim(recorded.map(toClaimEvent));
    if (!state.exists) throw new Error('no claim');
    const review = buildClaimReview(state, ctx)!;
    expect([review.datePublished, review.dateModified]).toEqual(['2024-12-20', '2025-01-10']);
    // And every event carries the act's time in its metadata too.
    expect(recorded.map((e) => e.metadata.occurredAt)).toEqual(recorded.map((e) => (e.data as { at: string }).at));
  });
});

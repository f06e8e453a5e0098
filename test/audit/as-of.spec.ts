import fc from 'fast-check';
import { actedAt, AsOfClock, asOfLength, TimedEvent } from '../../src/audit/as-of';
import { AuditTrailService } from '../../src/audit/audit-trail.service';
import { claimStream } from '../../src/claims/application/claim-stream';
import { ratingScale } from '../../src/claims/domain/rating-scale';
import type { ClaimsReadModel } from '../../src/claims/read-model/claims.read-model';
import { NO_STREAM } from '../../src/event-store/event-store.port';
import { MemoryEventStore } from '../support/memory-event-store';
import { decidePast, december2024 } from './support/past-acts';

const event = (occurredAt: string | undefined, recordedAt: string): TimedEvent => ({
  recordedAt: new Date(recordedAt),
  metadata: occurredAt === undefined ? {} : { occurredAt },
});

describe('as-of selection on two clocks', () => {
  // Acted in December 2024, recorded (imported) in December 2026.
  const imported = [
    event('2024-12-03T09:00:00.000Z', '2026-12-01T10:00:00.000Z'),
    event('2024-12-10T09:00:00.000Z', '2026-12-01T10:00:00.001Z'),
    event('2024-12-20T09:00:00.000Z', '2026-12-01T10:00:00.002Z'),
  ];

  it.each<[string, AsOfClock, number]>([
    ['2024-12-01T00:00:00Z', 'ACTED', 0],
    ['2024-12-03T09:00:00Z', 'ACTED', 1],
    ['2025-01-15T00:00:00Z', 'ACTED', 3],
    ['2024-12-15T00:00:00Z', 'ACTED', 2],
    ['2025-01-15T00:00:00Z', 'RECORDED', 0],
    ['2026-12-01T10:00:00.001Z', 'RECORDED', 2],
    ['2027-01-01T00:00:00Z', 'RECORDED', 3],
  ])('given acts of December 2024 recorded in December 2026, when asked as of %s by %s, then %i events are folded', (at, clock, expected) => {
    expect(asOfLength(imported, new Date(at), clock)).toBe(expected);
  });

  it('given an event stored without occurredAt (or with one that is no instant), then its acted time is when it was recorded', () => {
    expect(actedAt(event(undefined, '2025-03-01T00:00:00.000Z')).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    expect(actedAt(event('yesterday', '2025-03-01T00:00:00.000Z')).toISOString()).toBe('2025-03-01T00:00:00.000Z');
    const legacy = [event(undefined, '2025-03-01T00:00:00.000Z'), event('2025-03-02T00:00:00.000Z', '2025-03-02T00:00:00.004Z')];
    expect(asOfLength(legacy, new Date('2025-03-01T12:00:00Z'), 'ACTED')).toBe(1);
  });

  const MIN = Date.parse('2000-01-01T00:00:00Z');
  const MAX = Date.parse('2030-01-01T00:00:00Z');
  /** Non-decreasing times, each event recorded at or after it happened. */
  const stream = fc
    .array(fc.tuple(fc.integer({ min: 0, max: 10 ** 9 }), fc.integer({ min: 0, max: 10 ** 11 })), { maxLength: 30 })
    .map((steps) => {
      let acted = MIN;
      let recorded = MIN;
      return steps.map(([gap, delay]) => {
        acted += gap;
        recorded = Math.max(recorded, acted + delay);
        return event(new Date(acted).toISOString(), new Date(recorded).toISOString());
      });
    });
  const moment = fc.integer({ min: MIN - 10 ** 6, max: MAX }).map((ms) => new Date(ms));
  const times = (events: TimedEvent[], clock: AsOfClock) => events.map((e) => (clock === 'ACTED' ? actedAt(e) : e.recordedAt).getTime());

  it.each<AsOfClock>(['ACTED', 'RECORDED'])('for any non-decreasing %s times, the longest prefix whose times are at or before the moment is picked', (clock) => {
    fc.assert(
      fc.property(stream, moment, (events, at) => {
        const n = asOfLength(events, at, clock);
        const t = times(events, clock);
        expect(t.slice(0, n).every((x) => x <= at.getTime())).toBe(true);
        if (n < events.length) expect(t[n]).toBeGreaterThan(at.getTime());
        // The same as counting the events at or before the moment: nothing in the middle is skipped.
        expect(n).toBe(t.filter((x) => x <= at.getTime()).length);
      }),
    );
  });

  it('for any such stream and moment, ACTED folds at least as much as RECORDED (an act is recorded when it happens or later)', () => {
    fc.assert(fc.property(stream, moment, (events, at) => expect(asOfLength(events, at, 'ACTED')).toBeGreaterThanOrEqual(asOfLength(events, at, 'RECORDED'))));
  });
});

describe('claimAsOf of a claim whose acts happened long before they were recorded', () => {
  const noReadModel = { get: () => undefined } as unknown as ClaimsReadModel;
  async function importedToday() {
    const store = new MemoryEventStore({ now: () => new Date('2026-12-01T17:00:00.000Z') });
    const { stored } = decidePast(december2024('past-1'), { scale: ratingScale(), minReviewers: 2 });
    await store.append(claimStream('past-1'), stored, NO_STREAM);
    return new AuditTrailService(store, noReadModel);
  }

  it('given acts of December 2024 imported in December 2026, when asked as of 15 January 2025 by default, then the claim is there, published and corrected', async () => {
    const audit = await importedToday();
    const snapshot = await audit.asOf('past-1', new Date('2025-01-15T00:00:00Z'));
    if (!snapshot.existed) throw new Error(snapshot.message);
    expect(snapshot.claim.status).toBe('PUBLISHED');
    expect(snapshot.claim.corrections).toHaveLength(1);
    expect(snapshot.occurredAt.toISOString()).toBe('2025-01-10T07:45:00.000Z');
    expect(snapshot.recordedAt.toISOString()).toBe('2026-12-01T17:00:00.000Z');
  });

  it('given the same claim, when asked between two acts, then it stands as after the earlier act', async () => {
    const snapshot = await (await importedToday()).asOf('past-1', new Date('2024-12-15T00:00:00Z'), 'ACTED');
    if (!snapshot.existed) throw new Error(snapshot.message);
    expect(snapshot.claim.status).toBe('IN_REVIEW');
    expect(snapshot.claim.verdicts.map((v) => v.id)).toEqual(['v-rita', 'v-rafael']);
    expect(snapshot.claim.publication).toBeNull();
  });

  it('given the same claim, when asked as of 15 January 2025 by RECORDED, then the service did not hold it yet, and the message names both times', async () => {
    const snapshot = await (await importedToday()).asOf('past-1', new Date('2025-01-15T00:00:00Z'), 'RECORDED');
    expect(snapshot).toEqual({
      existed: false,
      message: 'Claim past-1 did not exist yet in the service at 2025-01-15T00:00:00.000Z: it was submitted at 2024-12-03T09:15:00.000Z (acted), recorded at 2026-12-01T17:00:00.000Z',
      firstRecordedAt: new Date('2026-12-01T17:00:00.000Z'),
      firstOccurredAt: new Date('2024-12-03T09:15:00.000Z'),
    });
  });

  it('given the same claim, when asked before its submission happened, then "did not exist yet" names both times', async () => {
    const snapshot = await (await importedToday()).asOf('past-1', new Date('2024-12-01T00:00:00Z'));
    expect(snapshot.existed).toBe(false);
    if (snapshot.existed) return;
    expect(snapshot.message).toBe('Claim past-1 did not exist yet at 2024-12-01T00:00:00.000Z: it was submitted at 2024-12-03T09:15:00.000Z (acted), recorded at 2026-12-01T17:00:00.000Z');
  });
});

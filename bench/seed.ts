import { randomUUID } from 'node:crypto';
import type { EventStore } from '../src/event-store/event-store.port';
import { ClaimFate, ClaimWriter, longClaimCommands, planClaim, prng } from './domain-data';
import { perSecond, since } from './stats';

export interface SeedResult {
  claims: number;
  events: number;
  durationMs: number;
  eventsPerSecond: number;
  /** Ids of published claims (what readers open), a sample. */
  publishedIds: string[];
  fates: Record<ClaimFate, number>;
  longClaim: { claimId: string; events: number };
}

/** Claims seeded together: their steps interleave in the log, as claims worked on at once do. */
const WAVE = 1000;

/**
 * Seeds `claims` claims (about ten events each) and one long claim of `longClaimEvents` events,
 * through the event-store port. Each wave's step k is appended for all of its claims at once, so
 * the appends share group commits; every append carries the expected revision the handler would.
 */
export async function seedDesk(store: EventStore, claims: number, longClaimEvents: number, progress?: (message: string) => void): Promise<SeedResult> {
  const random = prng(20250627);
  const started = performance.now();
  let events = 0;
  const publishedIds: string[] = [];
  const fates: Record<ClaimFate, number> = { DRAFT: 0, REJECTED: 0, IN_REVIEW: 0, PUBLISHED: 0, CORRECTED: 0 };
  let lastReport = performance.now();

  for (let first = 0; first < claims; first += WAVE) {
    const plans = Array.from({ length: Math.min(WAVE, claims - first) }, (_, i) => planClaim(first + i, random));
    const writers = plans.map((plan) => new ClaimWriter(plan.claimId));
    const longest = Math.max(...plans.map((p) => p.steps.length));
    for (let step = 0; step < longest; step++) {
      const appends: Promise<unknown>[] = [];
      plans.forEach((plan, i) => {
        const next = plan.steps[step];
        if (!next) return;
        const writer = writers[i];
        const expected = writer.expected;
        const batch = writer.command(next.command(writer), next.actor);
        events += batch.length;
        appends.push(store.append(writer.stream, batch, expected));
      });
      await Promise.all(appends);
    }
    for (const plan of plans) {
      fates[plan.fate] += 1;
      if ((plan.fate === 'PUBLISHED' || plan.fate === 'CORRECTED') && publishedIds.length < 5000) publishedIds.push(plan.claimId);
    }
    if (progress && performance.now() - lastReport > 10_000) {
      lastReport = performance.now();
      progress(`seeded ${first + plans.length} claims, ${events} events (${perSecond(events, since(started))} events/s)`);
    }
  }

  const longClaim = await seedLongClaim(store, longClaimEvents, random);
  events += longClaim.events;
  const durationMs = since(started);
  return { claims, events, durationMs: Math.round(durationMs), eventsPerSecond: perSecond(events, durationMs), publishedIds, fates, longClaim };
}

/**
 * The long claim, decided command by command on its folded state; its events are appended in
 * appends of about 500 events, all issued before any is acknowledged, so they share one group commit
 * and each one's expected revision must see the appends before it in the same transaction.
 */
export async function seedLongClaim(store: EventStore, events: number, random = prng(7)): Promise<{ claimId: string; events: number }> {
  const writer = new ClaimWriter(randomUUID());
  const appends: Promise<unknown>[] = [];
  let pending: ReturnType<ClaimWriter['command']> = [];
  let expected = writer.expected;
  let written = 0;
  for (const next of longClaimCommands(writer.claimId, events, random)) {
    if (written + pending.length >= events) break;
    pending.push(...writer.command(next.command(writer), next.actor));
    if (pending.length >= 500) {
      appends.push(store.append(writer.stream, pending, expected));
      written += pending.length;
      expected = writer.expected;
      pending = [];
    }
  }
  if (pending.length > 0) {
    appends.push(store.append(writer.stream, pending, expected));
    written += pending.length;
  }
  await Promise.all(appends);
  return { claimId: writer.claimId, events: written };
}

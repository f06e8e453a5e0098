import type { JsonObject } from '../event-store/event-store.port';
import { parseIsoInstant } from '../shared/instant';

/**
 * The two clocks of an event. ACTED: when the act happened (metadata `occurredAt`: the moment the
 * service decided it, or an imported act's own time from the case file). RECORDED: when the store
 * wrote it (`recordedAt`). For an act done through the API the two are the same moment but for the
 * append's latency; for an imported act they can be years apart.
 */
export type AsOfClock = 'ACTED' | 'RECORDED';

/** What the selection needs of a stored event. */
export interface TimedEvent {
  recordedAt: Date;
  metadata: JsonObject;
}

/**
 * When the act happened: the event's `occurredAt`, or, for an event stored without one (or with
 * one that is not an ISO instant), when it was recorded: the only time known for it.
 */
export function actedAt(event: TimedEvent): Date {
  const text = event.metadata.occurredAt;
  const instant = typeof text === 'string' ? parseIsoInstant(text) : null;
  return instant ? new Date(instant.ms) : event.recordedAt;
}

export function timeOn(event: TimedEvent, clock: AsOfClock): Date {
  return clock === 'ACTED' ? actedAt(event) : event.recordedAt;
}

/**
 * How many of a stream's events (in stream order) make the claim as of `at` on a clock: up to and
 * including the last event whose time is at or before `at`. A prefix, always: a claim can only be
 * folded from its events in order. Acts within a claim are non-decreasing in time, so this is also
 * every event at or before `at`; were an older stream's clock ever to step back, the prefix keeps
 * the fold whole rather than skipping an event in the middle.
 */
export function asOfLength(events: readonly TimedEvent[], at: Date, clock: AsOfClock): number {
  const limit = at.getTime();
  for (let i = events.length - 1; i >= 0; i--) {
    if (timeOn(events[i], clock).getTime() <= limit) return i + 1;
  }
  return 0;
}

/** "submitted at X", naming the recorded time too when it is not the same instant. */
export function submittedAtText(first: TimedEvent): string {
  const acted = actedAt(first);
  const recorded = first.recordedAt;
  if (acted.getTime() === recorded.getTime()) return `it was submitted at ${acted.toISOString()}`;
  return `it was submitted at ${acted.toISOString()} (acted), recorded at ${recorded.toISOString()}`;
}

import { createHash } from 'node:crypto';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { cursorsFor } from '../../shared/cursor';
import { Refusal } from '../../shared/refusal';

/**
 * The pure half of the resumable desk feed: cursors, what one change is, and the seam between a
 * replay and the live feed. Kept apart from ClaimLiveUpdates so each rule can be checked alone.
 */

/**
 * Where a change ends in the event log: the global position of its last event, and a short hash
 * of that event's id. Positions are the store's own (durable, the same on every instance following
 * that log), so a cursor survives restarts and works on any instance; the id hash makes a cursor of
 * another store (whose positions look alike) fail instead of resuming at a random place.
 */
export interface DeskCursor {
  position: number;
  eventKey: string;
}

const cursors = cursorsFor({ feed: 'deskChanges' }, 'feed');

export const eventKeyOf = (eventId: string): string => createHash('sha256').update(eventId).digest('base64url').slice(0, 12);

export function encodeDeskCursor(cursor: DeskCursor): string {
  return cursors.encode([cursor.position, cursor.eventKey]);
}

/** The cursor `value` names; BAD_USER_INPUT (field `after`) when it is not one this service issued. */
export function decodeDeskCursor(value: string): DeskCursor {
  const [position, eventKey] = cursors.decode(value, ['int', 'text']);
  return { position, eventKey };
}

export type DeskFeedRefusalCode = 'CURSOR_FROM_FUTURE' | 'CURSOR_NOT_IN_LOG' | 'REPLAY_TOO_LONG';

/** A cursor that decodes but cannot be resumed from: the client starts again from a fresh query. */
export class DeskFeedRefusal extends Refusal<DeskFeedRefusalCode> {
  override readonly name = 'DeskFeedRefusal';
}

/**
 * One change: the events one command appended to one claim (its `causationId`), which the log holds
 * next to each other. Grouping depends only on the log, never on how the read models batched it, so a
 * replay and the live feed cut the log into the same changes.
 */
export interface ChangeStep {
  claimId: string;
  /** The change's last event: its position and id make the cursor. */
  last: RecordedEvent;
  events: RecordedEvent[];
}

/** Cuts events (in log order) into changes; `claimOf` names the claim of an event the feed follows, undefined for any other. */
export function groupChanges(events: readonly RecordedEvent[], claimOf: (event: RecordedEvent) => string | undefined): ChangeStep[] {
  const steps: ChangeStep[] = [];
  let open: (ChangeStep & { causation: unknown }) | undefined;
  for (const event of events) {
    const claimId = claimOf(event);
    if (claimId === undefined) continue;
    const causation = event.metadata?.causationId;
    if (open && open.claimId === claimId && causation !== undefined && open.causation === causation) {
      open.events.push(event);
      open.last = event;
      continue;
    }
    open = { claimId, last: event, events: [event], causation };
    steps.push(open);
  }
  return steps.map(({ claimId, last, events: stepEvents }) => ({ claimId, last, events: stepEvents }));
}

/**
 * The seam between replay and live: passes each change once, in log order, and only after the
 * cursor. A subscriber listens live before its replay starts, so a change may arrive both from the
 * replay and live; it is passed the first time only.
 */
export class SeamGate {
  constructor(private lastPosition: number) {}

  accept(position: number): boolean {
    if (position <= this.lastPosition) return false;
    this.lastPosition = position;
    return true;
  }
}

/** What a resuming subscriber is sent: the replay, then what arrived live meanwhile, each change once (by position). */
export function mergeAtSeam<T>(after: number, replayed: readonly T[], arrivedLive: readonly T[], positionOf: (change: T) => number): T[] {
  const gate = new SeamGate(after);
  return [...replayed, ...arrivedLive].filter((change) => gate.accept(positionOf(change)));
}

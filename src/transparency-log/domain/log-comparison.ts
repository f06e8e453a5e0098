/**
 * The event log compared with the transparency log's leaves, in global order: leaf i must be the
 * i-th event (same id, stream, revision, and leaf hash). Pure: events are pushed one at a time by
 * the caller's single pass over the log; leaves are read through `LeafSource`.
 */
import { bytesEqual } from './bytes';

/** An event of the log as the comparison sees it: where it is and its entry's leaf hash (null: it has no entry). */
export interface ComparedEvent {
  eventId: string;
  stream: string;
  revision: number;
  leafHash: Uint8Array | null;
}

/** A leaf as stored: which event it was, and its level-0 hash. */
export interface ComparedLeaf {
  eventId: string;
  stream: string;
  revision: number;
  hash: Uint8Array;
}

export interface LeafSource {
  /** Leaves [from, from + count), fewer at the tree's end. */
  leaves(from: number, count: number): ComparedLeaf[];
}

/**
 * EDITED: same event, other content or recorded time (a hash cannot tell which). RENAMED: same
 * event id, other stream. DELETED: the leaf's event is no longer anywhere in the log. INSERTED: the
 * event at the leaf's place is no leaf of the tree. REORDERED: both are still there, elsewhere.
 * TRUNCATED: the log ends before the tree does.
 */
export type LogDifferenceKind = 'EDITED' | 'RENAMED' | 'DELETED' | 'INSERTED' | 'REORDERED' | 'TRUNCATED';

export interface LogDifference {
  leafIndex: number;
  kind: LogDifferenceKind;
  /** The logged event's id, stream and revision (the leaf's). */
  eventId: string;
  stream: string;
  revision: number;
  reason: string;
}

export interface LogComparisonResult {
  ok: boolean;
  treeSize: number;
  /** Leaves found equal to their events (before the first difference; all of them when ok). */
  leavesChecked: number;
  /** Events beyond the tree's size: the appender has not logged them yet (not a failure). */
  eventsNotYetLogged: number;
  firstDifference: LogDifference | null;
}

const PAGE = 1000;

/** Pending classification of a leaf whose place holds another event: resolved by what comes later. */
interface Pending {
  index: number;
  leaf: ComparedLeaf;
  event: ComparedEvent;
  eventIsLeaf: boolean;
  leafEventSeenLater: boolean;
}

export class LogComparison {
  private read = 0;
  private page: ComparedLeaf[] = [];
  private pageStart = 0;
  private decided: LogDifference | null = null;
  private pending: Pending | null = null;

  constructor(
    readonly treeSize: number,
    private readonly source: LeafSource,
  ) {}

  private leafAt(index: number): ComparedLeaf {
    if (index < this.pageStart || index >= this.pageStart + this.page.length) {
      this.pageStart = index;
      this.page = this.source.leaves(index, Math.min(PAGE, this.treeSize - index));
    }
    const leaf = this.page[index - this.pageStart];
    if (!leaf) throw new RangeError(`leaf ${index} is not in the transparency log's store`);
    return leaf;
  }

  /** The next event of the log, in global order. */
  push(event: ComparedEvent): void {
    const index = this.read++;
    if (this.pending) {
      if (event.eventId === this.pending.leaf.eventId) this.pending.leafEventSeenLater = true;
      return;
    }
    if (this.decided || index >= this.treeSize) return;
    const leaf = this.leafAt(index);
    const at = { leafIndex: index, eventId: leaf.eventId, stream: leaf.stream, revision: leaf.revision };
    if (leaf.eventId === event.eventId) {
      if (leaf.stream !== event.stream) {
        this.decided = { ...at, kind: 'RENAMED', reason: `event ${leaf.eventId} was logged in stream ${leaf.stream} and is now in ${event.stream}` };
      } else if (leaf.revision !== event.revision) {
        this.decided = { ...at, kind: 'EDITED', reason: `event ${leaf.eventId} was logged at revision ${leaf.revision} of ${leaf.stream} and is now at revision ${event.revision}` };
      } else if (!event.leafHash || !bytesEqual(leaf.hash, event.leafHash)) {
        this.decided = { ...at, kind: 'EDITED', reason: `its content or recorded time differs from what was logged (the leaf hash does not match)` };
      }
      return;
    }
    this.pending = { index, leaf, event, eventIsLeaf: this.isLeafAfter(index, event.eventId), leafEventSeenLater: false };
  }

  /** Whether a leaf after `index` (up to the tree's size) is the event `eventId`. */
  private isLeafAfter(index: number, eventId: string): boolean {
    for (let from = index + 1; from < this.treeSize; from += PAGE) {
      if (this.source.leaves(from, Math.min(PAGE, this.treeSize - from)).some((l) => l.eventId === eventId)) return true;
    }
    return false;
  }

  /** Once every event was pushed. */
  finish(): LogComparisonResult {
    let difference = this.decided;
    if (this.pending) difference = classify(this.pending);
    else if (!difference && this.read < this.treeSize) {
      const leaf = this.leafAt(this.read);
      difference = {
        leafIndex: this.read,
        kind: 'TRUNCATED',
        eventId: leaf.eventId,
        stream: leaf.stream,
        revision: leaf.revision,
        reason: `the log ends after ${this.read} events, but the tree has ${this.treeSize} leaves: events were removed from the end`,
      };
    }
    return {
      ok: difference === null,
      treeSize: this.treeSize,
      leavesChecked: difference ? difference.leafIndex : this.treeSize,
      eventsNotYetLogged: Math.max(0, this.read - this.treeSize),
      firstDifference: difference,
    };
  }
}

function classify(p: Pending): LogDifference {
  const at = { leafIndex: p.index, eventId: p.leaf.eventId, stream: p.leaf.stream, revision: p.leaf.revision };
  const here = `event ${p.event.eventId} (${p.event.stream} revision ${p.event.revision})`;
  if (!p.leafEventSeenLater) {
    const replaced = p.eventIsLeaf ? `the next event, ${here}, is a later leaf` : `${here}, which no leaf is, stands in its place`;
    return { ...at, kind: 'DELETED', reason: `the leaf's event is no longer in the log: ${replaced}` };
  }
  if (!p.eventIsLeaf) return { ...at, kind: 'INSERTED', reason: `${here} is in the log at this leaf's place, but no leaf of the tree is it: it was inserted` };
  return { ...at, kind: 'REORDERED', reason: `${here} is in the log at this leaf's place, but it was logged at a later leaf: events were reordered` };
}

/** Compares a whole log given at once (tests, small logs). */
export function compareLog(events: Iterable<ComparedEvent>, treeSize: number, source: LeafSource): LogComparisonResult {
  const comparison = new LogComparison(treeSize, source);
  for (const event of events) comparison.push(event);
  return comparison.finish();
}

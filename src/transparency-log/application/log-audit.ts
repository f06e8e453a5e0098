import type { RecordedEvent } from '../../event-store/event-store.port';
import { bytesEqual } from '../domain/bytes';
import { logEntryOf } from '../domain/entry';
import { LogComparison, type LogComparisonResult } from '../domain/log-comparison';
import type { Rfc6962Hasher } from '../domain/merkle';
import type { TransparencyLogStore } from './log-store.port';

/** One comparison of the event log with the tree, fed by the caller's single pass over `readAll`. */
export interface LogAuditPass {
  /** The next event read, in global order: exactly what the appender's subscription delivered (user events, system events left out by the adapter). */
  push(event: RecordedEvent): void;
  finish(): LogComparisonResult;
}

/**
 * Checks the event log against the transparency log's leaves. The tree's size is taken when the
 * pass begins: leaves appended during it are not compared, and the events they are count as not
 * yet logged. Reads the tree's own store only, never the read models: it holds after a rebuild.
 */
export class LogAudit {
  constructor(
    private readonly store: TransparencyLogStore,
    private readonly hasher: Rfc6962Hasher,
  ) {}

  begin(): LogAuditPass {
    const comparison = new LogComparison(this.store.state().size, this.store);
    const hasher = this.hasher;
    return {
      push(event) {
        let leafHash: Uint8Array | null = null;
        try {
          leafHash = hasher.hashLeaf(logEntryOf(event));
        } catch {
          // An event with no entry (a lone surrogate) was never a leaf: if it stands at a leaf's place, it differs.
        }
        comparison.push({ eventId: event.id, stream: event.stream, revision: event.revision, leafHash });
      },
      finish: () => comparison.finish(),
    };
  }

  /**
   * One stream's events against the leaves the tree holds for that stream: each leaf's event must
   * still be in the stream, at the same revision, hashing to the same leaf. Events not yet logged
   * are not a difference. Answers the first difference in revision order, or undefined.
   */
  streamDifference(stream: string, events: readonly RecordedEvent[]): StreamLogDifference | undefined {
    const byId = new Map(events.map((e) => [e.id, e]));
    const leaves = this.store.leavesOfStream(stream);
    const differences: StreamLogDifference[] = [];
    for (const leaf of leaves) {
      const event = byId.get(leaf.eventId);
      if (!event) {
        differences.push({ revision: leaf.revision, leafIndex: leaf.index, eventId: leaf.eventId, reason: `revision ${leaf.revision} was logged at leaf ${leaf.index} and is no longer in the stream` });
        continue;
      }
      let hash: Uint8Array | undefined;
      try {
        hash = this.hasher.hashLeaf(logEntryOf(event));
      } catch {
        hash = undefined;
      }
      const logged = this.store.node(0, leaf.index);
      if (event.revision !== leaf.revision || !hash || !bytesEqual(hash, logged)) {
        differences.push({ revision: event.revision, leafIndex: leaf.index, eventId: event.id, reason: `revision ${event.revision} differs from what the transparency log recorded at leaf ${leaf.index} (its content, revision or recorded time was changed)` });
      }
    }
    differences.sort((a, b) => a.revision - b.revision || a.leafIndex - b.leafIndex);
    return differences[0];
  }
}

export interface StreamLogDifference {
  revision: number;
  leafIndex: number;
  eventId: string;
  reason: string;
}

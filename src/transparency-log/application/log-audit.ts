import type { RecordedEvent } from '../../event-store/event-store.port';
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
}

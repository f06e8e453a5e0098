import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';

/** What a projection reports about one applied event, for live updates. */
export interface Change {
  /** The read-model entity that changed, e.g. a claim id. */
  key: string;
  position: number;
  eventType: string;
}

/**
 * A read model fed from the event log. `apply` runs inside the runner's transaction, together
 * with the checkpoint update: it must do all its writing through `db` and nothing else, so that
 * an event is applied exactly once or not at all.
 */
export interface Projection {
  readonly name: string;
  /** Bump when the read model's shape or meaning changes: the runner then rebuilds it from the start. */
  readonly version: number;
  /** Creates the tables (idempotent). */
  migrate(db: Database.Database): void;
  /** Applies one event; returns the change it made, if any. */
  apply(db: Database.Database, event: RecordedEvent): Change | undefined;
  /**
   * Optional: called once per batch, after `apply` for its last event and before the checkpoint is
   * written, inside the same transaction: where a projection that folds a batch in memory writes it.
   */
  beforeCommit?(db: Database.Database): void;
  /** Optional: called after a batch commits or rolls back, to drop caches that may hold uncommitted rows. */
  afterBatch?(committed: boolean): void;
}

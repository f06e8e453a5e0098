import type Database from 'better-sqlite3';
import { summarize } from '../history-summary';
import type { RecordedEvent } from '../../event-store/event-store.port';
import { CLAIM_STREAM_PREFIX, toClaimEvent } from '../../claims/application/claim-stream';
import { Change, Projection } from '../../projections/projection';

/** Who did what, across claims, in log order: the index behind `actorActivity`. */
export class ActivityProjection implements Projection {
  readonly name = 'activity';
  readonly version: number = 1;
  private insert?: { db: Database.Database; statement: Database.Statement<unknown[]> };

  migrate(db: Database.Database): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS activity (
        position   INTEGER PRIMARY KEY,
        actor_id   TEXT    NOT NULL,
        actor_name TEXT    NOT NULL,
        claim_id   TEXT    NOT NULL,
        revision   INTEGER NOT NULL,
        event_type TEXT    NOT NULL,
        at         TEXT    NOT NULL,   -- when it was recorded (ISO)
        summary    TEXT    NOT NULL
      );
      CREATE INDEX IF NOT EXISTS activity_actor ON activity (actor_id, position);
    `);
  }

  apply(db: Database.Database, event: RecordedEvent): Change | undefined {
    if (!event.stream.startsWith(CLAIM_STREAM_PREFIX)) return undefined;
    const claimEvent = toClaimEvent(event);
    if (this.insert?.db !== db) {
      this.insert = { db, statement: db.prepare('INSERT INTO activity (position, actor_id, actor_name, claim_id, revision, event_type, at, summary) VALUES (?, ?, ?, ?, ?, ?, ?, ?)') };
    }
    this.insert.statement.run(
      event.position,
      String(event.metadata.actorId ?? claimEvent.data.by.id),
      String(event.metadata.actorName ?? claimEvent.data.by.name),
      event.stream.slice(CLAIM_STREAM_PREFIX.length),
      event.revision,
      event.type,
      event.recordedAt.toISOString(),
      summarize(claimEvent),
    );
    return undefined;
  }
}

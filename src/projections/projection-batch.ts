import type Database from 'better-sqlite3';
import type { RecordedEvent } from '../event-store/event-store.port';
import { eventSelector, FoldedKey, foldBatch, Projection, ProjectionChange, Row, TableRows } from './projection';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/**
 * The storage half of declarative projections: applies a batch of events to the projections'
 * tables in the database of one runner. It must be called inside the runner's transaction, which
 * also writes the checkpoint, so a batch is applied exactly once or not at all.
 *
 * A batch is folded per key in memory and each touched key is written once: while catching up, a
 * claim touched by hundreds of events of the batch is loaded and written once, not hundreds of times.
 */
export class ProjectionBatchWriter {
  private readonly statements = new Map<string, Database.Statement>();
  private readonly inserts = new Map<string, Database.Statement>();
  private readonly selectors: ((event: RecordedEvent) => boolean)[];

  constructor(
    private readonly db: Database.Database,
    private readonly projections: readonly Projection[],
  ) {
    this.selectors = projections.map(eventSelector);
  }

  /** Applies the batch; returns what changed, per projection and key, for the change feed. */
  apply(batch: readonly RecordedEvent[]): ProjectionChange[] {
    const changes: ProjectionChange[] = [];
    this.projections.forEach((projection, i) => {
      const folded = foldBatch(projection, (key) => this.load(projection, key), batch, this.selectors[i]);
      for (const entry of folded.states.values()) this.write(projection, entry);
      changes.push(...folded.changes);
    });
    return changes;
  }

  private load(projection: Projection, key: string): unknown | null {
    if (!projection.load) return null;
    const { table, column, read } = projection.load;
    const row = this.statement(`SELECT * FROM ${quote(table)} WHERE ${quote(column)} = ?`).get(key) as Row | undefined;
    return row ? read(row) : null;
  }

  /** Replaces, table by table, the rows the key owned by the rows it owns now, skipping tables whose rows did not change. */
  private write(projection: Projection, entry: FoldedKey): void {
    const before = new Map((entry.stored === null ? [] : projection.rows(entry.stored)).map((t) => [t.table, t]));
    for (const now of entry.state === null ? [] : projection.rows(entry.state)) {
      const old = before.get(now.table);
      before.delete(now.table);
      if (old && JSON.stringify(old) === JSON.stringify(now)) continue;
      if (old) this.remove(old);
      for (const row of now.rows) this.insert(now.table, row);
    }
    for (const old of before.values()) this.remove(old);
  }

  private remove({ table, where }: TableRows): void {
    const columns = Object.keys(where);
    this.statement(`DELETE FROM ${quote(table)} WHERE ${columns.map((c) => `${quote(c)} = ?`).join(' AND ')}`).run(...columns.map((c) => where[c]));
  }

  /** Rows of one table have one shape (the projection's), so the insert is prepared once per table and bound by name. */
  private insert(table: string, row: Row): void {
    let insert = this.inserts.get(table);
    if (!insert) {
      const columns = Object.keys(row);
      insert = this.db.prepare(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
      this.inserts.set(table, insert);
    }
    insert.run(row);
  }

  /** Statements are prepared once per SQL text: the same few serve every batch. */
  private statement(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

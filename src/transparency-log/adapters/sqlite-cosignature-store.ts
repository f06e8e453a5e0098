import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { CosignatureStore, StoredCosignature } from '../application/cosignature-store.port';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_cosignatures (   -- witnesses' cosignatures of signed checkpoints
  size      INTEGER NOT NULL,
  witness   TEXT    NOT NULL,
  key_id    INTEGER NOT NULL,
  line      TEXT    NOT NULL,                   -- the signature line as published
  timestamp INTEGER NOT NULL,                   -- the cosignature's own time, POSIX seconds
  PRIMARY KEY (size, witness, key_id)
);
`;

/**
 * The cosignatures, in the log's own SQLite file (its own connection, WAL): kept apart from the tree's
 * adapter; reads log_checkpoints, which that adapter creates, to check a cosignature is of a
 * checkpoint the log signed.
 */
export class SqliteCosignatureStore implements CosignatureStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(SCHEMA);
    this.db.exec('CREATE TABLE IF NOT EXISTS log_checkpoints (size INTEGER PRIMARY KEY, root_hash BLOB NOT NULL, note TEXT NOT NULL, signed_at TEXT NOT NULL)');
    this.stmt = {
      note: this.db.prepare('SELECT note FROM log_checkpoints WHERE size = ?').pluck(),
      save: this.db.prepare(
        `INSERT INTO log_cosignatures (size, witness, key_id, line, timestamp) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (size, witness, key_id) DO UPDATE SET line = excluded.line, timestamp = excluded.timestamp WHERE excluded.timestamp > log_cosignatures.timestamp`,
      ),
      forSize: this.db.prepare('SELECT size, witness, key_id, line, timestamp FROM log_cosignatures WHERE size = ? ORDER BY witness, key_id').safeIntegers(),
    };
  }

  checkpointNote(size: number): string | undefined {
    return this.stmt.note.get(size) as string | undefined;
  }

  save(c: StoredCosignature): void {
    this.stmt.save.run(c.size, c.witness, c.keyId, c.line, c.timestamp);
  }

  forSize(size: number): StoredCosignature[] {
    return (this.stmt.forSize.all(size) as { size: bigint; witness: string; key_id: bigint; line: string; timestamp: bigint }[]).map((r) => ({
      size: Number(r.size),
      witness: r.witness,
      keyId: Number(r.key_id),
      line: r.line,
      timestamp: r.timestamp,
    }));
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

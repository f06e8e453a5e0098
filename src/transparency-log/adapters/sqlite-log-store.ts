import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { StoredNode } from '../domain/merkle';
import type { LeafRecord, LogBatch, LogTreeState, SignedCheckpoint, StoredLeaf, TransparencyLogStore } from '../application/log-store.port';

export const LOG_FILE = 'transparency-log.sqlite';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS log_nodes (          -- perfect-subtree hashes; level 0: the leaf hashes
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS log_leaves (         -- which event each leaf is (never its content)
  idx      INTEGER PRIMARY KEY,
  event_id TEXT    NOT NULL,
  stream   TEXT    NOT NULL,
  revision INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS log_leaves_by_stream ON log_leaves (stream, revision);
CREATE INDEX IF NOT EXISTS log_leaves_by_event ON log_leaves (event_id);
CREATE TABLE IF NOT EXISTS log_state (          -- the tree's size, right edge and cursor in the event log
  id                  INTEGER PRIMARY KEY CHECK (id = 1),
  size                INTEGER NOT NULL,
  frontier            BLOB    NOT NULL,         -- the frontier's hashes, 32 bytes each, largest subtree first
  position            INTEGER,
  handled_at_position INTEGER,
  event_id            TEXT
);
CREATE TABLE IF NOT EXISTS log_checkpoints (    -- every signed checkpoint, kept
  size      INTEGER PRIMARY KEY,
  root_hash BLOB    NOT NULL,
  note      TEXT    NOT NULL,
  signed_at TEXT    NOT NULL
);
`;

interface LeafRow {
  idx: number;
  event_id: string;
  stream: string;
  revision: number;
}

const leafRecord = (row: LeafRow): LeafRecord => ({ index: row.idx, eventId: row.event_id, stream: row.stream, revision: row.revision });

/**
 * The transparency log's tree in its own SQLite file (DATA_DIR/transparency-log.sqlite). A batch's
 * leaves, nodes, frontier and cursor are one transaction. WAL with synchronous=NORMAL: a crash keeps
 * whole batches only; a power cut may lose the last batches, which the appender then appends again
 * from the event log, giving the same leaves (the tree is a function of the events).
 */
export class SqliteLogStore implements TransparencyLogStore {
  private readonly db: Database.Database;
  private readonly stmt;

  constructor(readonly file: string) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    this.stmt = {
      node: this.db.prepare('SELECT hash FROM log_nodes WHERE level = ? AND idx = ?').pluck(),
      insertNode: this.db.prepare('INSERT INTO log_nodes (level, idx, hash) VALUES (?, ?, ?)'),
      insertLeaf: this.db.prepare('INSERT INTO log_leaves (idx, event_id, stream, revision) VALUES (?, ?, ?, ?)'),
      state: this.db.prepare('SELECT size, frontier, position, handled_at_position, event_id FROM log_state WHERE id = 1'),
      saveState: this.db.prepare(
        `INSERT INTO log_state (id, size, frontier, position, handled_at_position, event_id) VALUES (1, ?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier, position = excluded.position,
           handled_at_position = excluded.handled_at_position, event_id = excluded.event_id`,
      ),
      insertCheckpoint: this.db.prepare('INSERT INTO log_checkpoints (size, root_hash, note, signed_at) VALUES (?, ?, ?, ?)'),
      latestCheckpoint: this.db.prepare('SELECT size, root_hash, note, signed_at FROM log_checkpoints ORDER BY size DESC LIMIT 1'),
      checkpointCount: this.db.prepare('SELECT count(*) FROM log_checkpoints').pluck(),
      leaves: this.db.prepare(
        `SELECT l.idx, l.event_id, l.stream, l.revision, n.hash FROM log_leaves l JOIN log_nodes n ON n.level = 0 AND n.idx = l.idx
         WHERE l.idx >= ? ORDER BY l.idx LIMIT ?`,
      ),
      leavesOfStream: this.db.prepare('SELECT idx, event_id, stream, revision FROM log_leaves WHERE stream = ? ORDER BY revision, idx'),
      leafOfEvent: this.db.prepare('SELECT idx, event_id, stream, revision FROM log_leaves WHERE event_id = ? ORDER BY idx LIMIT 1'),
    };
  }

  node(level: number, index: number): Uint8Array {
    const hash = this.stmt.node.get(level, index) as Buffer | undefined;
    if (hash === undefined) throw new RangeError(`node (${level}, ${index}) is not in the log`);
    return new Uint8Array(hash);
  }

  state(): LogTreeState {
    const row = this.stmt.state.get() as
      | { size: number; frontier: Buffer; position: number | null; handled_at_position: number | null; event_id: string | null }
      | undefined;
    if (row === undefined) return { size: 0, frontier: [], cursor: { position: null, handledAtPosition: null, eventId: null } };
    const frontier: Uint8Array[] = [];
    for (let at = 0; at < row.frontier.length; at += 32) frontier.push(new Uint8Array(row.frontier.subarray(at, at + 32)));
    return { size: row.size, frontier, cursor: { position: row.position, handledAtPosition: row.handled_at_position, eventId: row.event_id } };
  }

  commit(batch: LogBatch): void {
    this.db.transaction(() => {
      for (const leaf of batch.leaves) this.stmt.insertLeaf.run(leaf.index, leaf.eventId, leaf.stream, leaf.revision);
      // better-sqlite3 binds any Uint8Array as a BLOB: no copy of each hash into a Buffer.
      for (const n of batch.nodes as StoredNode[]) this.stmt.insertNode.run(n.level, n.index, n.hash);
      const { size, frontier, cursor } = batch.state;
      this.stmt.saveState.run(size, Buffer.concat(frontier.map((h) => Buffer.from(h))), cursor.position, cursor.handledAtPosition, cursor.eventId);
    })();
  }

  saveCheckpoint(cp: SignedCheckpoint): void {
    this.stmt.insertCheckpoint.run(cp.size, Buffer.from(cp.rootHash), cp.note, cp.signedAt.toISOString());
  }

  latestCheckpoint(): SignedCheckpoint | undefined {
    const row = this.stmt.latestCheckpoint.get() as { size: number; root_hash: Buffer; note: string; signed_at: string } | undefined;
    return row && { size: row.size, rootHash: new Uint8Array(row.root_hash), note: row.note, signedAt: new Date(row.signed_at) };
  }

  checkpointCount(): number {
    return this.stmt.checkpointCount.get() as number;
  }

  leaves(from: number, count: number): StoredLeaf[] {
    const rows = this.stmt.leaves.all(from, count) as { idx: number; event_id: string; stream: string; revision: number; hash: Buffer }[];
    return rows.map((r) => ({ index: r.idx, eventId: r.event_id, stream: r.stream, revision: r.revision, hash: new Uint8Array(r.hash) }));
  }

  leafAt(index: number): StoredLeaf | undefined {
    const [leaf] = this.leaves(index, 1);
    return leaf?.index === index ? leaf : undefined;
  }

  leavesOfStream(stream: string): LeafRecord[] {
    return (this.stmt.leavesOfStream.all(stream) as LeafRow[]).map(leafRecord);
  }

  leafOfEvent(eventId: string): LeafRecord | undefined {
    const row = this.stmt.leafOfEvent.get(eventId) as LeafRow | undefined;
    return row && leafRecord(row);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

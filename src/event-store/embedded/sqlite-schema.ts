import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { JsonObject, RecordedEvent } from '../event-store.port';

/** The events table and its indexes (exported so the bench's raw baseline writes the very same rows). */
export const EVENTS_SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id    TEXT    NOT NULL,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at INTEGER NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE INDEX IF NOT EXISTS events_stream_event_id ON events (stream_id, event_id);
`;

export interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
}

/** Every statement the store runs, prepared once on its only connection. */
export interface EventStatements {
  lastRevision: Database.Statement<[string], { revision: number }>;
  idsFromRevision: Database.Statement<[string, number, number], { event_id: string; revision: number; position: number }>;
  revisionOfId: Database.Statement<[string, string], { revision: number }>;
  insert: Database.Statement<[string, string, number, string, string, string, number]>;
  streamForwards: Database.Statement<[string, number, number], EventRow>;
  streamBackwards: Database.Statement<[string, number, number], EventRow>;
  allForwards: Database.Statement<[number, number], EventRow>;
  allBackwards: Database.Statement<[number, number], EventRow>;
  lastPosition: Database.Statement<[], { position: number | null }>;
  begin: Database.Statement<[]>;
  commit: Database.Statement<[]>;
  rollback: Database.Statement<[]>;
  savepoint: Database.Statement<[]>;
  release: Database.Statement<[]>;
  rollbackToSavepoint: Database.Statement<[]>;
}

/**
 * Opens (creating if needed) the events file: WAL with synchronous=FULL, so a transaction is on
 * disk before COMMIT returns.
 */
export function openEventsDatabase(file: string): Database.Database {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.exec(EVENTS_SCHEMA);
  return db;
}

export function prepareStatements(db: Database.Database): EventStatements {
  const columns = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';
  return {
    lastRevision: db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?'),
    idsFromRevision: db.prepare(
      'SELECT event_id, revision, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
    ),
    revisionOfId: db.prepare('SELECT revision FROM events WHERE stream_id = ? AND event_id = ?'),
    insert: db.prepare(
      'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ),
    streamForwards: db.prepare(
      `SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
    ),
    streamBackwards: db.prepare(
      `SELECT ${columns} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
    ),
    allForwards: db.prepare(`SELECT ${columns} FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?`),
    allBackwards: db.prepare(`SELECT ${columns} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`),
    lastPosition: db.prepare('SELECT max(position) AS position FROM events'),
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append'),
    release: db.prepare('RELEASE append'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO append'),
  };
}

export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    id: row.event_id,
    stream: row.stream_id,
    type: row.type,
    revision: row.revision,
    position: row.position,
    data: JSON.parse(row.data) as JsonObject,
    metadata: JSON.parse(row.metadata) as JsonObject,
    recordedAt: new Date(row.recorded_at),
  };
}

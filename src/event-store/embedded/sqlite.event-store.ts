import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidAppend, WrongExpectedVersion } from '../event-store.errors';
import {
  ANY,
  AppendResult,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  JsonObject,
  NO_STREAM,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  STREAM_EXISTS,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { validateAppend } from '../append-validation';
import { resilientSubscription, SubscriptionConnection, SubscriptionItem } from '../resilient-subscription';

export interface SqliteEventStoreOptions {
  /** Path of the database file; ':memory:' is accepted for throwaway use only (no durability). */
  file: string;
  /** Clock for `recordedAt`; injected so tests can control time. */
  now?: () => Date;
  /** Rows fetched per query while a subscription catches up. */
  catchUpPageSize?: number;
  /** How often a waiting subscription looks for appends made by another process on the same file. */
  pollIntervalMs?: number;
}

interface PreparedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** An append waiting for the next group commit. */
interface PendingAppend {
  stream: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
  resolve(result: AppendResult): void;
  reject(error: unknown): void;
}

type AppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

interface EventRow {
  position: number;
  event_id: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
  recorded_at: number;
}

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

/**
 * The default event store: one SQLite file, written through a single connection.
 *
 * Durability: WAL with synchronous=FULL, so a transaction is on disk before `append` resolves;
 * an acknowledged append survives a crash or a power cut.
 * Group commit: appends that arrive together (in the same turn of the event loop) are written in
 * one transaction, flushed on the next `setImmediate`, so many concurrent writers share one fsync.
 * Each append is checked and written in turn: its expected-revision check sees every append before
 * it in the batch, and a refused or failing append is rolled back alone (an append of several events
 * inside its own SAVEPOINT; a one-event append needs none, its checks come before its only INSERT),
 * leaving the others. No
 * append is acknowledged (nor refused) before the shared transaction has COMMITted; if the COMMIT
 * itself fails, every append of the batch is rejected with that error (none of them was written).
 * Ordering: batches run one at a time, synchronously, on the only connection, so appends are
 * serialised, positions (AUTOINCREMENT rowids) are assigned in commit order without gaps, and a
 * reader never sees position N+1 before N. That is what makes the catch-up subscription gap-free.
 */
export class SqliteEventStore implements EventStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<Subscription>();
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private closed = false;
  private queue: PendingAppend[] = [];
  private flushScheduled = false;

  private readonly stmt: {
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
  };

  constructor(options: SqliteEventStoreOptions) {
    if (options.file !== ':memory:') mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(EVENTS_SCHEMA);
    this.now = options.now ?? (() => new Date());
    this.pageSize = options.catchUpPageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.appended.setMaxListeners(0);

    const columns = 'position, event_id, stream_id, revision, type, data, metadata, recorded_at';
    this.stmt = {
      lastRevision: this.db.prepare('SELECT max(revision) AS revision FROM events WHERE stream_id = ?'),
      idsFromRevision: this.db.prepare(
        'SELECT event_id, revision, position FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?',
      ),
      revisionOfId: this.db.prepare('SELECT revision FROM events WHERE stream_id = ? AND event_id = ?'),
      insert: this.db.prepare(
        'INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      ),
      streamForwards: this.db.prepare(
        `SELECT ${columns} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision ASC LIMIT ?`,
      ),
      streamBackwards: this.db.prepare(
        `SELECT ${columns} FROM events WHERE stream_id = ? AND revision <= ? ORDER BY revision DESC LIMIT ?`,
      ),
      allForwards: this.db.prepare(`SELECT ${columns} FROM events WHERE position >= ? ORDER BY position ASC LIMIT ?`),
      allBackwards: this.db.prepare(`SELECT ${columns} FROM events WHERE position <= ? ORDER BY position DESC LIMIT ?`),
      lastPosition: this.db.prepare('SELECT max(position) AS position FROM events'),
      begin: this.db.prepare('BEGIN IMMEDIATE'),
      commit: this.db.prepare('COMMIT'),
      rollback: this.db.prepare('ROLLBACK'),
      savepoint: this.db.prepare('SAVEPOINT append'),
      release: this.db.prepare('RELEASE append'),
      rollbackToSavepoint: this.db.prepare('ROLLBACK TO append'),
    };
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision = ANY): Promise<AppendResult> {
    this.assertOpen();
    const prepared = validateAppend(stream, events, expectedRevision).map((event) => ({
      id: (event.id ?? randomUUID()).toLowerCase(),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata ?? {}),
    }));
    return new Promise<AppendResult>((resolve, reject) => {
      this.queue.push({ stream, events: prepared, expected: expectedRevision, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => {
          this.flushScheduled = false;
          this.flush();
        });
      }
    });
  }

  /**
   * Writes every queued append in one transaction (one fsync), then settles them: only after the
   * COMMIT returned, so an acknowledged append is on disk. Runs synchronously start to end, so no
   * read or other batch can interleave with it.
   */
  private flush(): void {
    if (this.queue.length === 0) return;
    const batch = this.queue;
    this.queue = [];
    if (!this.db.open) {
      const error = new Error('The event store is closed');
      for (const pending of batch) pending.reject(error);
      return;
    }

    const outcomes: AppendOutcome[] = [];
    let written = false;
    try {
      this.stmt.begin.run();
      try {
        // A lone append needs no savepoint: if it fails, the whole (one-append) transaction rolls back.
        // Nor does a one-event append: its checks come before its only INSERT, and a failing statement
        // leaves nothing behind. Only an append of several events can fail half-way through.
        const alone = batch.length === 1;
        for (const pending of batch) {
          const isolate = !alone && pending.events.length > 1;
          if (isolate) this.stmt.savepoint.run();
          try {
            const outcome = this.appendInTransaction(pending.stream, pending.events, pending.expected);
            if (isolate) this.stmt.release.run();
            outcomes.push({ ok: true, result: outcome.result });
            written ||= outcome.written;
          } catch (error) {
            // SQLite may have rolled the whole transaction back on its own (I/O error, disk full):
            // then nothing of the batch stands, and it must not go on in a new, implicit transaction.
            if (alone || !this.db.inTransaction) throw error;
            if (isolate) {
              this.stmt.rollbackToSavepoint.run();
              this.stmt.release.run();
            }
            outcomes.push({ ok: false, error });
          }
        }
        this.stmt.commit.run();
      } catch (error) {
        if (this.db.inTransaction) this.stmt.rollback.run();
        throw error;
      }
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }

    if (written) this.appended.emit('append');
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.result);
      else pending.reject(outcome.error);
    });
  }

  private appendInTransaction(
    stream: string,
    events: PreparedEvent[],
    expected: ExpectedRevision,
  ): { result: AppendResult; written: boolean } {
    const last = this.stmt.lastRevision.get(stream)?.revision ?? null;

    const idempotent = this.findIdempotentReplay(stream, events, expected, last);
    if (idempotent) return { result: idempotent, written: false };

    const actual = last === null ? NO_STREAM : last;
    const holds =
      expected === ANY ||
      (expected === NO_STREAM && last === null) ||
      (expected === STREAM_EXISTS && last !== null) ||
      (typeof expected === 'number' && expected === last);
    if (!holds) throw new WrongExpectedVersion(stream, expected, actual);

    const recordedAt = this.now().getTime();
    let revision = last ?? -1;
    let position = 0;
    for (const event of events) {
      revision += 1;
      const info = this.stmt.insert.run(event.id, stream, revision, event.type, event.data, event.metadata, recordedAt);
      position = Number(info.lastInsertRowid);
    }
    return { result: { nextExpectedRevision: revision, position }, written: true };
  }

  /**
   * EventStoreDB's idempotency: if the events being appended are already the ones stored right
   * after the expected revision (same ids, same order), the append is a retry of one that
   * succeeded, and answers with the original result instead of writing duplicates.
   */
  private findIdempotentReplay(
    stream: string,
    events: { id: string }[],
    expected: ExpectedRevision,
    last: number | null,
  ): AppendResult | undefined {
    if (last === null) return undefined;
    let firstRevision: number | undefined;
    if (typeof expected === 'number') firstRevision = expected + 1;
    else if (expected === NO_STREAM) firstRevision = 0;
    else firstRevision = this.stmt.revisionOfId.get(stream, events[0].id)?.revision;
    if (firstRevision === undefined || firstRevision > last) return undefined;

    const stored = this.stmt.idsFromRevision.all(stream, firstRevision, events.length);
    if (stored.length !== events.length) return undefined;
    if (!stored.every((row, i) => row.event_id === events[i].id)) return undefined;
    const tail = stored[stored.length - 1];
    return { nextExpectedRevision: tail.revision, position: tail.position };
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.assertOpen();
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.stmt.streamBackwards.all(stream, options.fromRevision ?? Number.MAX_SAFE_INTEGER, maxCount)
        : this.stmt.streamForwards.all(stream, options.fromRevision ?? 0, maxCount);
    if (rows.length === 0 && this.stmt.lastRevision.get(stream)?.revision == null) return { found: false, stream };
    return { found: true, stream, events: rows.map(toRecordedEvent) };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    const rows =
      options.direction === 'backwards'
        ? this.stmt.allBackwards.all(options.fromPosition ?? Number.MAX_SAFE_INTEGER, maxCount)
        : this.stmt.allForwards.all(options.fromPosition ?? 0, maxCount);
    return rows.map(toRecordedEvent);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    this.assertOpen();
    const readAfter = (after: number, limit: number) => this.stmt.allForwards.all(after + 1, limit).map(toRecordedEvent);
    const subscription = resilientSubscription(options, (checkpoint) =>
      localConnection(checkpoint, readAfter, (wake) => this.waitForAppend(wake), this.pageSize),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async health(): Promise<EventStoreHealth> {
    try {
      this.assertOpen();
      const lastPosition = this.stmt.lastPosition.get()?.position ?? 0;
      return { reachable: true, adapter: 'embedded', lastPosition };
    } catch (error) {
      return { reachable: false, adapter: 'embedded', detail: (error as Error).message };
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
    this.closed = true;
    // Appends accepted before close are written (and acknowledged) before the file is closed.
    this.flush();
    this.db.close();
  }

  /** Resolves on the next local append, or after the poll interval (to notice other processes' appends). */
  private waitForAppend(wake: Promise<void>): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.appended.off('append', done);
        resolve();
      };
      const timer = setTimeout(done, this.pollIntervalMs);
      this.appended.once('append', done);
      void wake.then(done);
    });
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('The event store is closed');
  }
}

function toRecordedEvent(row: EventRow): RecordedEvent {
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

/**
 * One "connection" of a catch-up subscription over the local file: reads pages after the
 * checkpoint until none is left, reports caught-up, then sleeps until the next append. Reads and
 * appends share one connection and one thread, so nothing can be committed between "the read found
 * nothing" and "start waiting": no live event is missed. Delivery, checkpoints and stopping are the
 * shared resilient loop's job.
 */
function localConnection(
  checkpoint: number | undefined,
  readAfter: (position: number, limit: number) => RecordedEvent[],
  waitForAppend: (wake: Promise<void>) => Promise<void>,
  pageSize: number,
): SubscriptionConnection {
  let closed = false;
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));

  async function* items(): AsyncGenerator<SubscriptionItem> {
    let position = checkpoint ?? 0;
    let caughtUp = false;
    while (!closed) {
      const page = readAfter(position, pageSize);
      if (page.length === 0) {
        if (!caughtUp) yield { kind: 'caughtUp' };
        caughtUp = true;
        await waitForAppend(woken);
        continue;
      }
      caughtUp = false;
      for (const event of page) {
        if (closed) return;
        yield { kind: 'event', event };
        position = event.position;
      }
    }
  }

  return {
    items: items(),
    close: async () => {
      closed = true;
      wake();
    },
  };
}

import Database from 'better-sqlite3';
import { EventEmitter } from 'node:events';
import { storedEventId, validateAppend } from '../append-validation';
import {
  ANY,
  AppendResult,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  StreamBatch,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { CheckpointNotInLog } from '../event-store.errors';
import { failedConnection, resilientSubscription } from '../resilient-subscription';
import { GroupCommitWriter } from './group-commit';
import { localConnection } from './local-subscription';
import { EventStatements, openEventsDatabase, prepareStatements, toRecordedEvent } from './sqlite-schema';

// Kept importable from here: the bench's raw baseline writes the very same rows.
export { EVENTS_SCHEMA } from './sqlite-schema';

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

/**
 * The default event store: one SQLite file, written through a single connection.
 *
 * Durability: WAL with synchronous=FULL, so a transaction is on disk before `append` resolves;
 * an acknowledged append survives a crash or a power cut.
 * Group commit: concurrent appends share one transaction and one fsync (see GroupCommitWriter).
 * Ordering: batches run one at a time, synchronously, on the only connection, so appends are
 * serialised, positions (AUTOINCREMENT rowids) are assigned in commit order without gaps, and a
 * reader never sees position N+1 before N. That is what makes the catch-up subscription gap-free.
 */
export class SqliteEventStore implements EventStore {
  /** One SQLite transaction holds every stream of an `appendStreams`. */
  readonly atomicAcrossStreams = true;
  private readonly db: Database.Database;
  private readonly appended = new EventEmitter();
  private readonly subscriptions = new Set<Subscription>();
  private readonly pageSize: number;
  private readonly pollIntervalMs: number;
  private readonly stmt: EventStatements;
  private readonly writer: GroupCommitWriter;
  private closed = false;

  constructor(options: SqliteEventStoreOptions) {
    this.db = openEventsDatabase(options.file);
    this.pageSize = options.catchUpPageSize ?? 500;
    this.pollIntervalMs = options.pollIntervalMs ?? 500;
    this.appended.setMaxListeners(0);
    this.stmt = prepareStatements(this.db);
    this.writer = new GroupCommitWriter(this.db, this.stmt, options.now ?? (() => new Date()), () => this.appended.emit('append'));
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision = ANY): Promise<AppendResult> {
    this.assertOpen();
    const prepared = validateAppend(stream, events, expectedRevision).map((event) => ({
      id: storedEventId(event),
      type: event.type,
      data: JSON.stringify(event.data),
      metadata: JSON.stringify(event.metadata ?? {}),
    }));
    return this.writer.enqueue(stream, prepared, expectedRevision);
  }

  async appendStreams(batches: StreamBatch[]): Promise<AppendResult[]> {
    this.assertOpen();
    if (batches.length === 0) return [];
    const parts = batches.map(({ stream, events, expectedRevision }) => ({
      stream,
      expected: expectedRevision,
      events: validateAppend(stream, events, expectedRevision).map((event) => ({
        id: storedEventId(event),
        type: event.type,
        data: JSON.stringify(event.data),
        metadata: JSON.stringify(event.metadata ?? {}),
      })),
    }));
    return this.writer.enqueueAll(parts);
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
    const subscription = resilientSubscription(options, (checkpoint, inclusive) => {
      const problem = checkpoint === undefined ? undefined : this.checkpointProblem(checkpoint);
      if (problem) return failedConnection(problem);
      // Positions here are consecutive integers, each event its own: "from p inclusive" is "after p - 1".
      const after = checkpoint === undefined ? undefined : inclusive ? checkpoint - 1 : checkpoint;
      return localConnection(after, readAfter, (wake) => this.waitForAppend(wake), this.pageSize);
    });
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** A checkpoint must be the position of an event in this file; anything else would wait forever. */
  private checkpointProblem(checkpoint: number): CheckpointNotInLog | undefined {
    const [atCheckpoint] = this.stmt.allForwards.all(checkpoint, 1);
    if (atCheckpoint && atCheckpoint.position === checkpoint) return undefined;
    const last = this.stmt.lastPosition.get()?.position ?? undefined;
    return new CheckpointNotInLog(checkpoint, atCheckpoint ? 'not-an-event' : 'beyond-end', last ?? undefined);
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
    this.writer.flush();
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

import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EventStore, RecordedEvent, Subscription } from '../event-store/event-store.port';
import { Feed } from './feed';
import { Projection, ProjectionChange } from './projection';
import { ProjectionBatchWriter } from './projection-batch';

const RUNNER_SCHEMA = `
CREATE TABLE IF NOT EXISTS projection_checkpoint (
  id             INTEGER PRIMARY KEY CHECK (id = 1),
  position       INTEGER,                 -- last event applied (null: none yet)
  events_applied INTEGER NOT NULL,
  updated_at     TEXT    NOT NULL,
  handled_at_position INTEGER,            -- events applied at position (several share one in a transaction); null: all of them
  event_id       TEXT                     -- id of the last event applied: proves the checkpoint is in THIS log (null: older files)
);
CREATE TABLE IF NOT EXISTS projection_versions (
  name    TEXT PRIMARY KEY,
  version INTEGER NOT NULL
);
`;

export type RunnerStatus = 'idle' | 'catching-up' | 'live' | 'failed' | 'stopped';

export interface RunnerOptions {
  /**
   * Most events applied in one transaction (default 5000). Live events come a few at a time; while
   * catching up (a rebuild, a restart) a bigger batch lets a claim touched several times be written once.
   */
  batchSize?: number;
  now?: () => Date;
}

/** What the runner reports after each committed batch: for metrics, and the changes for live updates. */
export interface BatchReport {
  events: number;
  durationMs: number;
  /** Position of the batch's last event: the new checkpoint. */
  position: number;
  lastRecordedAt: Date;
  changes: ProjectionChange[];
}

/** The event store dropped the runner's subscription; it resubscribes from the checkpoint after `retryInMs`. */
export interface SubscriptionDropped {
  error: Error;
  retryInMs: number;
}

/** Raised when a read model did not reach a position in time. The write itself succeeded. */
export class ReadModelTimeout extends Error {
  override readonly name = 'ReadModelTimeout';
  constructor(
    readonly position: number,
    readonly checkpoint: number | null,
    readonly timeoutMs: number,
  ) {
    super(`The read models did not reach position ${position} within ${timeoutMs} ms (they are at ${checkpoint ?? 'the start'})`);
  }
}

/**
 * Raised to whoever waits on a runner that has stopped following the log (a projection failed, or
 * the subscription gave up, e.g. on a checkpoint that is not in this store's log). The write waited
 * for succeeded; the read models will not show it until they are fixed or rebuilt.
 */
export class ReadModelsStopped extends Error {
  override readonly name = 'ReadModelsStopped';
  constructor(readonly reason: Error) {
    super(`The read models stopped following the event log: ${reason.message}`);
  }
}

interface Waiter {
  position: number;
  resolve(): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * Feeds projections from the event store's subscription into one SQLite file.
 *
 * Exactly-once: the events of a batch and the checkpoint are written in one transaction, so after a
 * crash the file holds either the whole batch and its checkpoint or neither, and the runner resumes
 * after the last committed checkpoint. Nothing depends on the in-process EventBus.
 * Batching: events arriving together (catch-up, bursts) share a transaction; a lone live event is
 * committed on the next turn of the event loop, so latency stays low.
 */
export class ProjectionRunner {
  readonly db: Database.Database;
  /** One report per committed batch, in order. */
  readonly batches = new Feed<BatchReport>();
  /** Once, the first time the runner has caught up with the log (see caughtUp()). */
  readonly firstCaughtUp = new Feed<void>();
  /** Each time the subscription dropped and will be resumed: the runner carries on by itself. */
  readonly dropped = new Feed<SubscriptionDropped>();
  /** Once, when a projection failed or the subscription gave up: the runner stops (status 'failed'). */
  readonly failed = new Feed<Error>();
  private readonly writer: ProjectionBatchWriter;
  private readonly batchSize: number;
  private readonly now: () => Date;
  private buffer: RecordedEvent[] = [];
  private flushScheduled = false;
  private subscription?: Subscription;
  private waiters: Waiter[] = [];
  private checkpointValue: number | null;
  /** Events applied at `checkpointValue`; null: all there are (a checkpoint written before this was counted). */
  private handledAtCheckpointValue: number | null;
  private checkpointEventId: string | null;
  private starting: Promise<void> | undefined;
  private stopRequested = false;
  private appliedValue: number;
  private statusValue: RunnerStatus = 'idle';
  private failure?: Error;
  private lastAppliedRecordedAt?: Date;
  private startedAtValue?: Date;
  private caughtUpOnce = false;
  private readonly saveCheckpoint: Database.Statement<[number, number, string, number, string]>;

  constructor(
    readonly file: string,
    private readonly projections: readonly Projection[],
    private readonly store: EventStore,
    options: RunnerOptions = {},
  ) {
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
    this.db = new Database(file);
    // Read models are rebuilt from the log, so they need crash consistency (WAL + the checkpoint in the
    // same transaction), not power-cut durability of the last batch: NORMAL is enough and much faster.
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(RUNNER_SCHEMA);
    migrateCheckpointTable(this.db);
    for (const projection of projections) this.db.exec(projection.schema);
    this.writer = new ProjectionBatchWriter(this.db, projections);
    const row = this.db.prepare('SELECT position, events_applied, handled_at_position, event_id FROM projection_checkpoint WHERE id = 1').get() as
      | { position: number | null; events_applied: number; handled_at_position: number | null; event_id: string | null }
      | undefined;
    this.checkpointValue = row?.position ?? null;
    this.handledAtCheckpointValue = row?.handled_at_position ?? null;
    this.checkpointEventId = row?.event_id ?? null;
    this.appliedValue = row?.events_applied ?? 0;
    this.saveCheckpoint = this.db.prepare(
      `INSERT INTO projection_checkpoint (id, position, events_applied, updated_at, handled_at_position, event_id) VALUES (1, ?, ?, ?, ?, ?)
       ON CONFLICT (id) DO UPDATE SET position = excluded.position, events_applied = excluded.events_applied, updated_at = excluded.updated_at,
         handled_at_position = excluded.handled_at_position, event_id = excluded.event_id`,
    );
    this.batchSize = options.batchSize ?? 5000;
    this.now = options.now ?? (() => new Date());
  }

  /** Projection versions recorded in the file; differ from the code's when a projection changed. */
  storedVersions(): Record<string, number> {
    const rows = this.db.prepare('SELECT name, version FROM projection_versions').all() as { name: string; version: number }[];
    return Object.fromEntries(rows.map((r) => [r.name, r.version]));
  }

  /** True when the file was built by exactly these projection versions (or is empty). */
  matchesCodeVersions(): boolean {
    const stored = this.storedVersions();
    if (Object.keys(stored).length === 0) return this.checkpointValue === null;
    return this.projections.every((p) => stored[p.name] === p.version) && Object.keys(stored).length === this.projections.length;
  }

  get checkpoint(): number | null {
    return this.checkpointValue;
  }
  /** How many events at the checkpoint's position are applied; null: all of them. */
  get handledAtCheckpoint(): number | null {
    return this.handledAtCheckpointValue;
  }
  get eventsApplied(): number {
    return this.appliedValue;
  }
  get status(): RunnerStatus {
    return this.statusValue;
  }
  get error(): Error | undefined {
    return this.failure;
  }
  get lastRecordedAt(): Date | undefined {
    return this.lastAppliedRecordedAt;
  }
  /** When start() was called in this process. */
  get startedAt(): Date | undefined {
    return this.startedAtValue;
  }

  start(): void {
    if (this.subscription || this.starting) return;
    const write = this.db.prepare('INSERT OR REPLACE INTO projection_versions (name, version) VALUES (?, ?)');
    this.db.transaction(() => this.projections.forEach((p) => write.run(p.name, p.version)))();
    this.statusValue = 'catching-up';
    this.startedAtValue = this.now();
    this.stopRequested = false;
    // The checkpoint must name the very event these read models last applied: a position alone may
    // exist in another store too (fresh stores begin alike), and resuming there would mix two logs.
    if (this.checkpointValue !== null && this.checkpointEventId !== null) {
      const [checkpoint, eventId] = [this.checkpointValue, this.checkpointEventId];
      this.starting = this.store
        .readAll({ fromPosition: checkpoint, maxCount: Math.max(1, this.handledAtCheckpointValue ?? 1) })
        .then(
          (events) => {
            if (this.stopRequested || this.statusValue === 'failed') return;
            // No event at that position: the subscription itself reports it (beyond the end, or between events).
            const atCheckpoint = events.filter((e) => e.position === checkpoint);
            if (atCheckpoint.length > 0 && !atCheckpoint.some((e) => e.id === eventId)) {
              this.fail(
                new Error(
                  `Checkpoint ${checkpoint} is not the event these read models last applied (${eventId}): they were built from another event store; rebuild them`,
                ),
              );
              return;
            }
            this.subscribe();
          },
          // Unreachable now: subscribe anyway, the subscription retries and checks the checkpoint's position itself.
          () => {
            if (!this.stopRequested && this.statusValue !== 'failed') this.subscribe();
          },
        )
        .finally(() => (this.starting = undefined));
      return;
    }
    this.subscribe();
  }

  private subscribe(): void {
    this.subscription = this.store.subscribeToAll({
      fromPosition: this.checkpointValue ?? undefined,
      // A batch may have ended inside events sharing the checkpoint's position: resume right after the last one applied.
      ...(this.checkpointValue !== null && this.handledAtCheckpointValue !== null ? { handledAtPosition: this.handledAtCheckpointValue } : {}),
      onEvent: (event) => this.enqueue(event),
      onCaughtUp: () => {
        this.flush();
        if (this.statusValue === 'catching-up') this.statusValue = 'live';
        if (!this.caughtUpOnce) {
          this.caughtUpOnce = true;
          this.firstCaughtUp.publish();
        }
      },
      onFailed: (error) => this.fail(error),
      onDropped: (error, retryInMs) => {
        // Not following the log any more: not live until the resubscription has caught up again.
        if (this.statusValue === 'live') this.statusValue = 'catching-up';
        this.dropped.publish({ error, retryInMs });
      },
    });
  }

  /** Resolves once every event up to `position` is applied; rejects with ReadModelTimeout after `timeoutMs`. */
  waitFor(position: number, timeoutMs: number): Promise<void> {
    // Failure first: a checkpoint that is not of this log (read models of another store) passes every comparison.
    if (this.failure) return Promise.reject(new ReadModelsStopped(this.failure));
    if (this.checkpointValue !== null && this.checkpointValue >= position) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        position,
        resolve,
        reject,
        timer: setTimeout(() => {
          this.waiters = this.waiters.filter((w) => w !== waiter);
          reject(new ReadModelTimeout(position, this.checkpointValue, timeoutMs));
        }, timeoutMs),
      };
      this.waiters.push(waiter);
    });
  }

  /** Resolves when the runner has caught up with the log at least once. */
  caughtUp(): Promise<void> {
    if (this.caughtUpOnce) return Promise.resolve();
    // Failed already (a checkpoint not in the log is refused at once): the failure would never be published again.
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      const unsubscribe = () => [offCaughtUp, offFailed].forEach((off) => off());
      const offCaughtUp = this.firstCaughtUp.subscribe(() => {
        unsubscribe();
        resolve();
      });
      const offFailed = this.failed.subscribe((error) => {
        unsubscribe();
        reject(error);
      });
    });
  }

  async stop(options: { close?: boolean } = { close: true }): Promise<void> {
    this.stopRequested = true;
    await this.starting;
    await this.subscription?.stop();
    this.subscription = undefined;
    if (this.statusValue !== 'failed') this.flush();
    if (this.statusValue !== 'failed') this.statusValue = 'stopped';
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(new Error('The read models stopped before reaching the position'));
    }
    this.waiters = [];
    if (options.close !== false && this.db.open) this.db.close();
  }

  private enqueue(event: RecordedEvent): void {
    if (this.statusValue === 'failed') throw this.failure;
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) {
      this.flush();
    } else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  private flush(): void {
    if (this.buffer.length === 0 || !this.db.open || this.statusValue === 'failed') return;
    const batch = this.buffer;
    this.buffer = [];
    const started = performance.now();
    const last = batch[batch.length - 1];
    const handled = handledAtEnd(batch, this.checkpointValue, this.handledAtCheckpointValue);
    let changes: ProjectionChange[];
    try {
      changes = this.db.transaction(() => {
        const applied = this.writer.apply(batch);
        this.saveCheckpoint.run(last.position, this.appliedValue + batch.length, this.now().toISOString(), handled, last.id);
        return applied;
      })();
    } catch (error) {
      this.fail(new Error(`Projection failed on event ${last.type} at position ${last.position}: ${(error as Error).message}`));
      return;
    }
    this.checkpointValue = last.position;
    this.handledAtCheckpointValue = handled;
    this.checkpointEventId = last.id;
    this.appliedValue += batch.length;
    this.lastAppliedRecordedAt = last.recordedAt;
    this.waiters = this.waiters.filter((w) => {
      if (w.position > last.position) return true;
      clearTimeout(w.timer);
      w.resolve();
      return false;
    });
    // After the waiters: a mutation awaiting this position answers; subscribers then query the committed state.
    this.batches.publish({ events: batch.length, durationMs: performance.now() - started, position: last.position, lastRecordedAt: last.recordedAt, changes });
  }

  /** A projection bug must not skip events: the runner stops, reports, and waits for a fix and restart. */
  private fail(error: Error): void {
    if (this.statusValue === 'failed') return;
    this.statusValue = 'failed';
    this.failure = error;
    this.buffer = [];
    const stopped = new ReadModelsStopped(error);
    for (const w of this.waiters) {
      clearTimeout(w.timer);
      w.reject(stopped);
    }
    this.waiters = [];
    void this.subscription?.stop();
    this.failed.publish(error);
  }
}

/** Files written before events sharing a position were counted lack the column: their checkpoint means "all of them". */
function migrateCheckpointTable(db: Database.Database): void {
  const columns = db.prepare('SELECT name FROM pragma_table_info(?)').all('projection_checkpoint') as { name: string }[];
  if (!columns.some((c) => c.name === 'handled_at_position')) db.exec('ALTER TABLE projection_checkpoint ADD COLUMN handled_at_position INTEGER');
  if (!columns.some((c) => c.name === 'event_id')) db.exec('ALTER TABLE projection_checkpoint ADD COLUMN event_id TEXT');
}

/**
 * How many events at the batch's last position are applied once it commits: those of the batch
 * at that position, plus those applied before it when the batch continues at the checkpoint's.
 */
function handledAtEnd(batch: readonly RecordedEvent[], checkpoint: number | null, handledAtCheckpoint: number | null): number {
  const last = batch[batch.length - 1].position;
  let handled = 0;
  for (let i = batch.length - 1; i >= 0 && batch[i].position === last; i--) handled += 1;
  // The whole batch lies at the checkpoint's position: it goes on counting from there.
  if (handled === batch.length && last === checkpoint) handled += handledAtCheckpoint ?? 0;
  return handled;
}

import Database from 'better-sqlite3';
import { WrongExpectedVersion } from '../event-store.errors';
import { ANY, AppendResult, ExpectedRevision, NO_STREAM, STREAM_EXISTS } from '../event-store.port';
import { EventStatements } from './sqlite-schema';

/** An event ready for the INSERT: id assigned, payloads serialised. */
export interface PreparedEvent {
  id: string;
  type: string;
  data: string;
  metadata: string;
}

/** One stream's part of an append. */
export interface PreparedBatch {
  stream: string;
  events: PreparedEvent[];
  expected: ExpectedRevision;
}

/** An append waiting for the next group commit: one stream, or several that stand or fall together. */
interface PendingAppend {
  parts: PreparedBatch[];
  resolve(results: AppendResult[]): void;
  reject(error: unknown): void;
}

type AppendOutcome = { ok: true; results: AppendResult[] } | { ok: false; error: unknown };

/**
 * The embedded store's writer. Appends that arrive together (in the same turn of the event loop)
 * are written in one transaction, flushed on the next `setImmediate`, so many concurrent writers
 * share one fsync. Each append is checked and written in turn: its expected-revision check sees
 * every append before it in the batch, and a refused or failing append is rolled back alone (an
 * append of several events inside its own SAVEPOINT; a one-event append needs none, its checks
 * come before its only INSERT), leaving the others. No append is acknowledged (nor refused) before
 * the shared transaction has COMMITted; if the COMMIT itself fails, every append of the batch is
 * rejected with that error (none of them was written). A multi-stream append (`enqueueAll`) is one
 * append here: all its streams inside one SAVEPOINT, so one refused stream rolls back all of them.
 */
export class GroupCommitWriter {
  private queue: PendingAppend[] = [];
  private flushScheduled = false;

  constructor(
    private readonly db: Database.Database,
    private readonly stmt: EventStatements,
    private readonly now: () => Date,
    /** Called after a COMMIT that wrote at least one event, before the appends are settled. */
    private readonly onWritten: () => void,
  ) {}

  /** Queues an append for the next group commit; settles once that commit is on disk. */
  enqueue(stream: string, events: PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    return this.enqueueAll([{ stream, events, expected }]).then((results) => results[0]);
  }

  /** Queues appends to several streams that are written all together or not at all. */
  enqueueAll(parts: PreparedBatch[]): Promise<AppendResult[]> {
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
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
  flush(): void {
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
          const isolate = !alone && (pending.parts.length > 1 || pending.parts[0].events.length > 1);
          if (isolate) this.stmt.savepoint.run();
          try {
            const results: AppendResult[] = [];
            let wrote = false;
            for (const part of pending.parts) {
              const outcome = this.appendInTransaction(part.stream, part.events, part.expected);
              results.push(outcome.result);
              wrote ||= outcome.written;
            }
            if (isolate) this.stmt.release.run();
            outcomes.push({ ok: true, results });
            written ||= wrote;
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

    if (written) this.onWritten();
    batch.forEach((pending, i) => {
      const outcome = outcomes[i];
      if (outcome.ok) pending.resolve(outcome.results);
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
}

import type { EventStore, RecordedEvent, Subscription } from '../../event-store/event-store.port';
import { logEntryOf } from '../domain/entry';
import { Frontier, type Rfc6962Hasher, type StoredNode } from '../domain/merkle';
import type { LeafRecord, LogCursor, TransparencyLogStore } from './log-store.port';

export type LogAppenderStatus = 'idle' | 'catching-up' | 'live' | 'failed' | 'stopped';

export interface LogAppenderOptions {
  /** Most events appended in one transaction (default 2000). */
  batchSize?: number;
  /** Called after each committed batch, with the new tree size. */
  onCommitted?(size: number): void;
  onFailed?(error: Error): void;
}

/**
 * The transparency log's consumer of the event store's subscription: one leaf per event, in global
 * order, with its own cursor. Exactly once: a batch's leaves, the nodes they complete, the new
 * frontier and the cursor are committed in one transaction, and the subscription resumes after the
 * committed cursor (with the count of events handled at a shared position, as the projections do),
 * so a crash leaves whole batches only and no event becomes two leaves. The tree depends on the
 * events alone (logEntryOf), not on the store's positions: the embedded store and EventStoreDB give
 * the same tree for the same events.
 */
export class LogAppender {
  private frontier: Frontier;
  private cursor: LogCursor;
  private buffer: RecordedEvent[] = [];
  private flushScheduled = false;
  private subscription?: Subscription;
  private starting?: Promise<void>;
  private statusValue: LogAppenderStatus = 'idle';
  private failure?: Error;
  private caughtUpOnce = false;
  private caughtUpWaiters: { resolve(): void; reject(error: Error): void }[] = [];
  private readonly batchSize: number;

  constructor(
    private readonly store: TransparencyLogStore,
    private readonly events: EventStore,
    private readonly hasher: Rfc6962Hasher,
    private readonly options: LogAppenderOptions = {},
  ) {
    const state = store.state();
    this.frontier = Frontier.restore(hasher, state.size, state.frontier);
    this.cursor = state.cursor;
    this.batchSize = options.batchSize ?? 2000;
  }

  get size(): number {
    return this.frontier.size;
  }
  get root(): Uint8Array {
    return this.frontier.root();
  }
  get status(): LogAppenderStatus {
    return this.statusValue;
  }
  get error(): Error | undefined {
    return this.failure;
  }
  get position(): number | null {
    return this.cursor.position;
  }

  start(): void {
    if (this.subscription || this.starting) return;
    this.statusValue = 'catching-up';
    const { position, eventId, handledAtPosition } = this.cursor;
    if (position === null || eventId === null) return this.subscribe();
    // The cursor must name the very event last appended: a position alone may exist in another store too.
    this.starting = this.events
      .readAll({ fromPosition: position, maxCount: Math.max(1, handledAtPosition ?? 1) })
      .then(
        (found) => {
          if (this.statusValue !== 'catching-up') return;
          const atCursor = found.filter((e) => e.position === position);
          if (atCursor.length > 0 && !atCursor.some((e) => e.id === eventId)) {
            return this.fail(new Error(`The transparency log's cursor ${position} is not the event it last appended (${eventId}): it was built from another event store`));
          }
          this.subscribe();
        },
        () => {
          if (this.statusValue === 'catching-up') this.subscribe();
        },
      )
      .finally(() => (this.starting = undefined));
  }

  /** Resolves once the appender has caught up with the event log at least once. */
  caughtUp(): Promise<void> {
    if (this.caughtUpOnce) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => this.caughtUpWaiters.push({ resolve, reject }));
  }

  async stop(): Promise<void> {
    const wasFailed = this.statusValue === 'failed';
    if (!wasFailed) this.statusValue = 'stopped';
    await this.starting;
    await this.subscription?.stop();
    this.subscription = undefined;
    if (!wasFailed) this.flush();
    for (const w of this.caughtUpWaiters.splice(0)) w.reject(new Error('The transparency log stopped'));
  }

  private subscribe(): void {
    const { position, handledAtPosition } = this.cursor;
    this.subscription = this.events.subscribeToAll({
      fromPosition: position ?? undefined,
      ...(position !== null && handledAtPosition !== null ? { handledAtPosition } : {}),
      onEvent: (event) => this.enqueue(event),
      onCaughtUp: () => {
        this.flush();
        if (this.statusValue === 'catching-up') this.statusValue = 'live';
        if (!this.caughtUpOnce && this.statusValue === 'live') {
          this.caughtUpOnce = true;
          for (const w of this.caughtUpWaiters.splice(0)) w.resolve();
        }
      },
      onDropped: () => {
        if (this.statusValue === 'live') this.statusValue = 'catching-up';
      },
      onFailed: (error) => this.fail(error),
    });
  }

  private enqueue(event: RecordedEvent): void {
    if (this.failure) throw this.failure;
    this.buffer.push(event);
    if (this.buffer.length >= this.batchSize) this.flush();
    else if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  /** Appends the buffered events as leaves on a copy of the frontier, and adopts it once committed. */
  private flush(): void {
    if (this.buffer.length === 0 || this.failure) return;
    const batch = this.buffer;
    this.buffer = [];
    const last = batch[batch.length - 1];
    try {
      const state = this.frontier.state();
      const next = Frontier.restore(this.hasher, state.size, state.hashes);
      const nodes: StoredNode[] = [];
      const leaves: LeafRecord[] = [];
      for (const event of batch) {
        leaves.push({ index: next.size, eventId: event.id, stream: event.stream, revision: event.revision });
        for (const node of next.appendLeaf(this.hasher.hashLeaf(logEntryOf(event)))) nodes.push(node);
      }
      const cursor: LogCursor = { position: last.position, handledAtPosition: handledAtEnd(batch, this.cursor), eventId: last.id };
      const after = next.state();
      this.store.commit({ leaves, nodes, state: { size: after.size, frontier: after.hashes, cursor } });
      this.frontier = next;
      this.cursor = cursor;
    } catch (error) {
      this.fail(new Error(`The transparency log could not append the event ${last.type} at position ${last.position}: ${(error as Error).message}`));
      return;
    }
    this.options.onCommitted?.(this.frontier.size);
  }

  /** An event that cannot become a leaf must not be skipped: the log stops and reports. */
  private fail(error: Error): void {
    if (this.failure) return;
    this.statusValue = 'failed';
    this.failure = error;
    this.buffer = [];
    void this.subscription?.stop();
    for (const w of this.caughtUpWaiters.splice(0)) w.reject(error);
    this.options.onFailed?.(error);
  }
}

/** How many events at the batch's last position are leaves once it commits (see ProjectionRunner). */
function handledAtEnd(batch: readonly RecordedEvent[], cursor: LogCursor): number {
  const last = batch[batch.length - 1].position;
  let handled = 0;
  for (let i = batch.length - 1; i >= 0 && batch[i].position === last; i--) handled += 1;
  if (handled === batch.length && last === cursor.position) handled += cursor.handledAtPosition ?? 0;
  return handled;
}

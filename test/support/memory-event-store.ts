import { randomUUID } from 'node:crypto';
import {
  ANY,
  AppendResult,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  NewEvent,
  NO_STREAM,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  STREAM_EXISTS,
  StreamBatch,
  SubscribeToAllOptions,
  Subscription,
} from '../../src/event-store/event-store.port';
import { CheckpointNotInLog, StreamDeleted, WrongExpectedVersion } from '../../src/event-store/event-store.errors';

interface StreamState {
  /** Every event ever appended, the hidden ones included. */
  events: RecordedEvent[];
  /** Events below this revision are no longer readable ($tb: truncation, or a soft delete). */
  truncateBefore: number;
  /** Soft-deleted and not written since: reads as absent, a new append recreates it. */
  softDeleted: boolean;
  tombstoned: boolean;
}

type Operation = 'append' | 'readStream' | 'appendStreams';

/**
 * An in-memory event store for unit tests of one service, with what the embedded store cannot do
 * and EventStoreDB can: streams whose revisions start above 0 (`firstRevision`, or a stream
 * truncated, soft-deleted and written again, tombstoned), events sharing one position (one
 * explicit transaction), and failures injected per operation. Positions grow by 100, so a caller
 * that does arithmetic on them is caught out. Semantics follow the port (and EventStoreDB):
 * a read from a revision below the first readable one starts at the first readable one; a
 * soft-deleted stream reads as absent and continues its revisions when written again.
 */
export class MemoryEventStore implements EventStore {
  readonly log: RecordedEvent[] = [];
  /** Every append call, failed ones included. */
  readonly appendCalls: { stream: string; events: NewEvent[]; expectedRevision: ExpectedRevision }[] = [];
  /** The options of every subscribeToAll call. */
  readonly subscribeCalls: Omit<SubscribeToAllOptions, 'onEvent' | 'onCaughtUp' | 'onDropped' | 'onFailed'>[] = [];
  private readonly streams = new Map<string, StreamState>();
  private readonly faults: { operation: Operation; error: Error; times: number }[] = [];
  private readonly wakers = new Set<() => void>();
  private nextPosition = 1000;
  private holdNextAfter: number | undefined;

  readonly atomicAcrossStreams: boolean;

  /**
   * `firstRevision`: the revision a stream that does not exist yet starts at (as one recreated after a soft delete would).
   * `atomicAcrossStreams` (default true): false makes `appendStreams` write batch after batch, as EventStoreDB does.
   */
  constructor(private readonly options: { firstRevision?: (stream: string) => number; now?: () => Date; atomicAcrossStreams?: boolean } = {}) {
    this.atomicAcrossStreams = options.atomicAcrossStreams ?? true;
  }

  /** The next `times` calls of `operation` fail with `error` (before touching anything). */
  failNext(operation: Operation, error: Error, times = 1): void {
    this.faults.push({ operation, error, times });
  }

  /** Hides the stream's events below `revision`, as EventStoreDB's $tb does. */
  truncateBefore(stream: string, revision: number): void {
    this.stream(stream).truncateBefore = revision;
  }

  /** Soft delete: reads say "no stream" until it is written again, at the revision after its last. */
  softDelete(stream: string): void {
    const state = this.stream(stream);
    state.softDeleted = true;
    state.truncateBefore = (state.events[state.events.length - 1]?.revision ?? -1) + 1;
  }

  /** The next subscription delivers `events` events, then nothing more until stopped (a process that froze). */
  holdNextSubscriptionAfter(events: number): void {
    this.holdNextAfter = events;
  }

  tombstone(stream: string): void {
    this.stream(stream).tombstoned = true;
  }

  /** Appends events that share one global position, as one explicit EventStoreDB transaction would. */
  async appendTransaction(stream: string, events: NewEvent[]): Promise<AppendResult> {
    return this.write(stream, events, ANY, true);
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision = ANY): Promise<AppendResult> {
    this.appendCalls.push({ stream, events, expectedRevision });
    this.fault('append');
    return this.write(stream, events, expectedRevision, false);
  }

  async appendStreams(batches: StreamBatch[]): Promise<AppendResult[]> {
    if (!this.atomicAcrossStreams) {
      const results: AppendResult[] = [];
      for (const batch of batches) results.push(await this.append(batch.stream, batch.events, batch.expectedRevision));
      return results;
    }
    this.fault('appendStreams');
    // All or nothing: on a refusal, every stream and the log are put back as they were.
    const logLength = this.log.length;
    const before = new Map(batches.map((b) => [b.stream, this.streams.has(b.stream) ? { ...this.stream(b.stream), events: [...this.stream(b.stream).events] } : undefined]));
    const nextPosition = this.nextPosition;
    try {
      return batches.map((batch) => {
        this.appendCalls.push({ stream: batch.stream, events: batch.events, expectedRevision: batch.expectedRevision });
        return this.write(batch.stream, batch.events, batch.expectedRevision, false);
      });
    } catch (error) {
      this.log.splice(logLength);
      for (const [name, state] of before) {
        if (state) this.streams.set(name, state);
        else this.streams.delete(name);
      }
      this.nextPosition = nextPosition;
      throw error;
    }
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.fault('readStream');
    const state = this.streams.get(stream);
    if (state?.tombstoned) throw new StreamDeleted(stream);
    if (!state || state.softDeleted || state.events.length === 0) return { found: false, stream };
    const readable = state.events.filter((e) => e.revision >= state.truncateBefore);
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision;
    const selected =
      direction === 'forwards'
        ? readable.filter((e) => from === undefined || e.revision >= from)
        : readable.filter((e) => from === undefined || e.revision <= from).reverse();
    return { found: true, stream, events: selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER) };
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const direction = options.direction ?? 'forwards';
    const from = options.fromPosition;
    const selected =
      direction === 'forwards'
        ? this.log.filter((e) => from === undefined || e.position >= from)
        : this.log.filter((e) => from === undefined || e.position <= from).reverse();
    return selected.slice(0, options.maxCount ?? Number.MAX_SAFE_INTEGER);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    const { onEvent: _e, onCaughtUp: _c, onDropped: _d, onFailed: _f, ...recorded } = options;
    this.subscribeCalls.push(recorded);
    let stopped = false;
    let checkpoint = options.fromPosition;
    let handledAt = checkpoint === undefined ? 0 : (options.handledAtPosition ?? Number.POSITIVE_INFINITY);
    let wake: (() => void) | undefined;
    const holdAfter = this.holdNextAfter;
    this.holdNextAfter = undefined;
    let delivered = 0;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const deliver = async () => {
      if (checkpoint !== undefined && !this.log.some((e) => e.position === checkpoint)) {
        const last = this.log[this.log.length - 1]?.position;
        options.onFailed?.(new CheckpointNotInLog(checkpoint, last === undefined || checkpoint > last ? 'beyond-end' : 'not-an-event', last));
        return;
      }
      // Where delivery resumes: after the events at the checkpoint already handled.
      let index = checkpoint === undefined ? 0 : this.log.findIndex((e) => e.position >= checkpoint!);
      if (checkpoint !== undefined) {
        let skipped = 0;
        while (index < this.log.length && this.log[index].position === checkpoint && skipped < handledAt) {
          index += 1;
          skipped += 1;
        }
      }
      while (!stopped) {
        while (index < this.log.length && !stopped) {
          const event = this.log[index];
          if (holdAfter !== undefined && delivered >= holdAfter) {
            await held;
            return;
          }
          delivered += 1;
          try {
            await options.onEvent(event);
          } catch (error) {
            stopped = true;
            options.onFailed?.(error as Error);
            return;
          }
          handledAt = event.position === checkpoint ? handledAt + 1 : 1;
          checkpoint = event.position;
          index += 1;
        }
        if (stopped) return;
        options.onCaughtUp?.();
        await new Promise<void>((resolve) => {
          wake = resolve;
          this.wakers.add(resolve);
        });
        if (wake) this.wakers.delete(wake);
      }
    };
    const loop = deliver();
    return {
      get checkpoint() {
        return checkpoint;
      },
      get handledAtCheckpoint() {
        return checkpoint === undefined ? 0 : handledAt;
      },
      stop: async () => {
        stopped = true;
        release();
        wake?.();
        await loop;
      },
    };
  }

  async health(): Promise<EventStoreHealth> {
    return { reachable: true, adapter: 'embedded', lastPosition: this.log[this.log.length - 1]?.position };
  }

  async close(): Promise<void> {
    for (const wake of this.wakers) wake();
  }

  private stream(name: string): StreamState {
    let state = this.streams.get(name);
    if (!state) {
      state = { events: [], truncateBefore: this.options.firstRevision?.(name) ?? 0, softDeleted: false, tombstoned: false };
      this.streams.set(name, state);
    }
    return state;
  }

  private fault(operation: Operation): void {
    const fault = this.faults.find((f) => f.operation === operation && f.times > 0);
    if (!fault) return;
    fault.times -= 1;
    throw fault.error;
  }

  private write(name: string, events: NewEvent[], expected: ExpectedRevision, shared: boolean): AppendResult {
    const state = this.stream(name);
    if (state.tombstoned) throw new StreamDeleted(name);
    const exists = !state.softDeleted && state.events.length > 0;
    const last = state.events[state.events.length - 1]?.revision;
    const actual = exists ? (last as number) : NO_STREAM;
    const holds = expected === ANY || (expected === NO_STREAM ? !exists : expected === STREAM_EXISTS ? exists : exists && expected === last);
    if (!holds) throw new WrongExpectedVersion(name, expected, actual);
    // A new or recreated stream starts where its revisions left off (or at its configured first revision).
    let revision = last === undefined ? state.truncateBefore : last + 1;
    state.softDeleted = false;
    const position = this.nextPosition;
    const recordedAt = this.options.now?.() ?? new Date();
    for (const [i, event] of events.entries()) {
      const recorded: RecordedEvent = {
        id: event.id ?? randomUUID(),
        stream: name,
        type: event.type,
        revision: revision++,
        position: shared ? position : position + i * 100,
        data: event.data,
        metadata: event.metadata ?? {},
        recordedAt,
      };
      state.events.push(recorded);
      this.log.push(recorded);
    }
    this.nextPosition = this.log[this.log.length - 1].position + 100;
    for (const wake of this.wakers) wake();
    this.wakers.clear();
    return { nextExpectedRevision: revision - 1, position: this.log[this.log.length - 1].position };
  }
}

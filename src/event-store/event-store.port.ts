/**
 * The event-store port. Every adapter (embedded SQLite, EventStoreDB) implements exactly these
 * semantics, and one contract suite (test/event-store/event-store.contract.ts) holds them to it.
 *
 * The semantics follow EventStoreDB's so that moving a deployment from the embedded store to a
 * real EventStoreDB changes nothing the domain can observe:
 * - a stream revision is the 0-based index of an event inside its stream, as the store gives it:
 *   a stream whose first events were truncated ($maxCount, $maxAge, $tb) or that was soft-deleted
 *   and written again starts at a revision above 0, so callers take revisions from the events
 *   read and never count events;
 * - a global position orders every event of the store; positions only grow, with gaps allowed
 *   (EventStoreDB's are byte offsets), so consumers compare them and never do arithmetic on them;
 * - events written in one explicit EventStoreDB transaction share one position; all others have
 *   their own. A consumer that checkpoints keeps the position AND how many events it handled at
 *   that position (`Subscription.handledAtCheckpoint`) and hands both back when it resumes;
 * - `readAll` starts AT `fromPosition` (inclusive), a subscription resumes AFTER its checkpoint;
 * - every failure is an `EventStoreError` that says whether retrying the same call is safe.
 */

export const ANY = 'any' as const;
export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;

/** What the writer believes the stream's last revision is. A number is an exact revision. */
export type ExpectedRevision = typeof ANY | typeof NO_STREAM | typeof STREAM_EXISTS | number;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event as a writer hands it over. The id is optional: the store assigns a uuid when absent. */
export interface NewEvent {
  id?: string;
  type: string;
  data: JsonObject;
  metadata?: JsonObject;
}

/** An event as the store recorded it. Immutable once written. */
export interface RecordedEvent {
  id: string;
  stream: string;
  type: string;
  revision: number;
  position: number;
  data: JsonObject;
  metadata: JsonObject;
  recordedAt: Date;
}

export interface AppendResult {
  /** The stream's revision after the append: what to pass as `expectedRevision` next time. */
  nextExpectedRevision: number;
  /** Global position of the last event appended (or of the original events, on an idempotent retry). */
  position: number;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  /** Revision to start at (inclusive). Defaults to the start (forwards) or the end (backwards). */
  fromRevision?: number;
  direction?: Direction;
  maxCount?: number;
}

/**
 * Reading a stream that has no events is an outcome the caller must handle, not an exception.
 * `found: true` with no events means the stream exists but every event in the range asked for is
 * gone (truncated). A tombstoned stream raises `StreamDeleted`.
 */
export type ReadStreamResult =
  | { found: true; stream: string; events: RecordedEvent[] }
  | { found: false; stream: string };

export interface ReadAllOptions {
  /** Global position to start at (inclusive). Defaults to the start (forwards) or the end (backwards). */
  fromPosition?: number;
  direction?: Direction;
  maxCount?: number;
}

export interface SubscribeToAllOptions {
  /**
   * Checkpoint: the position of the last event the subscriber has already handled. Delivery
   * resumes with the first event after it. Omit it to start from the very beginning. A checkpoint
   * that is not an event of this log (beyond its end, or between events) fails the subscription
   * with `CheckpointNotInLog` through `onFailed`: it is never waited on silently.
   */
  fromPosition?: number;
  /**
   * How many events at `fromPosition` were handled (several share a position inside one explicit
   * transaction). Omitted: all of them, delivery resumes after the position.
   */
  handledAtPosition?: number;
  /** Called for each event, in global order. The next event waits until the returned promise settles. */
  onEvent(event: RecordedEvent): void | Promise<void>;
  /** Called whenever the subscription has delivered all history and is waiting for live appends. */
  onCaughtUp?(): void;
  /** Called when the connection dropped; the subscription will resubscribe from its checkpoint after `retryInMs`. */
  onDropped?(error: Error, retryInMs: number): void;
  /** Called once if `onEvent` throws: the subscription stops, because skipping the event would lose it. */
  onFailed?(error: Error): void;
  /** Resubscription backoff; defaults suit a server restart (100 ms doubling to 5 s). */
  backoff?: { initialMs?: number; maxMs?: number };
}

export interface Subscription {
  /** Position of the last event delivered and handled (the checkpoint to persist). */
  readonly checkpoint: number | undefined;
  /** How many events at `checkpoint` were handled (1 unless events share the position): persist it too. */
  readonly handledAtCheckpoint: number;
  /** Resolves once the subscription has stopped delivering. */
  stop(): Promise<void>;
}

export interface EventStoreHealth {
  reachable: boolean;
  adapter: 'embedded' | 'eventstoredb';
  detail?: string;
  /**
   * Position of the last user event in the store (system events at the tail, which a server
   * writes on every restart, are ignored: read models never see them), when cheap to learn.
   */
  lastPosition?: number;
  /** The server's version, when the store is a server that reports one. */
  serverVersion?: string;
  /** Set when the store is reachable but cannot be used (a server below the supported floor). */
  unusable?: string;
}

/** One stream's part of a multi-stream append. */
export interface StreamBatch {
  stream: string;
  events: NewEvent[];
  expectedRevision: ExpectedRevision;
}

export interface EventStore {
  /**
   * Whether `appendStreams` is all or nothing: true for the embedded store (one transaction), false
   * for EventStoreDB, which has no transaction across streams.
   */
  readonly atomicAcrossStreams: boolean;
  append(stream: string, events: NewEvent[], expectedRevision?: ExpectedRevision): Promise<AppendResult>;
  /**
   * Appends to several streams, in the order given, each at its own expected revision; answers one
   * result per batch. With `atomicAcrossStreams` either every batch is written or none is (a refused
   * batch rejects the call and rolls back the others). Without it the batches are written one after
   * another and a failure leaves the batches before it written: the caller records its progress.
   */
  appendStreams(batches: StreamBatch[]): Promise<AppendResult[]>;
  readStream(stream: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options: SubscribeToAllOptions): Subscription;
  health(): Promise<EventStoreHealth>;
  close(): Promise<void>;
}

/** Nest injection token for the port. */
export const EVENT_STORE = Symbol('EVENT_STORE');

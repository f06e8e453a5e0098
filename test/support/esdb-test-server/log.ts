import { randomUUID } from 'node:crypto';

/** An event (or tombstone record) as the test server keeps it. */
export interface StoredEvent {
  id: string;
  stream: string;
  type: string;
  contentType: string;
  /** Revision inside the stream. A tombstone record carries EventStoreDB's long.MaxValue on the wire. */
  revision: number;
  /** The commit position: what `$all` reads, subscriptions and the adapter order by. */
  position: number;
  /** Same as `position`. */
  commitPosition: number;
  /** Where the record itself sits: equal to the commit position unless written in an explicit transaction. */
  preparePosition: number;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  created: string;
  /** Written inside an explicit transaction (prepare < commit). */
  inTransaction: boolean;
  /** The `$streamDeleted` record a tombstone (hard delete) leaves in the stream and in `$all`. */
  tombstone: boolean;
  /** Index of the record in the log: nodes that lag see a prefix of the log. */
  sequence: number;
}

export interface LogPosition {
  commit: number;
  prepare: number;
}

/** An event as a client proposes it. */
export interface ProposedEvent {
  id: string;
  type: string;
  contentType: string;
  data: Uint8Array;
  metadata: Uint8Array;
}

export type Expected =
  | { kind: 'any' }
  | { kind: 'no_stream' }
  | { kind: 'stream_exists' }
  | { kind: 'revision'; revision: number };

/** EventStoreDB's internal numbers for the expectations (ExpectedVersion), as its error trailers quote them. */
export function expectedVersionNumber(expected: Expected): number {
  switch (expected.kind) {
    case 'any':
      return -2;
    case 'no_stream':
      return -1;
    case 'stream_exists':
      return -4;
    default:
      return expected.revision;
  }
}

export type WriteOutcome =
  /** `last` is undefined for an empty append; `revision` is the stream's last revision (-1: none). */
  | { kind: 'written'; last: StoredEvent | undefined; revision: number }
  | { kind: 'idempotent'; last: StoredEvent }
  | { kind: 'wrong-expected-version'; current: number }
  | { kind: 'stream-deleted' };

export type DeleteOutcome =
  | { kind: 'deleted'; record: StoredEvent }
  | { kind: 'wrong-expected-version'; current: number }
  | { kind: 'stream-deleted' };

export type StreamRead =
  | { kind: 'not-found' }
  | { kind: 'deleted' }
  | { kind: 'events'; events: StoredEvent[] };

export interface StreamReadOptions {
  from: 'start' | 'end' | number;
  backwards: boolean;
  max: number;
}

export interface AllReadOptions {
  from: 'start' | 'end' | LogPosition;
  backwards: boolean;
  max: number;
  matches: (event: StoredEvent) => boolean;
}

/** Thrown by reads from a commit position that is not the start of a record (nor the end of the log). */
export class InvalidPosition extends Error {}

/** The metadata EventStoreDB applies when reading a stream, from the last `$metadata` event of `$$<stream>`. */
export interface StreamMetadata {
  maxCount?: number;
  /** Seconds. */
  maxAge?: number;
  truncateBefore?: number;
  /** `$tb` is long.MaxValue: what a soft delete writes. */
  softDeleted: boolean;
  /** The whole JSON object, for rewriting `$tb` when a soft-deleted stream is written again. */
  raw: Record<string, unknown> | undefined;
}

/** EventStoreDB's EventNumber.DeletedStream (long.MaxValue), as sent on the wire. */
export const DELETED_STREAM_REVISION = '9223372036854775807';
const DELETED_STREAM_JSON = `{"$tb":${DELETED_STREAM_REVISION}}`;

/** Bytes a record "takes" in the log besides its payload, so positions look like byte offsets. */
const RECORD_OVERHEAD = 97;
/** Size of the commit record that ends an explicit transaction. */
const COMMIT_RECORD_SIZE = 37;

export function comparePositions(a: LogPosition, b: LogPosition): number {
  return a.commit - b.commit || a.prepare - b.prepare;
}

export function positionOf(event: StoredEvent): LogPosition {
  return { commit: event.commitPosition, prepare: event.preparePosition };
}

export function isMetastream(stream: string): boolean {
  return stream.startsWith('$$');
}

/**
 * The log every node of a test cluster shares (a single server has its own): records in `$all`
 * order, the streams they belong to, and the write rules of EventStoreDB 24.10's storage writer
 * (src/EventStore.Core/Services/Storage/ReaderIndex/IndexWriter.cs CheckCommit, and
 * StorageWriterService.cs for soft delete, tombstones and re-creation, tag v24.10.14).
 *
 * Every read takes `visible`, how many records of the log the reading node has seen, so a
 * lagging follower reads a consistent prefix.
 */
export class EventLog {
  readonly records: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  /** Positions a read may start from: the start of each record (events and commit records). */
  private readonly boundaries = new Set<number>([0]);
  private nextPosition = 0;
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => number = Date.now) {
    // Like a fresh EventStoreDB, the log starts with system events.
    this.writeRaw('$$$scavenges', '$metadata', Buffer.from(JSON.stringify({ $maxAge: 2592000 })));
    this.writeRaw('$projections-$all', '$ProjectionsInitialized', Buffer.from('{}'));
    this.notify();
  }

  /** The commit position a record written next would get: the end of the log. */
  get end(): number {
    return this.nextPosition;
  }

  /** Calls `listener` after every write; returns the unsubscribe function. */
  onWrite(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- Writes (always against the whole log: only the leader writes) ---------------------------

  append(stream: string, expected: Expected, events: ProposedEvent[]): WriteOutcome {
    const check = this.checkCommit(stream, expected, events.map((e) => e.id));
    const originalSoftDeleted = isMetastream(stream) && this.metadataOf(stream.slice(2), this.records.length).softDeleted;
    switch (check.decision) {
      case 'deleted':
        return { kind: 'stream-deleted' };
      case 'wrong-expected-version':
        return { kind: 'wrong-expected-version', current: check.current };
      case 'idempotent':
        return { kind: 'idempotent', last: check.last };
    }
    let last: StoredEvent | undefined;
    for (const event of events) {
      last = this.writeRaw(stream, event.type, event.data, {
        id: event.id,
        contentType: event.contentType,
        metadata: event.metadata,
      });
    }
    this.afterWrite(stream, check, originalSoftDeleted);
    this.notify();
    return { kind: 'written', last, revision: this.lastRevision(stream, this.records.length) };
  }

  /** Soft delete (`hard` false) or tombstone, as StorageWriterService handles WriteDelete. */
  delete(stream: string, expected: Expected, hard: boolean): DeleteOutcome {
    const check = this.checkCommit(stream, expected, [randomUUID()]);
    if (check.decision === 'deleted') return { kind: 'stream-deleted' };
    // A fresh id is never a retry, so 'idempotent' cannot happen here.
    if (check.decision !== 'ok') return { kind: 'wrong-expected-version', current: this.lastRevision(stream, this.records.length) };
    let record: StoredEvent;
    if (hard) {
      record = this.writeRaw(stream, '$streamDeleted', new Uint8Array(), { contentType: 'application/octet-stream', tombstone: true });
    } else {
      const all = this.records.length;
      // A stream that never had an event nor metadata cannot be soft-deleted, whatever the expectation.
      if (this.lastRevision(stream, all) < 0 && this.lastRevision(`$$${stream}`, all) < 0) {
        return { kind: 'wrong-expected-version', current: -1 };
      }
      record = this.writeRaw(`$$${stream}`, '$metadata', Buffer.from(DELETED_STREAM_JSON));
    }
    this.notify();
    return { kind: 'deleted', record };
  }

  /**
   * Writes events as one explicit transaction commits them: each prepare at its own position, one
   * commit record after them all, whose position every event reports as its commit position.
   */
  writeTransaction(stream: string, events: ProposedEvent[]): StoredEvent[] {
    const check = this.checkCommit(stream, { kind: 'any' }, []);
    if (check.decision !== 'ok') throw new Error(`stream ${stream} is deleted`);
    const first = this.lastRevision(stream, this.records.length) + 1;
    const prepares = events.map((event, i) => ({
      event,
      revision: first + i,
      prepare: this.reserve(RECORD_OVERHEAD + stream.length + event.type.length + event.data.length + event.metadata.length),
    }));
    const commit = this.reserve(COMMIT_RECORD_SIZE);
    const written = prepares.map(({ event, revision, prepare }) =>
      this.store({
        id: event.id,
        stream,
        type: event.type,
        contentType: event.contentType,
        revision,
        position: commit,
        commitPosition: commit,
        preparePosition: prepare,
        data: event.data,
        metadata: event.metadata,
        created: ticks(this.now()),
        inTransaction: true,
        tombstone: false,
        sequence: 0,
      }),
    );
    this.afterWrite(stream, check, false);
    this.notify();
    return written;
  }

  /** A system record such as those a node writes on start-up or restart. */
  writeSystem(stream: string, type: string, data: object): StoredEvent {
    const event = this.writeRaw(stream, type, Buffer.from(JSON.stringify(data)));
    this.notify();
    return event;
  }

  // --- Reads ------------------------------------------------------------------------------------

  /** The last revision ever written to the stream (-1 if none), whatever metadata hides. Tombstones excluded. */
  lastRevision(stream: string, visible: number): number {
    const events = this.streams.get(stream) ?? [];
    for (let i = events.length - 1; i >= 0; i--) {
      if (events[i].sequence < visible && !events[i].tombstone) return events[i].revision;
    }
    return -1;
  }

  isTombstoned(stream: string, visible: number): boolean {
    const original = isMetastream(stream) ? stream.slice(2) : stream;
    return (this.streams.get(original) ?? []).some((e) => e.tombstone && e.sequence < visible);
  }

  metadataOf(stream: string, visible: number): StreamMetadata {
    // Metadata streams keep only their last event (ESConsts.MetaStreamMaxCount = 1).
    if (isMetastream(stream)) return { maxCount: 1, softDeleted: false, raw: undefined };
    const meta = (this.streams.get(`$$${stream}`) ?? []).filter((e) => e.sequence < visible).pop();
    if (!meta) return { softDeleted: false, raw: undefined };
    let raw: unknown;
    try {
      raw = JSON.parse(Buffer.from(meta.data).toString('utf8'));
    } catch {
      return { softDeleted: false, raw: undefined };
    }
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return { softDeleted: false, raw: undefined };
    const object = raw as Record<string, unknown>;
    const integer = (key: string) => (typeof object[key] === 'number' ? (object[key] as number) : undefined);
    const truncateBefore = integer('$tb');
    // long.MaxValue parses as 2^63 in a double.
    const softDeleted = truncateBefore !== undefined && truncateBefore >= 2 ** 63 - 1;
    return {
      maxCount: integer('$maxCount'),
      maxAge: integer('$maxAge'),
      truncateBefore: softDeleted ? undefined : truncateBefore,
      softDeleted,
      raw: object,
    };
  }

  /**
   * A stream read as IndexReader.ReadStreamEventsForward/Backward answers it: tombstoned streams
   * are deleted, soft-deleted streams and streams without events are not found, and `$maxCount`,
   * `$tb` and `$maxAge` hide events without renumbering the rest (all hidden: found, no events).
   */
  readStream(stream: string, visible: number, options: StreamReadOptions): StreamRead {
    if (this.isTombstoned(stream, visible)) return { kind: 'deleted' };
    const last = this.lastRevision(stream, visible);
    const meta = this.metadataOf(stream, visible);
    if (last < 0 || meta.softDeleted) return { kind: 'not-found' };
    let min = 0;
    if (meta.maxCount !== undefined) min = Math.max(min, last - meta.maxCount + 1);
    if (meta.truncateBefore !== undefined) min = Math.max(min, meta.truncateBefore);
    const oldest = meta.maxAge !== undefined ? this.now() - meta.maxAge * 1000 : undefined;
    const kept = (this.streams.get(stream) ?? []).filter(
      (e) => e.sequence < visible && !e.tombstone && e.revision >= min && (oldest === undefined || createdMs(e) >= oldest),
    );
    let page: StoredEvent[];
    if (options.backwards) {
      const at = options.from === 'start' ? 0 : options.from === 'end' ? last : options.from;
      page = kept.filter((e) => e.revision <= at).reverse();
    } else {
      page = options.from === 'end' ? [] : kept.filter((e) => e.revision >= (options.from === 'start' ? 0 : (options.from as number)));
    }
    return { kind: 'events', events: page.slice(0, options.max) };
  }

  /**
   * A `$all` read. Stream metadata does not apply: truncated and deleted events stay in `$all`
   * until a scavenge (StorageReaderWorker.ReadAllEventsForward reads the log without it).
   * Forwards starts at the position (inclusive), backwards before it (exclusive).
   */
  readAll(visible: number, options: AllReadOptions): StoredEvent[] {
    if (typeof options.from === 'object') this.checkPosition(options.from, visible);
    const from = options.from;
    const seen = this.records.slice(0, visible);
    const page = options.backwards
      ? seen.filter((e) => from === 'end' || (typeof from === 'object' && comparePositions(positionOf(e), from) < 0)).reverse()
      : seen.filter((e) => from === 'start' || (typeof from === 'object' && comparePositions(positionOf(e), from) >= 0));
    return page.filter(options.matches).slice(0, options.max);
  }

  /** Reading from the middle of a record fails as TFChunkReader does (InvalidReadException -> InvalidPosition). */
  checkPosition(position: LogPosition, visible: number): void {
    // A lagging node's log ends where the first record it has not seen starts.
    const end = this.records[visible]?.preparePosition ?? this.nextPosition;
    if (position.commit < end && !this.boundaries.has(position.commit)) throw new InvalidPosition();
  }

  // --- Internals ----------------------------------------------------------------------------------

  /** IndexWriter.CheckCommit, for the decisions a client can observe. */
  private checkCommit(
    stream: string,
    expected: Expected,
    ids: string[],
  ):
    | { decision: 'ok'; current: number; softDeleted: boolean }
    | { decision: 'idempotent'; last: StoredEvent }
    | { decision: 'wrong-expected-version'; current: number }
    | { decision: 'deleted' } {
    const all = this.records.length;
    if (this.isTombstoned(stream, all)) return { decision: 'deleted' };
    const current = this.lastRevision(stream, all);
    const softDeleted = this.metadataOf(stream, all).softDeleted;
    const events = (this.streams.get(stream) ?? []).filter((e) => !e.tombstone);

    if (expected.kind === 'stream_exists') {
      // A soft-deleted stream does not "exist": the write is refused as if the stream were deleted.
      if (softDeleted) return { decision: 'deleted' };
      if (current < 0 && this.lastRevision(`$$${stream}`, all) < 0) return { decision: 'wrong-expected-version', current };
    }

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      // Idempotency by event id: all ids already in this stream is a retry; only some is a conflict.
      const found = ids.map((id) => events.find((e) => e.id === id));
      if (found.length === 0 || found[0] === undefined) return { decision: 'ok', current, softDeleted };
      if (found.some((e) => e === undefined)) return { decision: 'wrong-expected-version', current };
      return { decision: 'idempotent', last: found[found.length - 1] as StoredEvent };
    }

    const expectedRevision = expected.kind === 'no_stream' ? -1 : expected.revision;
    if (expectedRevision < current) {
      // A retry is the same ids right after the expected revision.
      for (let i = 0; i < ids.length; i++) {
        const at = events.find((e) => e.revision === expectedRevision + 1 + i);
        if (at?.id === ids[i]) continue;
        if (i > 0) return { decision: 'wrong-expected-version', current };
        if (expected.kind === 'no_stream' && softDeleted) return { decision: 'ok', current, softDeleted };
        return { decision: 'wrong-expected-version', current };
      }
      if (ids.length === 0) return { decision: 'wrong-expected-version', current };
      return { decision: 'idempotent', last: events.find((e) => e.revision === expectedRevision + ids.length) as StoredEvent };
    }
    if (expectedRevision > current) return { decision: 'wrong-expected-version', current };
    return { decision: 'ok', current, softDeleted };
  }

  /**
   * Writing to a soft-deleted stream re-creates it: `$tb` moves to the first new revision, so the
   * old events stay hidden and revisions continue (SoftUndeleteStream). Writing the metadata of a
   * soft-deleted stream re-creates it the same way (SoftUndeleteMetastream).
   */
  private afterWrite(stream: string, check: { current: number; softDeleted: boolean }, originalSoftDeleted: boolean): void {
    if (check.softDeleted) this.rewriteTruncateBefore(stream, check.current + 1);
    if (originalSoftDeleted) {
      const original = stream.slice(2);
      this.rewriteTruncateBefore(original, this.lastRevision(original, this.records.length) + 1);
    }
  }

  private rewriteTruncateBefore(stream: string, truncateBefore: number): void {
    const raw = this.metadataOf(stream, this.records.length).raw ?? {};
    const rewritten = { ...raw, $tb: truncateBefore };
    this.writeRaw(`$$${stream}`, '$metadata', Buffer.from(JSON.stringify(rewritten)));
  }

  private reserve(size: number): number {
    const position = this.nextPosition;
    this.boundaries.add(position);
    this.nextPosition += size;
    return position;
  }

  private writeRaw(
    stream: string,
    type: string,
    data: Uint8Array,
    extra: { id?: string; contentType?: string; metadata?: Uint8Array; tombstone?: boolean } = {},
  ): StoredEvent {
    const metadata = extra.metadata ?? new Uint8Array();
    const position = this.reserve(RECORD_OVERHEAD + stream.length + type.length + data.length + metadata.length);
    const tombstone = extra.tombstone ?? false;
    return this.store({
      id: extra.id ?? randomUUID(),
      stream,
      type,
      contentType: extra.contentType ?? 'application/json',
      revision: tombstone ? Number.MAX_SAFE_INTEGER : this.lastRevision(stream, this.records.length) + 1,
      position,
      commitPosition: position,
      preparePosition: position,
      data,
      metadata,
      created: ticks(this.now()),
      inTransaction: false,
      tombstone,
      sequence: 0,
    });
  }

  private store(event: StoredEvent): StoredEvent {
    event.sequence = this.records.length;
    this.records.push(event);
    const events = this.streams.get(event.stream) ?? [];
    events.push(event);
    this.streams.set(event.stream, events);
    return event;
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function ticks(ms: number): string {
  return String(BigInt(Math.trunc(ms)) * 10_000n);
}

function createdMs(event: StoredEvent): number {
  return Number(BigInt(event.created) / 10_000n);
}

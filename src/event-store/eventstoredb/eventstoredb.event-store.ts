import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult as ClientAppendResult,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  Position,
  ReadPosition,
  ReadRevision,
  ResolvedEvent,
  START,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import { eventStoreClientConnectionString, eventStoreConnectionProblem } from '../../config/app-config';
import { storedEventId, validateAppend } from '../append-validation';
import {
  AccessDenied,
  CheckpointNotInLog,
  EventStoreError,
  EventStoreUnavailable,
  InvalidAppend,
  StreamDeleted,
  UnsupportedServer,
  WrongExpectedVersion,
} from '../event-store.errors';
import {
  ANY,
  AppendResult,
  EventStore,
  EventStoreHealth,
  StreamBatch,
  ExpectedRevision,
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
import { SubscriptionConnection, resilientSubscription } from '../resilient-subscription';
import { askServerFeatures, forceClassicAppend } from './client-internals';
import {
  afterPosition,
  atPosition,
  collect,
  comparePairs,
  describe,
  rawPair,
  rawPosition,
  toActual,
  toClientExpected,
  userEvents,
} from './client-mapping';
import { classify, isInvalidPosition } from './failures';
import { ServerVerdict, judgeServerVersion } from './server-version';
import { feed } from './subscription-feed';

/** Smallest page `readAll` asks for, so a run of system events does not cost a round trip each. */
const MIN_READ_ALL_PAGE = 100;
const HEALTH_TIMEOUT_MS = 5_000;
const SERVER_FEATURES_DEADLINE_MS = 5_000;
/** `health()` looks for the last user event among at most this many events at the end of `$all`. */
const HEALTH_SCAN_PAGE = 100;
const HEALTH_SCAN_PAGES = 5;
/** Events of a stream read back, newest first, to find an append with ANY/STREAM_EXISTS whose outcome was unclear. */
const READ_BACK_LIMIT = 5_000;
const READ_BACK_PAGE = 200;

type Direction = typeof FORWARDS | typeof BACKWARDS;
type RawEvent = ResolvedEvent | AllStreamResolvedEvent;

/**
 * The event-store port on EventStoreDB / KurrentDB (23.10 or later), through the official gRPC
 * client @eventstore/db-client 6.2.1.
 *
 * What it forces, and why:
 * - every append goes through the classic `Append` RPC, never `BatchAppend` (see
 *   `forceClassicAppend`: 6.2.1's BatchAppend lets one failure reject other appends and then crash
 *   the process);
 * - appends and stream reads carry `requires-leader`: what a decision is based on is never a
 *   lagging follower's copy, and a write is not forwarded through a follower; a node that is not
 *   the leader answers NotLeader, the client reconnects to the leader it named and the call is
 *   made once more (NotLeader means nothing was done);
 * - the server's version is asked (ServerFeatures) before the first operation of each connection;
 *   below 23.10 every operation fails with `UnsupportedServer` and `health()` says why.
 *
 * What it guarantees:
 * - every failure is an `EventStoreError` saying whether a retry is safe. An append whose outcome
 *   is unclear (connection lost, node not ready or shutting down, deadline, internal error) is
 *   resolved by reading the stream back from the leader: if its event ids are there, the append
 *   succeeded and its result is returned; if not, `EventStoreUnavailable` (nothing written). If
 *   even the read-back fails, `EventStoreUnavailable` says it may have been written: a retry with
 *   the same ids is written at most once by the server. No gRPC failure escapes as an unhandled
 *   error, subscriptions included (they drop and resume).
 * - revisions are the server's: a truncated ($maxCount, $maxAge, $tb) or soft-deleted and
 *   recreated stream starts above 0; a stream whose every event is truncated reads as found, empty.
 * - positions: the port's position is the commit position. Events of one explicit transaction
 *   share it (each has its own prepare position below it); reads and subscriptions start at
 *   (c, 0) to include all of them and resume after (c, c) to skip all of them, which is how the
 *   server orders `$all` (by commit, then prepare). A subscription's checkpoint is checked against
 *   the leader on every connection: one beyond the end of `$all` or not at an event fails with
 *   `CheckpointNotInLog`.
 * - `health()` is reachable only when a leader answers (or the server is reachable but unusable),
 *   with the server's version and the position of the last user event.
 * - system events (types or streams starting with '$', link events) never leave this adapter.
 */
export class EventStoreDbEventStore implements EventStore {
  /** EventStoreDB has no transaction across streams: `appendStreams` writes them one after another. */
  readonly atomicAcrossStreams = false;
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();
  /** The server's version and whether it is supported: asked once per connection, forgotten when a call fails. */
  private verdict: Promise<ServerVerdict> | undefined;

  /** Connects lazily: the client opens its channel on the first call. */
  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(connectionString);
  }

  /**
   * Takes a connection string (esdb://, esdb+discover://, kurrentdb://, ... as the configuration
   * accepts it) or a ready client, which this adapter then owns (its appends are forced to classic Append).
   */
  constructor(clientOrConnectionString: EventStoreDBClient | string) {
    this.client =
      typeof clientOrConnectionString === 'string' ? clientFor(clientOrConnectionString) : clientOrConnectionString;
    forceClassicAppend(this.client);
  }

  /**
   * Asks the server its version before anything else: rejects with `UnsupportedServer` below the
   * supported floor, with `EventStoreUnavailable` when the server cannot be reached. Not part of the
   * port: the module runs it at boot.
   */
  async verify(): Promise<void> {
    await this.ready();
  }

  async append(stream: string, events: NewEvent[], expectedRevision: ExpectedRevision = ANY): Promise<AppendResult> {
    const payload = validateAppend(stream, events, expectedRevision).map((event) =>
      jsonEvent({
        id: storedEventId(event),
        type: event.type,
        data: event.data,
        metadata: event.metadata,
      }),
    );
    const ids = payload.map((event) => event.id);

    await this.ready();
    let result: ClientAppendResult;
    try {
      result = await this.onLeader(() =>
        // requires-leader: a follower would forward the write, adding a hop where an outcome can get lost.
        this.client.appendToStream(stream, payload, { expectedRevision: toClientExpected(expectedRevision), requiresLeader: true }),
      );
    } catch (error) {
      return this.afterFailedAppend(stream, ids, expectedRevision, error);
    }
    // Only when the client was built with throwOnAppendFailure=false; -1 then means "no stream".
    if (!result.success) {
      const actual = result.nextExpectedRevision < 0n ? 'no_stream' : result.nextExpectedRevision;
      throw new WrongExpectedVersion(stream, expectedRevision, toActual(actual));
    }

    const nextExpectedRevision = Number(result.nextExpectedRevision);
    // Some servers answer an idempotent retry without a position: look up the original one.
    const position = result.position
      ? Number(result.position.commit)
      : await this.positionOfRevision(stream, nextExpectedRevision);
    return { nextExpectedRevision, position };
  }

  /**
   * Each batch in turn, each with its own expected-revision check: a failure rejects the call and
   * leaves the batches before it written (callers that need more record their progress and resume).
   * Every batch is validated before the first is sent, so bad input writes nothing.
   */
  async appendStreams(batches: StreamBatch[]): Promise<AppendResult[]> {
    for (const batch of batches) validateAppend(batch.stream, batch.events, batch.expectedRevision);
    const results: AppendResult[] = [];
    for (const batch of batches) results.push(await this.append(batch.stream, batch.events, batch.expectedRevision));
    return results;
  }

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    const backwards = options.direction === 'backwards';
    const events = await this.readStreamEvents(stream, {
      direction: backwards ? BACKWARDS : FORWARDS,
      fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
      maxCount: options.maxCount,
    });
    return events === undefined ? { found: false, stream } : { found: true, stream, events };
  }

  /**
   * Reads `$all` in pages, because the server counts the system events we drop against maxCount.
   * Pages continue from the (commit, prepare) pair of the last event seen, and only events beyond
   * it in reading order are taken, so a transaction cut by a page boundary is neither lost nor
   * repeated. The server reads backwards from a position exclusively; the port's `fromPosition`
   * is inclusive both ways, so a backwards read first takes the events at that exact position.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const direction: Direction = backwards ? BACKWARDS : FORWARDS;
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const from = options.fromPosition;
    const found: RecordedEvent[] = [];
    if (maxCount <= 0) return found;

    await this.ready();
    let last: Position | undefined;
    const take = (raw: RawEvent[]) => {
      const fresh = raw.filter((event) => {
        if (last === undefined) return true;
        const order = comparePairs(rawPair(event), last);
        return backwards ? order < 0 : order > 0;
      });
      if (fresh.length > 0) last = rawPair(fresh[fresh.length - 1]);
      found.push(...userEvents(fresh));
    };

    try {
      if (backwards && from !== undefined) take((await this.eventsAtCommit(BigInt(from))).reverse());
      let cursor: ReadPosition = from === undefined ? (backwards ? END : START) : backwards ? afterPosition(from) : atPosition(from);
      while (found.length < maxCount) {
        const pageSize = Number.isFinite(maxCount) ? Math.max(maxCount - found.length, MIN_READ_ALL_PAGE) : undefined;
        const page = await this.readAllPage(direction, cursor, pageSize);
        take(page);
        if (pageSize === undefined || page.length < pageSize) break;

        const edge = rawPair(page[page.length - 1]);
        // Backwards, the next page starts before every event at edge.commit: a transaction cut by
        // this page would lose its older events, so take them now (prepare < commit: a transaction).
        if (backwards && edge.prepare < edge.commit) take((await this.eventsAtCommit(edge.commit)).reverse());
        const next = backwards ? afterPosition(Number(edge.commit)) : edge;
        if (typeof cursor === 'object' && comparePairs(next, cursor) === 0) break;
        cursor = next;
      }
    } catch (error) {
      throw this.readFailure('read $all', error);
    }
    return found.slice(0, maxCount);
  }

  subscribeToAll(options: SubscribeToAllOptions): Subscription {
    const inner = resilientSubscription(options, (checkpoint, inclusive) => this.connectToAll(checkpoint, inclusive));
    const subscription: Subscription = {
      get checkpoint() {
        return inner.checkpoint;
      },
      get handledAtCheckpoint() {
        return inner.handledAtCheckpoint;
      },
      stop: async () => {
        await inner.stop();
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Whether a leader answers, the server's version, and the position of the last user event (a
   * bounded backwards read of `$all`), within HEALTH_TIMEOUT_MS whatever the server does. A server
   * below the floor, or credentials it refuses, is reachable but unusable.
   */
  async health(): Promise<EventStoreHealth> {
    const run: HealthRun = { abandoned: false, reads: [] };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
    });
    try {
      return await Promise.race([this.checkHealth(run), timeout]);
    } catch (error) {
      run.abandoned = true;
      for (const read of run.reads) void read.cancel().catch(() => undefined);
      if (error instanceof AccessDenied) return { reachable: true, adapter: 'eventstoredb', unusable: error.message, detail: error.message };
      return { reachable: false, adapter: 'eventstoredb', detail: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  // --- The server: version, leader, failures ------------------------------------------------------

  /** Throws `UnsupportedServer` below the floor, `EventStoreUnavailable` when the server cannot be asked. */
  private async ready(): Promise<ServerVerdict> {
    const verdict = await this.serverVerdict();
    if (verdict.unsupported) {
      // Asked again next time: the server may be upgraded while this process runs.
      this.forgetServer();
      throw new UnsupportedServer(verdict.unsupported);
    }
    return verdict;
  }

  private serverVerdict(): Promise<ServerVerdict> {
    if (!this.verdict) {
      const asking = askServerFeatures(this.client, SERVER_FEATURES_DEADLINE_MS).then(
        (answer) => judgeServerVersion(answer.version),
        (error: unknown) => {
          const failure = classify(error);
          if (failure.kind === 'access-denied') throw new AccessDenied(`EventStoreDB refused to tell its version: ${failure.message}`);
          throw new EventStoreUnavailable(`EventStoreDB could not be reached: ${describe(error)}`, { cause: error });
        },
      );
      this.verdict = asking;
      // A failed question is not an answer: the next operation asks again.
      asking.catch(() => {
        if (this.verdict === asking) this.verdict = undefined;
      });
    }
    return this.verdict;
  }

  /** After a failed call the client may reconnect (to another node, maybe another version): ask again. */
  private forgetServer(): void {
    this.verdict = undefined;
  }

  /** Runs a call; when the node answers NotLeader (it did nothing), once more on the leader the client now connects to. */
  private async onLeader<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (classify(error).kind !== 'not-leader') throw error;
      this.forgetServer();
      await clientReconnected();
      await this.ready();
      return call();
    }
  }

  private readFailure(operation: string, error: unknown, stream?: string): EventStoreError {
    if (error instanceof EventStoreError) return error;
    const failure = classify(error);
    if (failure.kind === 'stream-deleted') return new StreamDeleted(stream ?? '$all');
    if (failure.kind === 'access-denied') return new AccessDenied(`EventStoreDB refused to ${operation}: ${failure.message}`);
    this.forgetServer();
    return new EventStoreUnavailable(`EventStoreDB could not ${operation}: ${describe(error)}`, { cause: error });
  }

  // --- Appends that failed ------------------------------------------------------------------------

  private async afterFailedAppend(stream: string, ids: string[], expected: ExpectedRevision, error: unknown): Promise<AppendResult> {
    if (error instanceof EventStoreError) throw error;
    const failure = classify(error);
    switch (failure.kind) {
      case 'wrong-expected-version':
        throw new WrongExpectedVersion(stream, expected, toActual(failure.error.actualVersion));
      case 'invalid':
        throw new InvalidAppend(`EventStoreDB refused the append to "${stream}": ${failure.message}`);
      case 'stream-deleted':
        throw await this.refusedAsDeleted(stream, expected);
      case 'access-denied':
        throw new AccessDenied(`EventStoreDB refused the append to "${stream}": ${failure.message}`);
      case 'not-leader':
        this.forgetServer();
        throw new EventStoreUnavailable(
          `The append to "${stream}" reached a node that is not the leader twice (a leader election is under way); nothing was written`,
        );
      case 'stream-not-found':
      case 'unclear':
        return this.resolveUnclearAppend(stream, ids, expected, describe(error));
    }
  }

  /**
   * The call failed after the server may have written the events. The stream is read back from
   * the leader: the batch's ids there mean it was written (and the server would answer a retry
   * idempotently anyway); their absence means it was not.
   */
  private async resolveUnclearAppend(stream: string, ids: string[], expected: ExpectedRevision, cause: string): Promise<AppendResult> {
    this.forgetServer();
    await clientReconnected();
    let written: AppendResult | undefined;
    try {
      written = await this.findBatch(stream, ids, expected);
    } catch (readError) {
      if (readError instanceof StreamDeleted) throw readError;
      throw new EventStoreUnavailable(
        `The append to "${stream}" got no answer (${cause}) and the stream could not be read back (${describe(readError)}): ` +
          'it may have been written; a retry with the same event ids is written at most once',
      );
    }
    if (written) return written;
    throw new EventStoreUnavailable(
      `The append to "${stream}" failed (${cause}) and its events are not in the stream on the leader: nothing was written; ` +
        'retry with the same event ids (the server writes them at most once)',
    );
  }

  /** The batch's result if its ids are in the stream, in order, where the expectation put them. */
  private async findBatch(stream: string, ids: string[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
    const wanted = ids.map((id) => id.toLowerCase());
    const candidates =
      typeof expected === 'number'
        ? await this.readStreamEvents(stream, { direction: FORWARDS, fromRevision: BigInt(expected + 1), maxCount: ids.length })
        : expected === NO_STREAM
          ? // After a soft delete the first visible event is where a NO_STREAM append writes.
            await this.readStreamEvents(stream, { direction: FORWARDS, fromRevision: START, maxCount: ids.length })
          : await this.readBackUntil(stream, wanted[0]);
    if (!candidates) return undefined;
    const start = candidates.findIndex((event) => event.id.toLowerCase() === wanted[0]);
    const batch = start < 0 ? [] : candidates.slice(start, start + wanted.length);
    if (batch.length !== wanted.length || batch.some((event, i) => event.id.toLowerCase() !== wanted[i])) return undefined;
    const last = batch[batch.length - 1];
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  /** The stream's newest events, oldest first, back to the one with `id` (bounded by READ_BACK_LIMIT). */
  private async readBackUntil(stream: string, id: string): Promise<RecordedEvent[] | undefined> {
    const newestFirst: RecordedEvent[] = [];
    let from: ReadRevision = END;
    while (newestFirst.length < READ_BACK_LIMIT) {
      const page = await this.readStreamEvents(stream, { direction: BACKWARDS, fromRevision: from, maxCount: READ_BACK_PAGE });
      if (!page) return newestFirst.length > 0 ? newestFirst.reverse() : undefined;
      newestFirst.push(...page);
      const oldest = page[page.length - 1];
      if (page.length < READ_BACK_PAGE || !oldest || oldest.revision === 0 || page.some((event) => event.id.toLowerCase() === id)) break;
      from = BigInt(oldest.revision - 1);
    }
    return newestFirst.reverse();
  }

  /**
   * The server refuses a STREAM_EXISTS append to a soft-deleted stream as "deleted"
   * (IndexWriter.CheckCommit, KurrentDB 24.10), though that stream reads as not found and takes
   * appends again: to the writer its expectation failed. Only a tombstoned stream is StreamDeleted.
   */
  private async refusedAsDeleted(stream: string, expected: ExpectedRevision): Promise<EventStoreError> {
    if (expected !== STREAM_EXISTS) return new StreamDeleted(stream);
    try {
      const read = await this.readStreamEvents(stream, { direction: BACKWARDS, fromRevision: END, maxCount: 1 });
      return read === undefined ? new WrongExpectedVersion(stream, expected, 'no_stream') : new StreamDeleted(stream);
    } catch (error) {
      if (error instanceof StreamDeleted) return error;
      return new EventStoreUnavailable(`The append to "${stream}" was refused as deleted, and the stream could not be read: ${describe(error)}`);
    }
  }

  private async positionOfRevision(stream: string, revision: number): Promise<number> {
    const events = await this.readStreamEvents(stream, { direction: FORWARDS, fromRevision: BigInt(revision), maxCount: 1 });
    if (!events || events.length === 0) {
      throw new EventStoreUnavailable(`Append to "${stream}" succeeded but revision ${revision} cannot be read back`);
    }
    return events[0].position;
  }

  // --- Reads ----------------------------------------------------------------------------------------

  /** A stream's user events from the leader; undefined when the stream does not exist (or was soft-deleted). */
  private async readStreamEvents(
    stream: string,
    options: { direction: Direction; fromRevision: ReadRevision; maxCount?: number },
  ): Promise<RecordedEvent[] | undefined> {
    await this.ready();
    try {
      const resolved = await this.onLeader(() => collect(this.client.readStream(stream, { ...options, requiresLeader: true })));
      return userEvents(resolved);
    } catch (error) {
      if (!(error instanceof EventStoreError) && classify(error).kind === 'stream-not-found') return undefined;
      throw this.readFailure(`read stream "${stream}"`, error, stream);
    }
  }

  /** One page of `$all`; `fromLeader`: refused by a follower (NotLeader), for answers a lagging replica would get wrong. */
  private async readAllPage(
    direction: Direction,
    fromPosition: ReadPosition,
    maxCount?: number,
    { fromLeader = false, run }: { fromLeader?: boolean; run?: HealthRun } = {},
  ): Promise<AllStreamResolvedEvent[]> {
    if (run?.abandoned) throw new Error('abandoned');
    const read = this.client.readAll({ direction, fromPosition, maxCount, requiresLeader: fromLeader });
    run?.reads.push(read);
    return collect(read);
  }

  /** Every event at commit position `commit` (several when they were one explicit transaction), in order. */
  private async eventsAtCommit(commit: bigint): Promise<AllStreamResolvedEvent[]> {
    const at: AllStreamResolvedEvent[] = [];
    let cursor: Position = { commit, prepare: 0n };
    for (;;) {
      const page = await this.readAllPage(FORWARDS, cursor, MIN_READ_ALL_PAGE);
      // A continuation starts at the last event taken: skip it.
      const fresh = at.length === 0 ? page : page.filter((event) => comparePairs(rawPair(event), cursor) > 0);
      const here = fresh.filter((event) => rawPosition(event) === commit);
      at.push(...here);
      if (here.length === 0 || here.length < fresh.length || page.length < MIN_READ_ALL_PAGE) return at;
      cursor = rawPair(here[here.length - 1]);
    }
  }

  private async checkHealth(run: HealthRun): Promise<EventStoreHealth> {
    const verdict = await this.serverVerdict();
    if (verdict.unsupported) {
      return { reachable: true, adapter: 'eventstoredb', serverVersion: verdict.version, unusable: verdict.unsupported, detail: verdict.unsupported };
    }
    const lastPosition = await this.onLeader(() => this.lastUserPosition(run)).catch((error: unknown) => {
      throw this.readFailure('read the end of $all', error);
    });
    const detail =
      lastPosition === undefined
        ? `no user event among the last ${HEALTH_SCAN_PAGE * HEALTH_SCAN_PAGES} events of $all`
        : `last user event at position ${lastPosition}`;
    return { reachable: true, adapter: 'eventstoredb', serverVersion: verdict.version, lastPosition, detail };
  }

  /**
   * Position of the newest user event, read backwards from the end of `$all` from the leader (a
   * restart leaves system events at the tail). 0 when the log holds none; undefined when none is
   * among the last HEALTH_SCAN_PAGES pages (6.2.1 cannot filter a read of `$all` on the server).
   */
  private async lastUserPosition(run: HealthRun): Promise<number | undefined> {
    let cursor: ReadPosition = END;
    for (let pages = 0; pages < HEALTH_SCAN_PAGES; pages++) {
      const page = await this.readAllPage(BACKWARDS, cursor, HEALTH_SCAN_PAGE, { fromLeader: true, run });
      const [newest] = userEvents(page);
      if (newest) return newest.position;
      if (page.length < HEALTH_SCAN_PAGE) return 0;
      cursor = afterPosition(Number(rawPosition(page[page.length - 1])));
    }
    return undefined;
  }

  // --- Subscriptions --------------------------------------------------------------------------------

  /**
   * One server subscription; the resilient wrapper reconnects it when it drops. From `checkpoint`
   * inclusive: (c, 0), before every event at c; exclusive: (c, c), after all of them.
   */
  private connectToAll(checkpoint: number | undefined, inclusive: boolean): SubscriptionConnection {
    const state: ConnectionState = { closed: false, wake: () => undefined };
    const closing = new Promise<'closed'>((resolve) => (state.wake = () => resolve('closed')));
    return {
      items: this.subscriptionItems(checkpoint, inclusive, state, closing),
      close: async () => {
        state.closed = true;
        state.wake();
        const subscription = state.subscription;
        if (!subscription) return;
        await subscription.unsubscribe().catch(() => undefined);
        subscription.destroy();
      },
    };
  }

  private async *subscriptionItems(checkpoint: number | undefined, inclusive: boolean, state: ConnectionState, closing: Promise<'closed'>) {
    await Promise.race([this.checkBeforeSubscribing(checkpoint), closing]);
    if (state.closed) return;
    const fromPosition =
      checkpoint === undefined || (inclusive && checkpoint === 0) ? START : inclusive ? atPosition(checkpoint) : afterPosition(checkpoint);
    const subscription = this.client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
    state.subscription = subscription;
    yield* feed(subscription, (error) => this.subscriptionFailure(error, checkpoint));
  }

  private async checkBeforeSubscribing(checkpoint: number | undefined): Promise<void> {
    await this.ready();
    if (checkpoint === undefined) return;
    const problem = await this.checkpointProblem(checkpoint);
    if (problem) throw problem;
  }

  /**
   * A checkpoint must be the commit position of an event of this `$all`. The server would wait
   * silently for one beyond the end (it goes live and skips up to it) and fails a read from inside
   * a record with INVALID_ARGUMENT "invalid position" (StorageReaderWorker, KurrentDB 24.10).
   * Asked of the leader: a lagging follower would call a recent checkpoint "beyond the end".
   */
  private async checkpointProblem(checkpoint: number): Promise<CheckpointNotInLog | undefined> {
    if (!Number.isSafeInteger(checkpoint) || checkpoint < 0) return new CheckpointNotInLog(checkpoint, 'not-an-event', await this.logEnd());
    try {
      const [first] = await this.onLeader(() => this.readAllPage(FORWARDS, atPosition(checkpoint), 1, { fromLeader: true }));
      if (first && rawPosition(first) === BigInt(checkpoint)) return undefined;
      return new CheckpointNotInLog(checkpoint, first ? 'not-an-event' : 'beyond-end', await this.logEnd());
    } catch (error) {
      if (isInvalidPosition(error)) return new CheckpointNotInLog(checkpoint, 'not-an-event', await this.logEnd());
      throw this.readFailure('read $all at the checkpoint', error);
    }
  }

  /** Position of the last event of `$all`, system events included, for messages; undefined if unknown. */
  private async logEnd(): Promise<number | undefined> {
    try {
      const [last] = await this.onLeader(() => this.readAllPage(BACKWARDS, END, 1, { fromLeader: true }));
      return last ? Number(rawPosition(last)) : undefined;
    } catch {
      return undefined;
    }
  }

  private subscriptionFailure(error: Error, checkpoint: number | undefined): Error {
    if (error instanceof EventStoreError) return error;
    if (checkpoint !== undefined && isInvalidPosition(error)) return new CheckpointNotInLog(checkpoint, 'not-an-event', undefined);
    const failure = classify(error);
    if (failure.kind === 'access-denied') return new AccessDenied(`EventStoreDB refused the subscription to $all: ${failure.message}`);
    this.forgetServer();
    return new EventStoreUnavailable(`The subscription to $all was dropped: ${describe(error)}`, { cause: error });
  }
}

interface HealthRun {
  abandoned: boolean;
  reads: { cancel(): Promise<void> }[];
}

interface ConnectionState {
  closed: boolean;
  wake: () => void;
  subscription?: AllStreamSubscription;
}

/** The client for a connection string, parsed exactly as the configuration validated it. */
function clientFor(connectionString: string): EventStoreDBClient {
  const problem = eventStoreConnectionProblem(connectionString);
  const translated = eventStoreClientConnectionString(connectionString);
  if (problem || translated === undefined) throw new Error(problem ?? 'EVENTSTORE_CONNECTION_STRING is not a connection string');
  return EventStoreDBClient.connectionString(translated);
}

/**
 * After a call fails with UNAVAILABLE, CANCELLED or NotLeader, the client drops its channel (and
 * notes the leader it was told of) in `handleError`, which it starts without awaiting, and which
 * finishes after one await. A macrotask later it is done: the next call uses the new connection.
 */
function clientReconnected(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}


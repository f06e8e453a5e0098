import {
  AllStreamResolvedEvent,
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  ReadPosition,
  START,
  StreamNotFoundError,
  StreamingRead,
  WrongExpectedVersionError,
  excludeSystemEvents,
  jsonEvent,
} from '@eventstore/db-client';
import { eventStoreClientConnectionString, eventStoreConnectionProblem } from '../../config/app-config';
import { storedEventId, validateAppend } from '../append-validation';
import { EventStoreUnavailable, InvalidAppend, WrongExpectedVersion } from '../event-store.errors';
import {
  ANY,
  AppendResult,
  EventStore,
  EventStoreHealth,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  RecordedEvent,
  SubscribeToAllOptions,
  Subscription,
} from '../event-store.port';
import { SubscriptionConnection, resilientSubscription } from '../resilient-subscription';
import {
  afterPosition,
  atPosition,
  collect,
  describe,
  rawPosition,
  toActual,
  toClientExpected,
  toPosition,
  unavailable,
  userEvents,
} from './client-mapping';
import { feed } from './subscription-feed';

/** Smallest page `readAll` asks for, so a run of system events does not cost a round trip each. */
const MIN_READ_ALL_PAGE = 100;
const HEALTH_TIMEOUT_MS = 5_000;

/**
 * The event-store port on EventStoreDB, through the official gRPC client.
 *
 * Positions: the port's global position is EventStoreDB's commit position. Events appended
 * through gRPC are committed implicitly, so each has commit = prepare = its own log position, and
 * we resume reads and subscriptions with `{ commit: p, prepare: p }`.
 *
 * System events (types or streams starting with '$', link events) never leave this adapter: the
 * domain only sees its own events, as with the embedded store.
 */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly subscriptions = new Set<Subscription>();

  /** Connects lazily: the client opens its channel on the first call. */
  static fromConnectionString(connectionString: string): EventStoreDbEventStore {
    return new EventStoreDbEventStore(connectionString);
  }

  /**
   * Takes a connection string (esdb://, esdb+discover://, kurrentdb://, ... as the configuration
   * accepts it) or a ready client.
   */
  constructor(clientOrConnectionString: EventStoreDBClient | string) {
    this.client =
      typeof clientOrConnectionString === 'string' ? clientFor(clientOrConnectionString) : clientOrConnectionString;
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

    let result;
    try {
      result = await this.client.appendToStream(stream, payload, { expectedRevision: toClientExpected(expectedRevision) });
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedVersion(stream, expectedRevision, toActual(error.actualVersion));
      }
      if (error instanceof MaxAppendSizeExceededError) throw new InvalidAppend(error.message);
      throw unavailable(`append to "${stream}"`, error);
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

  async readStream(stream: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    const backwards = options.direction === 'backwards';
    try {
      const resolved = await collect(
        this.client.readStream(stream, {
          direction: backwards ? BACKWARDS : FORWARDS,
          fromRevision: options.fromRevision !== undefined ? BigInt(options.fromRevision) : backwards ? END : START,
          maxCount: options.maxCount,
        }),
      );
      return { found: true, stream, events: userEvents(resolved) };
    } catch (error) {
      if (error instanceof StreamNotFoundError) return { found: false, stream };
      throw unavailable(`read stream "${stream}"`, error);
    }
  }

  /**
   * Reads `$all` in pages, because the server counts the system events we drop against maxCount.
   * EventStoreDB reads backwards from a position exclusively; the port's `fromPosition` is
   * inclusive both ways, so a backwards read first fetches the event at that exact position.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
    const from = options.fromPosition;
    const found: RecordedEvent[] = [];
    if (maxCount <= 0) return found;

    try {
      if (backwards && from !== undefined) {
        const [atFrom] = await this.readAllPage(FORWARDS, toPosition(from), 1);
        if (atFrom && rawPosition(atFrom) === BigInt(from)) found.push(...userEvents([atFrom]));
      }

      let cursor: ReadPosition = from !== undefined ? toPosition(from) : backwards ? END : START;
      // Forwards reads include the cursor, so a continuation must skip what it has already seen.
      let seenUpTo: bigint | undefined;
      while (found.length < maxCount) {
        const pageSize = Number.isFinite(maxCount) ? Math.max(maxCount - found.length, MIN_READ_ALL_PAGE) : undefined;
        const page = await this.readAllPage(backwards ? BACKWARDS : FORWARDS, cursor, pageSize);
        const fresh = seenUpTo === undefined ? page : page.filter((raw) => rawPosition(raw) > (seenUpTo as bigint));
        found.push(...userEvents(fresh));
        if (pageSize === undefined || page.length < pageSize || fresh.length === 0) break;

        const last = rawPosition(page[page.length - 1]);
        cursor = { commit: last, prepare: last };
        if (!backwards) seenUpTo = last;
      }
    } catch (error) {
      throw unavailable('read $all', error);
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

  /** One cheap read of the end of `$all`, bounded in time, since the client reads without a deadline. */
  async health(): Promise<EventStoreHealth> {
    let read: StreamingRead<AllStreamResolvedEvent> | undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      read = this.client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 });
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${HEALTH_TIMEOUT_MS} ms`)), HEALTH_TIMEOUT_MS);
      });
      const [last] = await Promise.race([collect(read), timeout]);
      const lastPosition = last ? Number(rawPosition(last)) : 0;
      return { reachable: true, adapter: 'eventstoredb', lastPosition, detail: `$all ends at position ${lastPosition}` };
    } catch (error) {
      void read?.cancel().catch(() => undefined);
      return { reachable: false, adapter: 'eventstoredb', detail: describe(error) };
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  /**
   * One server subscription; the resilient wrapper reconnects it when it drops. From `checkpoint`
   * inclusive: (c, 0), before every event at c; exclusive: (c, c), after all of them.
   */
  private connectToAll(checkpoint: number | undefined, inclusive: boolean): SubscriptionConnection {
    const fromPosition =
      checkpoint === undefined || (inclusive && checkpoint === 0) ? START : inclusive ? atPosition(checkpoint) : afterPosition(checkpoint);
    const subscription = this.client.subscribeToAll({ fromPosition, filter: excludeSystemEvents() });
    return {
      items: feed(subscription),
      close: async () => {
        await subscription.unsubscribe().catch(() => undefined);
        subscription.destroy();
      },
    };
  }

  private async readAllPage(direction: typeof FORWARDS | typeof BACKWARDS, fromPosition: ReadPosition, maxCount?: number) {
    return collect(this.client.readAll({ direction, fromPosition, maxCount }));
  }

  private async positionOfRevision(stream: string, revision: number): Promise<number> {
    const read = await this.readStream(stream, { fromRevision: revision, maxCount: 1 });
    if (!read.found || read.events.length === 0) {
      throw new EventStoreUnavailable(`Append to "${stream}" succeeded but revision ${revision} cannot be read back`);
    }
    return read.events[0].position;
  }
}

/** The client for a connection string, parsed exactly as the configuration validated it. */
function clientFor(connectionString: string): EventStoreDBClient {
  const problem = eventStoreConnectionProblem(connectionString);
  const translated = eventStoreClientConnectionString(connectionString);
  if (problem || translated === undefined) throw new Error(problem ?? 'EVENTSTORE_CONNECTION_STRING is not a connection string');
  return EventStoreDBClient.connectionString(translated);
}

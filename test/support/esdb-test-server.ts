import * as grpc from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { randomUUID } from 'node:crypto';

/** An event as the test server keeps it. */
export interface StoredEvent {
  id: string;
  stream: string;
  type: string;
  contentType: string;
  revision: number;
  position: number;
  data: Uint8Array;
  metadata: Uint8Array;
  /** .NET ticks (100 ns) since the Unix epoch, as EventStoreDB sends `created`. */
  created: string;
}

/** Where a subscription asked to start: after a position, or at the start or end of `$all`. */
export type SubscriptionStart = number | 'start' | 'end';

type ReadCall = grpc.ServerWritableStream<ReadReq, ReadResp>;
type AppendCall = grpc.ServerReadableStream<AppendReq, AppendResp>;

interface LiveSubscription {
  call: ReadCall;
  matches(event: StoredEvent): boolean;
}

export interface EsdbTestServerOptions {
  /**
   * Answer idempotent re-appends with NoPosition, as EventStoreDB versions do that report their
   * commit position as -1.
   */
  idempotentAppendsWithoutPosition?: boolean;
}

/** Bytes a record "takes" in the log besides its payload, so positions look like byte offsets. */
const RECORD_OVERHEAD = 97;

/**
 * An in-process server speaking EventStoreDB's Streams gRPC protocol, with an in-memory log, for
 * testing the EventStoreDB adapter through the official client without a real server.
 *
 * Mirrors the server where the client can tell: revisions per stream, commit = prepare positions
 * that grow like byte offsets, idempotent re-appends, StreamNotFound, wrong-expected-version
 * details, `$all` reads (backwards from a position is exclusive, as on EventStoreDB), catch-up
 * subscriptions to `$all` (confirmation, history after the position, caught-up, then live), and
 * event-type / stream-name filters. Like a fresh EventStoreDB, the log starts with system events.
 *
 * Not served: stream subscriptions, deletes, BatchAppend and ServerFeatures (the client then
 * falls back to the classic streaming Append).
 */
export class EsdbTestServer {
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly live = new Set<LiveSubscription>();
  private nextPosition = 0;
  private server: grpc.Server | undefined;
  private eventsBeforeDrop: number | undefined;

  /** Every subscription request received, in order: lets tests check where resubscriptions resumed. */
  readonly subscriptionStarts: SubscriptionStart[] = [];

  constructor(private readonly config: EsdbTestServerOptions = {}) {
    this.write('$$$scavenges', '$metadata', { $maxAge: 2592000 });
    this.write('$projections-$all', '$ProjectionsInitialized', {});
  }

  async start(): Promise<{ port: number; connectionString: string }> {
    const server = new grpc.Server();
    server.addService(StreamsService, {
      read: (call: ReadCall) => this.read(call),
      append: (call: AppendCall, callback: grpc.sendUnaryData<AppendResp>) => this.append(call, callback),
    });
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
        error ? reject(error) : resolve(boundPort),
      ),
    );
    this.server = server;
    return { port, connectionString: `esdb://127.0.0.1:${port}?tls=false` };
  }

  async stop(): Promise<void> {
    this.live.clear();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /** Fault injection: ends every live subscription call with UNAVAILABLE, as a server restart would. */
  dropSubscriptions(): number {
    const dropped = [...this.live];
    dropped.forEach((subscription) => this.drop(subscription));
    return dropped.length;
  }

  /**
   * Fault injection: completes every live subscription call normally (status OK). A subscription
   * never ends on a real server, so a client must treat this as a drop too.
   */
  endSubscriptions(): number {
    const ended = [...this.live];
    this.live.clear();
    ended.forEach((subscription) => subscription.call.end());
    return ended.length;
  }

  /**
   * Fault injection, mid-stream: after `n` more events have been sent to subscriptions (catch-up
   * or live), the subscription about to receive the next one is dropped with UNAVAILABLE instead.
   * One-shot.
   */
  dropSubscriptionsAfter(n: number): void {
    this.eventsBeforeDrop = n;
  }

  /** Subscriptions currently past catch-up and receiving live appends. */
  get liveSubscriptions(): number {
    return this.live.size;
  }

  /** Everything in the log, system events included, in position order. */
  get events(): readonly StoredEvent[] {
    return this.log;
  }

  // --- Append ---------------------------------------------------------------------------------

  private append(call: AppendCall, callback: grpc.sendUnaryData<AppendResp>): void {
    let options: AppendReq.Options | undefined;
    const proposed: AppendReq.ProposedMessage[] = [];
    call.on('data', (request: AppendReq) => {
      if (request.hasOptions()) options = request.getOptions();
      const message = request.getProposedMessage();
      if (message) proposed.push(message);
    });
    call.on('end', () => {
      if (!options) return callback(serviceError(grpc.status.INVALID_ARGUMENT, 'append without options'));
      callback(null, this.appendBatch(options, proposed));
    });
  }

  private appendBatch(options: AppendReq.Options, proposed: AppendReq.ProposedMessage[]): AppendResp {
    const stream = streamName(options.getStreamIdentifier());
    const existing = this.streams.get(stream) ?? [];
    const last = existing.length - 1;
    const response = new AppendResp();

    const replayed = findReplay(existing, proposed.map(proposedId), options);
    if (replayed) {
      const result = success(replayed);
      if (this.config.idempotentAppendsWithoutPosition) result.setNoPosition(new Empty());
      return response.setSuccess(result);
    }

    const holds = options.hasAny()
      ? true
      : options.hasNoStream()
        ? last === -1
        : options.hasStreamExists()
          ? last >= 0
          : Number(options.getRevision()) === last;
    if (!holds) return response.setWrongExpectedVersion(wrongExpectedVersion(options, last));

    let stored: StoredEvent | undefined;
    for (const message of proposed) {
      const metadata = message.getMetadataMap();
      stored = this.write(stream, metadata.get('type') ?? '', message.getData_asU8(), {
        id: proposedId(message),
        contentType: metadata.get('content-type') ?? 'application/octet-stream',
        metadata: message.getCustomMetadata_asU8(),
      });
    }
    if (!stored) return response.setSuccess(new AppendResp.Success().setNoStream(new Empty()).setNoPosition(new Empty()));
    return response.setSuccess(success(stored));
  }

  private write(
    stream: string,
    type: string,
    data: Uint8Array | object,
    extra: { id?: string; contentType?: string; metadata?: Uint8Array } = {},
  ): StoredEvent {
    const events = this.streams.get(stream) ?? [];
    this.streams.set(stream, events);
    const bytes = data instanceof Uint8Array ? data : Buffer.from(JSON.stringify(data));
    const metadata = extra.metadata ?? new Uint8Array();
    const event: StoredEvent = {
      id: extra.id ?? randomUUID(),
      stream,
      type,
      contentType: extra.contentType ?? 'application/json',
      revision: events.length,
      position: this.nextPosition,
      data: bytes,
      metadata,
      created: String(BigInt(Date.now()) * 10_000n),
    };
    this.nextPosition += RECORD_OVERHEAD + stream.length + type.length + bytes.length + metadata.length;
    events.push(event);
    this.log.push(event);
    for (const subscription of [...this.live]) {
      if (subscription.matches(event)) this.send(subscription, event);
    }
    return event;
  }

  // --- Read -----------------------------------------------------------------------------------

  private read(call: ReadCall): void {
    const options = call.request.getOptions();
    if (!options) return fail(call, grpc.status.INVALID_ARGUMENT, 'read without options');
    if (options.hasSubscription()) {
      if (!options.hasAll()) return fail(call, grpc.status.UNIMPLEMENTED, 'only $all subscriptions are served');
      return this.subscribe(call, options);
    }
    const count = Number(options.getCount());
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    const streamOptions = options.getStream();
    if (streamOptions) {
      const stream = streamName(streamOptions.getStreamIdentifier());
      const events = this.streams.get(stream);
      if (!events || events.length === 0) {
        const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamOptions.getStreamIdentifier());
        call.write(new ReadResp().setStreamNotFound(notFound));
        return void call.end();
      }
      const at = streamOptions.hasStart() ? 0 : streamOptions.hasEnd() ? events.length - 1 : Number(streamOptions.getRevision());
      const page = backwards
        ? events.slice(0, Math.min(at, events.length - 1) + 1).reverse()
        : streamOptions.hasEnd()
          ? []
          : events.slice(at);
      page.slice(0, count).forEach((event) => call.write(eventResponse(event)));
      return void call.end();
    }

    const all = options.getAll();
    if (!all) return fail(call, grpc.status.INVALID_ARGUMENT, 'read of neither a stream nor $all');
    const matches = filterOf(options);
    const from = Number(all.getPosition()?.getCommitPosition() ?? 0);
    const page = backwards
      ? this.log.filter((event) => all.hasEnd() || (all.hasPosition() && event.position < from)).reverse()
      : this.log.filter((event) => all.hasStart() || (all.hasPosition() && event.position >= from));
    page
      .filter(matches)
      .slice(0, count)
      .forEach((event) => call.write(eventResponse(event)));
    call.end();
  }

  /** Sends history after the requested position, then caught-up, then goes live: no await in between, so no gap. */
  private subscribe(call: ReadCall, options: ReadReq.Options): void {
    const all = options.getAll() as ReadReq.Options.AllOptions;
    const after = all.hasPosition() ? Number(all.getPosition()?.getCommitPosition()) : undefined;
    this.subscriptionStarts.push(after ?? (all.hasEnd() ? 'end' : 'start'));

    const subscription: LiveSubscription = { call, matches: filterOf(options) };
    call.on('cancelled', () => this.live.delete(subscription));
    call.write(new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));

    const history = all.hasEnd() ? [] : this.log.filter((event) => after === undefined || event.position > after);
    for (const event of history) {
      if (subscription.matches(event) && !this.send(subscription, event)) return;
    }
    call.write(new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    this.live.add(subscription);
  }

  /** Sends one event, unless an armed fault drops the subscription instead. Returns whether it is still open. */
  private send(subscription: LiveSubscription, event: StoredEvent): boolean {
    if (this.eventsBeforeDrop !== undefined) {
      if (this.eventsBeforeDrop === 0) {
        this.eventsBeforeDrop = undefined;
        this.drop(subscription);
        return false;
      }
      this.eventsBeforeDrop -= 1;
    }
    subscription.call.write(eventResponse(event));
    return true;
  }

  private drop(subscription: LiveSubscription): void {
    this.live.delete(subscription);
    fail(subscription.call, grpc.status.UNAVAILABLE, 'test server dropped the subscription');
  }
}

// --- Protocol helpers -----------------------------------------------------------------------------

function streamName(identifier: StreamIdentifier | undefined): string {
  return Buffer.from(identifier?.getStreamName_asU8() ?? new Uint8Array()).toString('utf8');
}

function proposedId(message: AppendReq.ProposedMessage): string {
  return (message.getId()?.getString() ?? randomUUID()).toLowerCase();
}

/**
 * EventStoreDB's idempotency: the batch is a retry if its ids are already stored, in order, where
 * the expectation says they would have gone (right after the expected revision, or, for ANY and
 * STREAM_EXISTS, wherever the first id sits). Returns the retried batch's last event.
 */
function findReplay(existing: StoredEvent[], ids: string[], options: AppendReq.Options): StoredEvent | undefined {
  const first = options.hasNoStream()
    ? 0
    : options.hasRevision()
      ? Number(options.getRevision()) + 1
      : existing.findIndex((event) => event.id === ids[0]);
  if (first < 0 || ids.length === 0 || first + ids.length > existing.length) return undefined;
  const stored = existing.slice(first, first + ids.length);
  return stored.every((event, i) => event.id === ids[i]) ? stored[stored.length - 1] : undefined;
}

function success(last: StoredEvent): AppendResp.Success {
  const position = new AppendResp.Position()
    .setCommitPosition(String(last.position))
    .setPreparePosition(String(last.position));
  return new AppendResp.Success().setCurrentRevision(String(last.revision)).setPosition(position);
}

function wrongExpectedVersion(options: AppendReq.Options, last: number): AppendResp.WrongExpectedVersion {
  const details = new AppendResp.WrongExpectedVersion();
  if (last >= 0) details.setCurrentRevision(String(last));
  else details.setCurrentNoStream(new Empty());
  if (options.hasRevision()) details.setExpectedRevision(options.getRevision());
  else if (options.hasNoStream()) details.setExpectedNoStream(new Empty());
  else if (options.hasStreamExists()) details.setExpectedStreamExists(new Empty());
  else details.setExpectedAny(new Empty());
  return details;
}

/** The event-type or stream-name filter of a read, as EventStoreDB applies it (regex or prefixes). */
function filterOf(options: ReadReq.Options): (event: StoredEvent) => boolean {
  const filter = options.getFilter();
  if (!filter) return () => true;
  const onType = filter.hasEventType();
  const expression = onType ? filter.getEventType() : filter.getStreamIdentifier();
  if (!expression) return () => true;
  const regex = expression.getRegex() ? new RegExp(expression.getRegex()) : undefined;
  const prefixes = expression.getPrefixList();
  return (event) => {
    const subject = onType ? event.type : event.stream;
    return regex ? regex.test(subject) : prefixes.some((prefix) => subject.startsWith(prefix));
  };
}

function eventResponse(event: StoredEvent): ReadResp {
  const record = new ReadResp.ReadEvent.RecordedEvent()
    .setId(new UUID().setString(event.id))
    .setStreamIdentifier(new StreamIdentifier().setStreamName(Buffer.from(event.stream, 'utf8')))
    .setStreamRevision(String(event.revision))
    .setPreparePosition(String(event.position))
    .setCommitPosition(String(event.position))
    .setData(event.data)
    .setCustomMetadata(event.metadata);
  record.getMetadataMap().set('type', event.type).set('content-type', event.contentType).set('created', event.created);
  const readEvent = new ReadResp.ReadEvent().setEvent(record).setCommitPosition(String(event.position));
  return new ReadResp().setEvent(readEvent);
}

function serviceError(code: grpc.status, details: string): grpc.ServiceError {
  return Object.assign(new Error(details), { code, details, metadata: new grpc.Metadata() });
}

/** Ends a server-streaming call with an error status, after the messages already written. */
function fail(call: ReadCall, code: grpc.status, details: string): void {
  call.emit('error', serviceError(code, details));
}

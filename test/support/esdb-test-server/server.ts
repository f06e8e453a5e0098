import * as grpc from '@grpc/grpc-js';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { SupportedMethod, SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import { AllStreamPosition, Empty, UUID } from '@eventstore/db-client/generated/shared_pb';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import { randomUUID } from 'node:crypto';
import {
  EventLog,
  Expected,
  InvalidPosition,
  LogPosition,
  ProposedEvent,
  StoredEvent,
  WriteOutcome,
  comparePositions,
  expectedVersionNumber,
  positionOf,
} from './log';
import { batchStatus, eventResponse, identifier, refusals, rpcError, streamName, uuidString } from './wire';

/** The RPCs the test server counts, refuses (`deny`) and fails (`injectFault`). A `$all` subscription is 'subscribe'. */
export type RpcName = 'read' | 'append' | 'batchAppend' | 'subscribe' | 'delete' | 'tombstone' | 'serverFeatures' | 'gossip';

const RPC_NAMES: readonly RpcName[] = ['read', 'append', 'batchAppend', 'subscribe', 'delete', 'tombstone', 'serverFeatures', 'gossip'];

/**
 * A failure to inject. `when`:
 * - 'before' (default): the call fails before anything happens;
 * - 'after-write' (append, batchAppend, delete, tombstone): the write IS done, then the call fails
 *   instead of answering (an ambiguous outcome);
 * - 'mid-stream' (read, subscribe): the call fails right after `afterMessages` events were sent
 *   (confirmation and caught-up are not counted); a read with fewer events does not trigger it.
 * `stream` narrows it to one stream (`$all` for `$all` reads and subscriptions). `times` defaults to 1.
 * A batchAppend fault fails the whole BatchAppend call, and so every append pending on it.
 */
export interface Fault {
  rpc: RpcName;
  code: grpc.status;
  details?: string;
  metadata?: Record<string, string>;
  when?: 'before' | 'after-write' | 'mid-stream';
  afterMessages?: number;
  times?: number;
  stream?: string;
}

export interface EsdbTestServerOptions {
  /**
   * Answer idempotent re-appends with NoPosition, as EventStoreDB versions do that report their
   * commit position as -1.
   */
  idempotentAppendsWithoutPosition?: boolean;
  /** Serve and advertise BatchAppend (default true, as 21.10+ servers do; the client then appends through it). */
  batchAppend?: boolean;
  /**
   * The version ServerFeatures reports (default '24.10.14'). Older behaviour follows it: below
   * 23.10 subscriptions send no caught-up, below 22.6 stream reads carry no positions, below
   * 21.10 there is neither ServerFeatures nor BatchAppend (UNIMPLEMENTED).
   */
  version?: string;
  /** Bytes an append may carry, counted as the server does (data + metadata + 2 per type character). */
  maxAppendSize?: number;
  /** When it returns true, the call is refused with AccessDenied as the server refuses it. */
  deny?: (request: { rpc: RpcName; stream?: string }) => boolean;
  /** The clock (ms) events are stamped with and `$maxAge` is judged by: lets tests age events. */
  now?: () => number;
}

/** Node states as gossip names them (EventStore.Core/Data/VNodeState.cs; the index is the wire value). */
export const NODE_STATES = [
  'Initializing',
  'DiscoverLeader',
  'Unknown',
  'PreReplica',
  'CatchingUp',
  'Clone',
  'Follower',
  'PreLeader',
  'Leader',
  'Manager',
  'ShuttingDown',
  'Shutdown',
  'ReadOnlyLeaderless',
  'PreReadOnlyReplica',
  'ReadOnlyReplica',
  'ResigningLeader',
] as const;
export type NodeState = (typeof NODE_STATES)[number];

export function asNodeState(state: string): NodeState {
  const found = NODE_STATES.find((s) => s === state);
  if (!found) throw new Error(`unknown node state "${state}" (one of ${NODE_STATES.join(', ')})`);
  return found;
}

/** Where a subscription asked to start: after a commit position, or at the start or end of `$all`. */
export type SubscriptionStart = number | 'start' | 'end';

export type { StoredEvent } from './log';

type ReadCall = grpc.ServerWritableStream<ReadReq, ReadResp>;
type AppendCall = grpc.ServerReadableStream<AppendReq, AppendResp>;
type BatchAppendCall = grpc.ServerDuplexStream<BatchAppendReq, BatchAppendResp>;
type AnyCall = { metadata: grpc.Metadata };

interface LiveSubscription {
  call: ReadCall;
  matches(event: StoredEvent): boolean;
  /** Deliver only what comes after this position (the checkpoint asked for). */
  after: LogPosition | undefined;
  /** Next log record to consider. */
  nextIndex: number;
  sent: number;
  fault: ArmedFault | undefined;
}

interface ArmedFault extends Fault {
  remaining: number;
}

type WriteRefusal = { kind: 'not-leader' | 'not-ready' | 'no-leader-info'; error: grpc.ServiceError };

const DEFAULT_VERSION = '24.10.14';
const DEFAULT_MAX_APPEND_SIZE = 1_048_576;
const HOST = '127.0.0.1';

/**
 * An in-process server speaking EventStoreDB 24.10's client gRPC protocol over real gRPC, with an
 * in-memory log, for testing through the official client without a real server or cluster. What
 * it sends was checked against KurrentDB's source at tag v24.10.14 (files cited where used).
 *
 * Served:
 * - Streams/Read, stream reads: StreamNotFound; StreamDeleted (FAILED_PRECONDITION + trailers) once
 *   tombstoned; `$maxCount`, `$maxAge`, `$tb` hide events without renumbering (all hidden: found,
 *   no events); soft-deleted streams not found; metadata streams keep their last event; no
 *   positions for events of explicit transactions (nor for any event below 22.6);
 * - Streams/Read, `$all`: forwards from a position inclusive, backwards exclusive, ordered by
 *   (commit, prepare); stream metadata not applied (events stay until a scavenge); a commit
 *   position inside a record fails INVALID_ARGUMENT "Trying to read from an invalid position.";
 *   event-type / stream-name filters (the 6.2.1 client only sends them on subscriptions);
 * - `$all` catch-up subscriptions: confirmation, history after the checkpoint pair, caught-up
 *   (from 23.10), then live; a checkpoint beyond the end waits silently for events past it;
 * - Streams/Append and Streams/BatchAppend (one long-lived call, correlation ids, chunks with
 *   is_final, expectations, idempotent retries by event id, deadline): refusals as the server
 *   sends them, trailers for Append, google.rpc.Status with WrongExpectedVersion, StreamDeleted,
 *   AccessDenied, MaximumAppendSizeExceeded, Timeout details for BatchAppend;
 * - Streams/Delete (soft: `$tb` = long.MaxValue; the next write re-creates the stream with
 *   revisions continuing) and Streams/Tombstone (a `$streamDeleted` record, then StreamDeleted);
 * - ServerFeatures/GetSupportedMethods (what a 24.10 node lists; UNIMPLEMENTED below 21.10) and
 *   Gossip/Read (every member of its cluster; a single server is its own Leader);
 * - node states: reads, writes and `requires-leader` are refused, forwarded or served as
 *   ClusterVNodeController does (see EsdbTestCluster).
 * Test hooks: injectFault, deny, holdWrites, writeTransaction, writeSystemEvent, subscription
 * drops, stop (CANCELLED, a shutdown) and kill (UNAVAILABLE, a crash), counts of calls and of
 * `requires-leader` headers.
 *
 * Not served: stream subscriptions, persistent subscriptions, projections, operations, users,
 * monitoring, redaction (all listed by ServerFeatures, as on a real node, but UNIMPLEMENTED here);
 * resolving links; checkpoints of filtered subscriptions; fell-behind notices; scavenging;
 * server-side write timeouts (a held write waits forever); the per-event size limit; the bounded
 * idempotency cache of ANY appends (here every id is remembered); authentication (credentials are
 * ignored: use `deny`).
 */
export class EsdbTestServer {
  /** gRPC calls received, per RPC (one BatchAppend call usually carries many appends). */
  readonly calls: Record<RpcName, number> = Object.fromEntries(RPC_NAMES.map((name) => [name, 0])) as Record<RpcName, number>;
  /** Appends received inside BatchAppend calls (one per correlation id). */
  batchAppendRequests = 0;
  /** BatchAppend messages received (an append larger than the client's batchAppendSize comes in several). */
  batchAppendChunks = 0;
  /** Every call's RPC and whether it carried `requires-leader: true`, in order. */
  readonly requestHeaders: { rpc: RpcName; requiresLeader: boolean }[] = [];
  /** Every subscription request received, in order: lets tests check where resubscriptions resumed. */
  readonly subscriptionStarts: SubscriptionStart[] = [];
  /** The same, with both positions of the checkpoint. */
  readonly subscriptionCheckpoints: (LogPosition | 'start' | 'end')[] = [];
  /** As gossip reports it. */
  readonly instanceId = randomUUID();

  private readonly log: EventLog;
  private readonly live = new Set<LiveSubscription>();
  private readonly faults: ArmedFault[] = [];
  private server: grpc.Server | undefined;
  private boundPort: number | undefined;
  private eventsBeforeDrop: number | undefined;
  private nodeState: NodeState = 'Leader';
  private peers: () => EsdbTestServer[] = () => [this];
  private frozenAt: number | undefined;
  private held: (() => void)[] | undefined;

  constructor(
    private readonly config: EsdbTestServerOptions = {},
    /** The log to serve: a cluster's nodes share one. */
    log?: EventLog,
  ) {
    this.log = log ?? new EventLog(config.now);
    this.log.onWrite(() => this.pumpAll());
  }

  async start(port = this.boundPort ?? 0): Promise<{ port: number; connectionString: string }> {
    if (this.server) throw new Error('already started');
    const server = new grpc.Server();
    server.addService(StreamsService, {
      read: (call: ReadCall) => this.read(call),
      append: (call: AppendCall, callback: grpc.sendUnaryData<AppendResp>) => this.append(call, callback),
      batchAppend: (call: BatchAppendCall) => this.batchAppend(call),
      delete: (call: grpc.ServerUnaryCall<DeleteReq, DeleteResp>, callback: grpc.sendUnaryData<DeleteResp>) =>
        this.remove('delete', call, callback),
      tombstone: (call: grpc.ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: grpc.sendUnaryData<TombstoneResp>) =>
        this.remove('tombstone', call, callback),
    });
    server.addService(ServerFeaturesService, {
      getSupportedMethods: (call: AnyCall, callback: grpc.sendUnaryData<SupportedMethods>) => this.serverFeatures(call, callback),
    });
    server.addService(GossipService, {
      read: (call: AnyCall, callback: grpc.sendUnaryData<ClusterInfo>) => this.gossip(call, callback),
    });
    const bound = await new Promise<number>((resolve, reject) =>
      server.bindAsync(`${HOST}:${port}`, grpc.ServerCredentials.createInsecure(), (error, boundPort) =>
        error ? reject(error) : resolve(boundPort),
      ),
    );
    this.server = server;
    this.boundPort = bound;
    return { port: bound, connectionString: this.connectionString };
  }

  /** Shuts down as a node does: open calls end with CANCELLED, new connections are refused. */
  async stop(): Promise<void> {
    this.live.clear();
    this.server?.forceShutdown();
    this.server = undefined;
  }

  /**
   * Dies as a crashed node does: connections are cut without a status, so open calls fail with
   * UNAVAILABLE, and new connections are refused.
   */
  async kill(): Promise<void> {
    // grpc-js keeps its HTTP/2 sessions private, and Node guards session.socket; the raw socket
    // is the session's `socket` symbol. Cutting it is what the client sees when a node crashes.
    const sessions = (this.server as unknown as { sessions?: Map<object, unknown> } | undefined)?.sessions;
    for (const session of sessions?.keys() ?? []) {
      const key = Object.getOwnPropertySymbols(session).find((symbol) => symbol.description === 'socket');
      const socket = key ? (session as Record<symbol, { destroy?: () => void } | undefined>)[key] : undefined;
      socket?.destroy?.();
    }
    await this.stop();
  }

  /** Stops and starts again on the same port, keeping the log (as a node restart does). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
  }

  get running(): boolean {
    return this.server !== undefined;
  }

  get port(): number {
    if (this.boundPort === undefined) throw new Error('not started');
    return this.boundPort;
  }

  get connectionString(): string {
    return `esdb://${HOST}:${this.port}?tls=false`;
  }

  get state(): NodeState {
    return this.nodeState;
  }

  /** Sets the state this node is in (what it gossips, and what it refuses). */
  setState(state: NodeState | string): void {
    this.nodeState = asNodeState(state);
  }

  /** Used by EsdbTestCluster: the members gossip lists and the leader is looked up among. */
  joinCluster(peers: () => EsdbTestServer[]): void {
    this.peers = peers;
  }

  /** Stops seeing new events (a lagging replica): reads and subscriptions on this node are stale. */
  freeze(): void {
    this.frozenAt ??= this.log.records.length;
  }

  /** Catches up: sees the whole log again, and subscriptions receive what they missed. */
  thaw(): void {
    this.frozenAt = undefined;
    this.pumpAll();
  }

  get frozen(): boolean {
    return this.frozenAt !== undefined;
  }

  /**
   * Holds every write (Append, BatchAppend, Delete, Tombstone) received from now on, unanswered and
   * not yet written, until the returned function is called (an overloaded leader): lets tests have
   * calls in flight. Releasing performs them in order.
   */
  holdWrites(): () => void {
    const held = (this.held ??= []);
    return () => {
      if (this.held === held) this.held = undefined;
      for (const write of held.splice(0)) write();
    };
  }

  /** Writes held by holdWrites() and not yet released. */
  get heldWrites(): number {
    return this.held?.length ?? 0;
  }

  /** Runs `write` now, or when released if writes are held. */
  private whenReleased(write: () => void): void {
    if (this.held) this.held.push(write);
    else write();
  }

  /** Fault injection: `fault` fires on the next matching call(s). */
  injectFault(fault: Fault): void {
    this.faults.push({ ...fault, remaining: fault.times ?? 1 });
  }

  clearFaults(): void {
    this.faults.length = 0;
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
    ended.forEach((subscription) => finish(subscription.call));
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

  /** Everything in the log, system events included, in `$all` order (commit, then prepare position). */
  get events(): readonly StoredEvent[] {
    return this.log.records;
  }

  /**
   * Writes events as one explicit (TCP-era) transaction does: each its own prepare position, all
   * one commit position greater than every prepare.
   */
  writeTransaction(stream: string, events: { type: string; data: object }[]): StoredEvent[] {
    return this.log.writeTransaction(
      stream,
      events.map((event) => ({
        id: randomUUID(),
        type: event.type,
        contentType: 'application/json',
        data: Buffer.from(JSON.stringify(event.data)),
        metadata: new Uint8Array(),
      })),
    );
  }

  /**
   * Appends a system event at the tail, like those a node writes as it runs or restarts:
   * `$statsCollected` (default) goes to `$stats-<node>`, another type to the stream of that name.
   */
  writeSystemEvent(type = '$statsCollected'): StoredEvent {
    const systemType = type.startsWith('$') ? type : `$${type}`;
    const stream = systemType === '$statsCollected' ? `$stats-${HOST}:2113` : systemType;
    return this.log.writeSystem(stream, systemType, {});
  }

  // --- Node state ---------------------------------------------------------------------------------

  private get visible(): number {
    return this.frozenAt ?? this.log.records.length;
  }

  private version(): [number, number] {
    const [major, minor] = (this.config.version ?? DEFAULT_VERSION).split('.').map(Number);
    return [major || 0, minor || 0];
  }

  private atLeast(major: number, minor: number): boolean {
    const [a, b] = this.version();
    return a > major || (a === major && b >= minor);
  }

  private get servesBatchAppend(): boolean {
    return (this.config.batchAppend ?? true) && this.atLeast(21, 10);
  }

  private get maxAppendSize(): number {
    return this.config.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE;
  }

  private leaderNode(): EsdbTestServer | undefined {
    return this.peers().find((node) => node.nodeState === 'Leader' && node.running);
  }

  private notLeader(): grpc.ServiceError | undefined {
    const leader = this.leaderNode();
    return leader ? refusals.notLeader(HOST, leader.port) : undefined;
  }

  /**
   * Reads as ClusterVNodeController routes them: leaders (and pre-leaders) serve them; replicas
   * and leaderless nodes serve them from what they have, unless the client requires the leader
   * (NotLeader when one is known, else not ready); nodes starting or stopping are not ready.
   */
  private readRefusal(requiresLeader: boolean): grpc.ServiceError | undefined {
    switch (this.nodeState) {
      case 'Leader':
      case 'ResigningLeader':
      case 'PreLeader':
        return undefined;
      case 'Initializing':
      case 'Manager':
      case 'ShuttingDown':
      case 'Shutdown':
        return refusals.notReady();
      case 'Unknown':
      case 'DiscoverLeader':
      case 'ReadOnlyLeaderless':
        return requiresLeader ? refusals.notReady() : undefined;
      default:
        return requiresLeader ? (this.notLeader() ?? refusals.notReady()) : undefined;
    }
  }

  /**
   * Writes as ClusterVNodeController routes them: the leader writes; a follower forwards the
   * write to the leader unless the client requires the leader (then NotLeader); read-only
   * replicas answer NotLeader; every other state is not ready.
   */
  private writeRefusal(requiresLeader: boolean): WriteRefusal | undefined {
    switch (this.nodeState) {
      case 'Leader':
        return undefined;
      case 'Follower':
      case 'PreReplica':
      case 'CatchingUp':
      case 'Clone': {
        const notLeader = this.notLeader();
        if (!notLeader) return { kind: 'not-ready', error: refusals.notReady() };
        return requiresLeader ? { kind: 'not-leader', error: notLeader } : undefined;
      }
      case 'ReadOnlyLeaderless':
      case 'PreReadOnlyReplica':
      case 'ReadOnlyReplica': {
        const notLeader = this.notLeader();
        return notLeader ? { kind: 'not-leader', error: notLeader } : { kind: 'no-leader-info', error: refusals.noLeaderInfo() };
      }
      default:
        return { kind: 'not-ready', error: refusals.notReady() };
    }
  }

  // --- Call bookkeeping, faults, access -----------------------------------------------------------

  private begin(rpc: RpcName, call: AnyCall): boolean {
    this.calls[rpc] += 1;
    const header = call.metadata.get('requires-leader')[0];
    const requiresLeader = header !== undefined && String(header).toLowerCase() === 'true';
    this.requestHeaders.push({ rpc, requiresLeader });
    return requiresLeader;
  }

  private findFault(rpc: RpcName, stream: string | undefined, when: NonNullable<Fault['when']>): number {
    return this.faults.findIndex(
      (fault) => fault.rpc === rpc && (fault.when ?? 'before') === when && (fault.stream === undefined || fault.stream === stream),
    );
  }

  private consumeFault(index: number): ArmedFault {
    const fault = this.faults[index];
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.faults.splice(index, 1);
    return fault;
  }

  private takeFault(rpc: RpcName, stream: string | undefined, when: NonNullable<Fault['when']>): grpc.ServiceError | undefined {
    const index = this.findFault(rpc, stream, when);
    return index < 0 ? undefined : faultError(this.consumeFault(index));
  }

  private denied(rpc: RpcName, stream?: string): boolean {
    return this.config.deny?.({ rpc, stream }) ?? false;
  }

  // --- Read and subscribe ---------------------------------------------------------------------------

  private read(call: ReadCall): void {
    const options = call.request.getOptions();
    if (!options) return fail(call, rpcError(grpc.status.INVALID_ARGUMENT, 'read without options'));
    const subscription = options.hasSubscription();
    const rpc: RpcName = subscription ? 'subscribe' : 'read';
    const requiresLeader = this.begin(rpc, call);
    const streamOptions = options.getStream();
    const stream = streamOptions ? streamName(streamOptions.getStreamIdentifier()) : '$all';
    if (subscription && !streamOptions) this.recordSubscriptionStart(options.getAll() as ReadReq.Options.AllOptions);

    const before = this.takeFault(rpc, stream, 'before');
    if (before) return fail(call, before);
    // Streams.Read.cs checks access before anything else.
    if (this.denied(rpc, stream)) return fail(call, refusals.accessDenied());
    if (subscription) {
      if (streamOptions) return fail(call, refusals.unimplemented('a stream subscription'));
      return this.subscribe(call, options, requiresLeader);
    }
    const refusal = this.readRefusal(requiresLeader);
    if (refusal) return fail(call, refusal);

    const max = Number(options.getCount());
    const backwards = options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;
    let page: StoredEvent[];
    let withPosition: (event: StoredEvent) => boolean;
    if (streamOptions) {
      const from = streamOptions.hasStart() ? 'start' : streamOptions.hasEnd() ? 'end' : Number(streamOptions.getRevision());
      const result = this.log.readStream(stream, this.visible, { from, backwards, max });
      if (result.kind === 'deleted') return fail(call, refusals.streamDeleted(stream));
      if (result.kind === 'not-found') {
        const notFound = new ReadResp.StreamNotFound().setStreamIdentifier(streamOptions.getStreamIdentifier());
        write(call, new ReadResp().setStreamNotFound(notFound));
        return finish(call);
      }
      page = result.events;
      // Before 22.6 stream reads carried no positions; from 22.6 only self-committed events do.
      const positions = this.atLeast(22, 6);
      withPosition = (event) => positions && !event.inTransaction;
    } else {
      const all = options.getAll() as ReadReq.Options.AllOptions;
      const from = all.hasStart() ? 'start' : all.hasEnd() ? 'end' : readPosition(all.getPosition());
      try {
        page = this.log.readAll(this.visible, { from, backwards, max, matches: filterOf(options) });
      } catch (error) {
        if (error instanceof InvalidPosition) return fail(call, refusals.invalidPosition());
        throw error;
      }
      withPosition = () => true;
    }

    const faultIndex = this.findFault('read', stream, 'mid-stream');
    const fault = faultIndex >= 0 && page.length >= (this.faults[faultIndex].afterMessages ?? 0) ? this.consumeFault(faultIndex) : undefined;
    for (const [i, event] of page.entries()) {
      if (fault && i === (fault.afterMessages ?? 0)) return fail(call, faultError(fault));
      write(call, eventResponse(event, withPosition(event)));
    }
    if (fault) return fail(call, faultError(fault));
    finish(call);
  }

  private recordSubscriptionStart(all: ReadReq.Options.AllOptions): void {
    const position = all.hasPosition() ? readPosition(all.getPosition()) : undefined;
    this.subscriptionStarts.push(position?.commit ?? (all.hasEnd() ? 'end' : 'start'));
    this.subscriptionCheckpoints.push(position ?? (all.hasEnd() ? 'end' : 'start'));
  }

  /**
   * As Enumerator.AllSubscription (v24.10.14) runs it: confirmation first, then catch-up reads
   * (which the node may refuse, or fail on an invalid position), caught-up, then live events.
   * History, caught-up and going live happen with no await in between, so nothing is missed.
   */
  private subscribe(call: ReadCall, options: ReadReq.Options, requiresLeader: boolean): void {
    const all = options.getAll() as ReadReq.Options.AllOptions;
    const after = all.hasPosition() ? readPosition(all.getPosition()) : undefined;
    const faultIndex = this.findFault('subscribe', '$all', 'mid-stream');
    const subscription: LiveSubscription = {
      call,
      matches: filterOf(options),
      after,
      nextIndex: all.hasEnd() ? this.visible : 0,
      sent: 0,
      fault: faultIndex >= 0 ? this.consumeFault(faultIndex) : undefined,
    };
    call.on('cancelled', () => this.live.delete(subscription));
    write(call, new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(randomUUID())));

    const refusal = this.readRefusal(requiresLeader);
    if (refusal) return fail(call, refusal);
    if (after) {
      try {
        this.log.checkPosition(after, this.visible);
      } catch (error) {
        if (error instanceof InvalidPosition) return fail(call, refusals.invalidPosition());
        throw error;
      }
    }
    if (subscription.fault && (subscription.fault.afterMessages ?? 0) === 0) return fail(call, faultError(subscription.fault));
    if (!this.pump(subscription)) return;
    // Servers before 23.10 never told a subscriber it had caught up.
    if (this.atLeast(23, 10)) write(call, new ReadResp().setCaughtUp(new ReadResp.CaughtUp()));
    this.live.add(subscription);
  }

  private pumpAll(): void {
    if (!this.server) return;
    for (const subscription of [...this.live]) this.pump(subscription);
  }

  /** Sends what the subscription has not seen of what this node sees. Returns whether it is still open. */
  private pump(subscription: LiveSubscription): boolean {
    const visible = this.visible;
    while (subscription.nextIndex < visible) {
      const event = this.log.records[subscription.nextIndex];
      subscription.nextIndex += 1;
      if (subscription.after && comparePositions(positionOf(event), subscription.after) <= 0) continue;
      if (!subscription.matches(event)) continue;
      if (!this.send(subscription, event)) return false;
    }
    return true;
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
    write(subscription.call, eventResponse(event, true));
    subscription.sent += 1;
    const fault = subscription.fault;
    if (fault && subscription.sent >= (fault.afterMessages ?? 0)) {
      this.live.delete(subscription);
      fail(subscription.call, faultError(fault));
      return false;
    }
    return true;
  }

  private drop(subscription: LiveSubscription): void {
    this.live.delete(subscription);
    fail(subscription.call, rpcError(grpc.status.UNAVAILABLE, 'test server dropped the subscription'));
  }

  // --- Append -----------------------------------------------------------------------------------------

  /** Streams.Append.cs: options, access check, events (size checked as they arrive), then the write. */
  private append(call: AppendCall, callback: grpc.sendUnaryData<AppendResp>): void {
    const requiresLeader = this.begin('append', call);
    let options: AppendReq.Options | undefined;
    let stream = '';
    const proposed: ProposedEvent[] = [];
    let size = 0;
    let settled = false;
    const settle = (error: grpc.ServiceError | null, response?: AppendResp) => {
      if (settled) return;
      settled = true;
      if (error) callback(error);
      else callback(null, response);
    };
    call.on('data', (request: AppendReq) => {
      if (settled) return;
      if (!options) {
        options = request.getOptions();
        if (!options) return settle(rpcError(grpc.status.INVALID_ARGUMENT, 'append without options'));
        stream = streamName(options.getStreamIdentifier());
        const before = this.takeFault('append', stream, 'before');
        if (before) return settle(before);
        if (this.denied('append', stream)) return settle(refusals.accessDenied());
        return;
      }
      const message = request.getProposedMessage();
      if (!message) return settle(rpcError(grpc.status.INVALID_ARGUMENT, 'append of something else than an event'));
      const event = proposedEvent(message);
      size += sizeOnDisk(event);
      if (size > this.maxAppendSize) return settle(refusals.maxAppendSize(this.maxAppendSize));
      proposed.push(event);
    });
    // A call cancelled while its write is held is dropped, as the writer drops cancelled requests.
    call.on('cancelled', () => (settled = true));
    call.on('end', () =>
      this.whenReleased(() => {
        if (!settled) this.completeAppend(stream, options, proposed, requiresLeader, settle);
      }),
    );
  }

  private completeAppend(
    stream: string,
    options: AppendReq.Options | undefined,
    proposed: ProposedEvent[],
    requiresLeader: boolean,
    settle: (error: grpc.ServiceError | null, response?: AppendResp) => void,
  ): void {
    if (!options) return settle(rpcError(grpc.status.INVALID_ARGUMENT, 'append without options'));
    const refusal = this.writeRefusal(requiresLeader);
    if (refusal) return settle(refusal.error);
    const expected = appendExpected(options);
    const outcome = this.log.append(stream, expected, proposed);
    const after = this.takeFault('append', stream, 'after-write');
    if (after) return settle(after);
    if (outcome.kind === 'stream-deleted') return settle(refusals.streamDeleted(stream));
    settle(null, this.appendResponse(outcome, expected));
  }

  private appendResponse(outcome: Exclude<WriteOutcome, { kind: 'stream-deleted' }>, expected: Expected): AppendResp {
    const response = new AppendResp();
    if (outcome.kind === 'wrong-expected-version') {
      const details = new AppendResp.WrongExpectedVersion();
      if (outcome.current >= 0) details.setCurrentRevision(String(outcome.current));
      else details.setCurrentNoStream(new Empty());
      if (expected.kind === 'revision') details.setExpectedRevision(String(expected.revision));
      else if (expected.kind === 'no_stream') details.setExpectedNoStream(new Empty());
      else if (expected.kind === 'stream_exists') details.setExpectedStreamExists(new Empty());
      else details.setExpectedAny(new Empty());
      return response.setWrongExpectedVersion(details);
    }
    const success = new AppendResp.Success();
    const last = outcome.last;
    if (!last) {
      if (outcome.kind === 'written' && outcome.revision >= 0) success.setCurrentRevision(String(outcome.revision));
      else success.setNoStream(new Empty());
      return response.setSuccess(success.setNoPosition(new Empty()));
    }
    success.setCurrentRevision(String(last.revision));
    if (outcome.kind === 'idempotent' && this.config.idempotentAppendsWithoutPosition) success.setNoPosition(new Empty());
    else
      success.setPosition(
        new AppendResp.Position().setCommitPosition(String(last.commitPosition)).setPreparePosition(String(last.preparePosition)),
      );
    return response.setSuccess(success);
  }

  /**
   * Streams.BatchAppend.cs: one long-lived call carries many appends, each a correlation id whose
   * first chunk has the options and whose last is final. Refusals of one append are answered in
   * the call (google.rpc.Status); NotLeader fails the whole call, as the server throws it there.
   */
  private batchAppend(call: BatchAppendCall): void {
    const requiresLeader = this.begin('batchAppend', call);
    if (!this.servesBatchAppend) return fail(call, refusals.unimplemented('BatchAppend'));
    const pending = new Map<string, { stream: string; expected: Expected; events: ProposedEvent[]; size: number }>();
    const answer = (request: BatchAppendReq, stream: string, result: { error: Status } | { success: BatchAppendResp.Success }) => {
      const response = new BatchAppendResp()
        .setCorrelationId(request.getCorrelationId() ?? new UUID())
        .setStreamIdentifier(identifier(stream));
      if ('error' in result) response.setError(result.error);
      else response.setSuccess(result.success);
      write(call, response);
    };
    call.on('cancelled', () => finished.add(call));
    call.on('data', (request: BatchAppendReq) => {
      if (finished.has(call)) return;
      this.batchAppendChunks += 1;
      const correlation = uuidString(request.getCorrelationId());
      const options = request.getOptions();
      if (options) {
        const stream = streamName(options.getStreamIdentifier());
        this.batchAppendRequests += 1;
        const before = this.takeFault('batchAppend', stream, 'before');
        if (before) return fail(call, before);
        if (this.denied('batchAppend', stream)) return answer(request, stream, { error: batchStatus.accessDenied() });
        const deadline = options.getDeadline();
        if (deadline && deadline.toDate().getTime() <= Date.now()) return answer(request, stream, { error: batchStatus.timeout() });
        pending.set(correlation, { stream, expected: batchExpected(options), events: [], size: 0 });
      }
      const append = pending.get(correlation);
      if (!append) return;
      for (const message of request.getProposedMessagesList()) {
        const event = proposedEvent(message);
        append.size += sizeOnDisk(event);
        append.events.push(event);
      }
      if (append.size > this.maxAppendSize) {
        pending.delete(correlation);
        return answer(request, append.stream, { error: batchStatus.maxAppendSize(this.maxAppendSize) });
      }
      if (!request.getIsFinal()) return;
      pending.delete(correlation);
      this.whenReleased(() => this.completeBatchAppend(call, request, append, requiresLeader, answer));
    });
    call.on('end', () => this.whenReleased(() => finish(call)));
  }

  private completeBatchAppend(
    call: BatchAppendCall,
    request: BatchAppendReq,
    append: { stream: string; expected: Expected; events: ProposedEvent[] },
    requiresLeader: boolean,
    answer: (request: BatchAppendReq, stream: string, result: { error: Status } | { success: BatchAppendResp.Success }) => void,
  ): void {
    if (finished.has(call)) return;
    const refusal = this.writeRefusal(requiresLeader);
    if (refusal?.kind === 'not-leader') return fail(call, refusal.error);
    if (refusal) {
      const status = refusal.kind === 'not-ready' ? batchStatus.notReady() : batchStatus.notReady().setMessage(refusal.error.details);
      return answer(request, append.stream, { error: status });
    }
    const outcome = this.log.append(append.stream, append.expected, append.events);
    const after = this.takeFault('batchAppend', append.stream, 'after-write');
    if (after) return fail(call, after);
    answer(request, append.stream, this.batchResult(outcome, append.stream, append.expected));
  }

  private batchResult(outcome: WriteOutcome, stream: string, expected: Expected): { error: Status } | { success: BatchAppendResp.Success } {
    switch (outcome.kind) {
      case 'stream-deleted':
        return { error: batchStatus.streamDeleted(stream) };
      case 'wrong-expected-version':
        return { error: batchStatus.wrongExpectedVersion(outcome.current, expected) };
    }
    const success = new BatchAppendResp.Success();
    const last = outcome.last;
    const revision = last ? last.revision : outcome.kind === 'written' ? outcome.revision : -1;
    if (revision >= 0) success.setCurrentRevision(String(revision));
    else success.setNoStream(new Empty());
    if (!last || (outcome.kind === 'idempotent' && this.config.idempotentAppendsWithoutPosition)) success.setNoPosition(new Empty());
    else success.setPosition(new AllStreamPosition().setCommitPosition(String(last.commitPosition)).setPreparePosition(String(last.preparePosition)));
    return { success };
  }

  // --- Delete and tombstone -------------------------------------------------------------------------

  /** Streams.Delete.cs: Delete (soft) and Tombstone (hard), errors as call status + trailers. */
  private remove(
    rpc: 'delete' | 'tombstone',
    call: grpc.ServerUnaryCall<DeleteReq | TombstoneReq, DeleteResp | TombstoneResp>,
    callback: grpc.sendUnaryData<DeleteResp | TombstoneResp>,
  ): void {
    const requiresLeader = this.begin(rpc, call);
    const options = call.request.getOptions();
    if (!options) return callback(rpcError(grpc.status.INVALID_ARGUMENT, `${rpc} without options`));
    const stream = streamName(options.getStreamIdentifier());
    const before = this.takeFault(rpc, stream, 'before');
    if (before) return callback(before);
    if (this.denied(rpc, stream)) return callback(refusals.accessDenied());
    this.whenReleased(() => {
      if (call.cancelled) return;
      const refusal = this.writeRefusal(requiresLeader);
      if (refusal) return callback(refusal.error);
      const expected: Expected = options.hasRevision()
        ? { kind: 'revision', revision: Number(options.getRevision()) }
        : options.hasNoStream()
          ? { kind: 'no_stream' }
          : options.hasStreamExists()
            ? { kind: 'stream_exists' }
            : { kind: 'any' };
      const outcome = this.log.delete(stream, expected, rpc === 'tombstone');
      const after = this.takeFault(rpc, stream, 'after-write');
      if (after) return callback(after);
      if (outcome.kind === 'stream-deleted') return callback(refusals.streamDeleted(stream));
      if (outcome.kind === 'wrong-expected-version') {
        return callback(refusals.wrongExpectedVersion('Delete', stream, expectedVersionNumber(expected), outcome.current));
      }
      const response = rpc === 'delete' ? new DeleteResp() : new TombstoneResp();
      const position = rpc === 'delete' ? new DeleteResp.Position() : new TombstoneResp.Position();
      position.setCommitPosition(String(outcome.record.commitPosition)).setPreparePosition(String(outcome.record.preparePosition));
      (response as DeleteResp).setPosition(position as DeleteResp.Position);
      callback(null, response);
    });
  }

  // --- Server features and gossip -------------------------------------------------------------------

  private serverFeatures(call: AnyCall, callback: grpc.sendUnaryData<SupportedMethods>): void {
    this.begin('serverFeatures', call);
    // ServerFeatures exists from 21.10; the client treats UNIMPLEMENTED as "unknown version, no features".
    if (!this.atLeast(21, 10)) return callback(rpcError(grpc.status.UNIMPLEMENTED, 'Method not found'));
    const before = this.takeFault('serverFeatures', undefined, 'before');
    if (before) return callback(before);
    if (this.denied('serverFeatures')) return callback(refusals.accessDenied());
    const methods = SUPPORTED_METHODS.filter(([, method]) => method !== 'batchappend' || this.servesBatchAppend).map(
      ([service, method, features]) =>
        new SupportedMethod().setServiceName(service).setMethodName(method).setFeaturesList([...features]),
    );
    // ServerFeatures.cs reports the first three parts of the version.
    const version = (this.config.version ?? DEFAULT_VERSION).split('.').slice(0, 3).join('.');
    callback(null, new SupportedMethods().setMethodsList(methods).setEventStoreServerVersion(version));
  }

  /** Gossip.Read.cs: every member, with its gRPC (HTTP) endpoint, which clients discover with. */
  private gossip(call: AnyCall, callback: grpc.sendUnaryData<ClusterInfo>): void {
    this.begin('gossip', call);
    const before = this.takeFault('gossip', undefined, 'before');
    if (before) return callback(before);
    if (this.denied('gossip')) return callback(refusals.accessDenied());
    const members = this.peers().map((node) =>
      new MemberInfo()
        .setInstanceId(new UUID().setString(node.instanceId))
        .setTimeStamp(String(BigInt(Date.now()) * 10_000n))
        .setState(NODE_STATES.indexOf(node.nodeState) as MemberInfo.VNodeState)
        .setIsAlive(node.running)
        .setHttpEndPoint(new EndPoint().setAddress(HOST).setPort(node.boundPort ?? 0)),
    );
    callback(null, new ClusterInfo().setMembersList(members));
  }
}

/**
 * What a 24.10 node lists (ServerFeatures.cs lists every gRPC method of a service whose name
 * contains "client", lower-cased, with these features), services of src/Protos/Grpc at v24.10.14.
 */
const SUPPORTED_METHODS: readonly (readonly [string, string, readonly string[]])[] = [
  ...['read', 'append', 'delete', 'tombstone', 'batchappend'].map(
    (method) =>
      [
        'event_store.client.streams.streams',
        method,
        method === 'read' ? ['position', 'events'] : method === 'batchappend' ? ['deadline_duration'] : [],
      ] as const,
  ),
  ...['create', 'update', 'delete', 'read', 'getinfo', 'replayparked', 'list', 'restartsubsystem'].map(
    (method) => ['event_store.client.persistent_subscriptions.persistentsubscriptions', method, ['stream', 'all']] as const,
  ),
  ...['create', 'update', 'delete', 'statistics', 'disable', 'enable', 'reset', 'state', 'result', 'restartsubsystem'].map(
    (method) => ['event_store.client.projections.projections', method, method === 'create' ? ['track_emitted_streams'] : []] as const,
  ),
  ...['startscavenge', 'stopscavenge', 'shutdown', 'mergeindexes', 'resignnode', 'setnodepriority', 'restartpersistentsubscriptions'].map(
    (method) => ['event_store.client.operations.operations', method, []] as const,
  ),
  ...['create', 'update', 'delete', 'disable', 'enable', 'details', 'changepassword', 'resetpassword'].map(
    (method) => ['event_store.client.users.users', method, []] as const,
  ),
  ['event_store.client.gossip.gossip', 'read', []],
  ['event_store.client.monitoring.monitoring', 'stats', []],
  ['event_store.client.server_features.serverfeatures', 'getsupportedmethods', []],
  ['event_store.client.redaction.redaction', 'geteventpositions', []],
  ['event_store.client.redaction.redaction', 'switchchunks', []],
];

// --- Protocol helpers -----------------------------------------------------------------------------

function faultError(fault: Fault): grpc.ServiceError {
  return rpcError(fault.code, fault.details ?? `injected ${grpc.status[fault.code]}`, fault.metadata);
}

function readPosition(position: ReadReq.Options.Position | undefined): LogPosition {
  return { commit: Number(position?.getCommitPosition() ?? 0), prepare: Number(position?.getPreparePosition() ?? 0) };
}

function appendExpected(options: AppendReq.Options): Expected {
  if (options.hasRevision()) return { kind: 'revision', revision: Number(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function batchExpected(options: BatchAppendReq.Options): Expected {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: Number(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
}

function proposedEvent(message: AppendReq.ProposedMessage | BatchAppendReq.ProposedMessage): ProposedEvent {
  const metadata = message.getMetadataMap();
  return {
    id: uuidString(message.getId()) || randomUUID(),
    type: metadata.get('type') ?? '',
    contentType: metadata.get('content-type') ?? 'application/octet-stream',
    data: message.getData_asU8(),
    metadata: message.getCustomMetadata_asU8(),
  };
}

/** Event.SizeOnDisk (v24.10.14), what maxAppendSize is compared with. */
function sizeOnDisk(event: ProposedEvent): number {
  return event.data.length + event.metadata.length + event.type.length * 2;
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

/** Calls that have ended (or been cancelled): nothing more may be written to them. */
const finished = new WeakSet<object>();

type StreamingCall = ReadCall | BatchAppendCall;

function write(call: StreamingCall, message: ReadResp | BatchAppendResp): void {
  if (!finished.has(call) && !call.cancelled) (call.write as (message: ReadResp | BatchAppendResp) => boolean)(message);
}

function finish(call: StreamingCall): void {
  if (finished.has(call)) return;
  finished.add(call);
  call.end();
}

/** Ends a streaming call with an error status (and trailers), after the messages already written. */
function fail(call: StreamingCall, error: grpc.ServiceError): void {
  if (finished.has(call)) return;
  finished.add(call);
  call.emit('error', error);
}

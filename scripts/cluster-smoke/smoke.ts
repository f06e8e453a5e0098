/**
 * The cluster smoke test: append continuously through the event-store port, kill the leader,
 * keep appending through the election, then check that nothing acknowledged was lost or written
 * twice and that a subscription saw every event exactly once.
 *
 * Everything outside the port is injected (where the leader is, how to kill it, the clock), so
 * the same run can be driven against a Docker cluster, another orchestrator, or an in-process
 * server behind a proxy that plays the dying leader (./dry-run.ts).
 */
import { randomUUID } from 'node:crypto';
import { EventStoreError, WrongExpectedVersion } from '../../src/event-store/event-store.errors';
import { EventStore, NO_STREAM, RecordedEvent, Subscription } from '../../src/event-store/event-store.port';
import { AppendRecord, Check, StoredRef, verify } from './verify';

export interface NodeAddress {
  host: string;
  port: number;
}

export interface SmokeDeps {
  store: EventStore;
  /** The node clients are told is the leader now; undefined while there is none (or no agreement). */
  findLeader(): Promise<NodeAddress | undefined>;
  /** Kills the node at this address; resolves once it is dead. */
  kill(node: NodeAddress): Promise<void>;
  log?(line: string): void;
  /** Milliseconds; defaults to Date.now. */
  now?(): number;
}

export interface SmokeOptions {
  /** Concurrent writers, one stream each. */
  writers: number;
  /** How long to append before the kill (at least until something is acknowledged). */
  warmupMs: number;
  /** How long to keep appending after the kill. */
  durationMs: number;
  /** Pause between two appends of one writer. */
  pauseMs: number;
  /** How long a leader (and a first acknowledgement) may take to appear before the kill. */
  leaderTimeoutMs: number;
  /** After the run, how long a writer may keep retrying its last append. */
  drainTimeoutMs: number;
  /** How long one append may go unanswered before it is retried (the client's own deadline is usually shorter). */
  attemptTimeoutMs: number;
  /** After the writers stop, how long reads and the subscription may take to see everything. */
  settleTimeoutMs: number;
  /** Names this run's streams, so a shared store can be used. */
  runId: string;
}

export const DEFAULT_OPTIONS: Omit<SmokeOptions, 'runId'> = {
  writers: 4,
  warmupMs: 5_000,
  durationMs: 30_000,
  pauseMs: 10,
  leaderTimeoutMs: 60_000,
  drainTimeoutMs: 60_000,
  attemptTimeoutMs: 30_000,
  settleTimeoutMs: 60_000,
};

export interface SmokeReport {
  ok: boolean;
  runId: string;
  streams: string[];
  /** The leader that was to be killed (gossip's answer just before the kill). */
  leader?: NodeAddress;
  killed: boolean;
  /** The first other leader gossip showed after the kill, and when. */
  leaderAfter?: NodeAddress & { afterMs: number };
  appends: {
    sent: number;
    acknowledged: number;
    retried: number;
    /** Acknowledged only by reading the event back after an error. */
    acknowledgedByReadBack: number;
  };
  /** From the kill to the first acknowledgement of an append sent after it. */
  firstAckAfterKillMs?: number;
  /** The longest time no append at all was acknowledged. */
  longestAckGapMs: number;
  /** Errors seen by appends, by kind. */
  errors: Record<string, number>;
  subscription: { delivered: number; drops: number };
  checks: Check[];
}

const EVENT_TYPE = 'ClusterSmokeAppended';

/** The report as a few lines for a person: what happened, then each check. */
export function summary(report: SmokeReport): string {
  const lines = [
    `Cluster smoke ${report.runId}: ${report.ok ? 'PASSED' : 'FAILED'}`,
    `  leader: ${report.leader ? show(report.leader) : 'none'} (${report.killed ? 'killed' : 'not killed'}); new leader in gossip: ${
      report.leaderAfter ? `${show(report.leaderAfter)} after ${(report.leaderAfter.afterMs / 1000).toFixed(1)} s` : 'not seen'
    }`,
    `  appends: ${report.appends.acknowledged} of ${report.appends.sent} acknowledged, ${report.appends.retried} retried, ${report.appends.acknowledgedByReadBack} confirmed by reading back`,
    `  first acknowledgement after the kill: ${report.firstAckAfterKillMs === undefined ? 'none' : `${(report.firstAckAfterKillMs / 1000).toFixed(1)} s`}; longest gap between acknowledgements: ${(report.longestAckGapMs / 1000).toFixed(1)} s`,
    `  append errors: ${Object.entries(report.errors).map(([kind, n]) => `${kind} ×${n}`).join(', ') || 'none'}`,
    `  subscription: ${report.subscription.delivered} delivered, ${report.subscription.drops} drops`,
    ...report.checks.map((c) => `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`),
  ];
  return lines.join('\n');
}

export async function runClusterSmoke(options: SmokeOptions, deps: SmokeDeps): Promise<SmokeReport> {
  return new SmokeRun(options, deps).run();
}

class SmokeRun {
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly prefix: string;
  private readonly streams: string[];
  private readonly records: AppendRecord[] = [];
  private readonly refusals: string[] = [];
  private readonly errors: Record<string, number> = {};
  private readonly delivered: StoredRef[] = [];
  private readonly deliveredIds = new Set<string>();
  private subscriptionFailure: string | undefined;
  private subscriptionDrops = 0;
  private stopWriting = false;
  private drainDeadline = Number.POSITIVE_INFINITY;

  constructor(
    private readonly options: SmokeOptions,
    private readonly deps: SmokeDeps,
  ) {
    this.now = deps.now ?? Date.now;
    this.log = deps.log ?? (() => undefined);
    this.prefix = `cluster-smoke-${options.runId}-`;
    this.streams = Array.from({ length: options.writers }, (_, k) => `${this.prefix}w${k}`);
  }

  async run(): Promise<SmokeReport> {
    const { store } = this.deps;
    const leaderBefore = await this.waitForLeader();
    if (!leaderBefore) {
      // Nothing to kill: the cluster is not up, or not reachable at the advertised addresses.
      return this.report([{ name: 'gossip named a leader', ok: false, detail: `no leader within ${seconds(this.options.leaderTimeoutMs)}` }], {});
    }
    const startPosition = await this.lastPosition();

    const subscription = this.subscribe();
    const writersStarted = this.now();
    const writers = this.streams.map((stream) => this.writer(stream));

    let killedAt: number | undefined;
    let killProblem: string | undefined;
    let leaderAfter: SmokeReport['leaderAfter'];

    await this.sleepUntil(writersStarted + this.options.warmupMs);
    const acked = await this.waitFor(() => this.records.some((r) => r.acknowledged), this.options.leaderTimeoutMs);
    // Leadership may have moved since the start: kill whoever leads now.
    const victim = (await this.findLeader()) ?? leaderBefore;
    if (!acked) killProblem = 'nothing was acknowledged in the warm-up, so the leader was not killed';
    else {
      this.log(`killing the leader ${show(victim)} (${this.acknowledged()} appends acknowledged so far)`);
      try {
        await this.deps.kill(victim);
        killedAt = this.now();
        this.log(`killed ${show(victim)}; appending for ${seconds(this.options.durationMs)} more`);
      } catch (error) {
        killProblem = `killing ${show(victim)} failed: ${describe(error)}`;
      }
    }

    if (killedAt !== undefined) {
      const until = killedAt + this.options.durationMs;
      const watch = this.watchForNewLeader(victim, killedAt, until).then((found) => (leaderAfter = found));
      await this.sleepUntil(until);
      await watch;
      if (leaderAfter) this.log(`gossip showed a new leader ${show(leaderAfter)} ${seconds(leaderAfter.afterMs)} after the kill`);
    }
    if (killProblem) this.log(killProblem);

    this.stopWriting = true;
    this.drainDeadline = this.now() + this.options.drainTimeoutMs;
    await Promise.all(writers);
    this.log(`writers stopped: ${this.acknowledged()} of ${this.records.length} appends acknowledged`);

    const readProblems: string[] = [];
    const settleDeadline = this.now() + this.options.settleTimeoutMs;
    const streamReads = new Map<string, StoredRef[]>();
    for (const stream of this.streams) {
      const events = await this.readBack(`read ${stream}`, settleDeadline, readProblems, async () => {
        const read = await store.readStream(stream);
        return read.found ? read.events : [];
      });
      if (events) streamReads.set(stream, events.map(ref));
    }
    const all = await this.readBack('read $all', settleDeadline, readProblems, async () =>
      (await store.readAll({ fromPosition: startPosition })).filter((e) => this.ours(e)),
    );

    if (all) {
      await this.waitFor(() => all.every((e) => this.deliveredIds.has(e.id)) || this.subscriptionFailure !== undefined, settleDeadline - this.now());
    }
    await subscription.stop();

    const checks = verify({
      records: this.records,
      killedAtMs: killedAt,
      killProblem,
      streams: streamReads,
      all: all?.map(ref),
      delivered: this.delivered,
      subscriptionFailure: this.subscriptionFailure,
      refusals: this.refusals,
      readProblems,
    });
    checks.unshift({ name: 'gossip named a leader', ok: true, detail: show(leaderBefore) });
    return this.report(checks, { killedAt, victim, leaderAfter });
  }

  private report(checks: Check[], run: { killedAt?: number; victim?: NodeAddress; leaderAfter?: SmokeReport['leaderAfter'] }): SmokeReport {
    const { killedAt, victim, leaderAfter } = run;
    const ackTimes = this.records.flatMap((r) => (r.acknowledged ? [r.acknowledged.atMs] : [])).sort((a, b) => a - b);
    const afterKill =
      killedAt === undefined
        ? undefined
        : this.records.reduce((first, r) => (r.acknowledged && r.lastSentAtMs >= killedAt ? Math.min(first, r.acknowledged.atMs) : first), Infinity);
    return {
      ok: checks.every((c) => c.ok),
      runId: this.options.runId,
      streams: this.streams,
      leader: victim,
      killed: killedAt !== undefined,
      leaderAfter,
      appends: {
        sent: this.records.length,
        acknowledged: this.acknowledged(),
        retried: this.records.filter((r) => r.attempts > 1).length,
        acknowledgedByReadBack: this.records.filter((r) => r.acknowledged?.via === 'read-back').length,
      },
      firstAckAfterKillMs: afterKill === undefined || killedAt === undefined || !Number.isFinite(afterKill) ? undefined : afterKill - killedAt,
      longestAckGapMs: ackTimes.reduce((gap, t, i) => (i === 0 ? 0 : Math.max(gap, t - ackTimes[i - 1])), 0),
      errors: this.errors,
      subscription: { delivered: this.delivered.length, drops: this.subscriptionDrops },
      checks,
    };
  }

  /**
   * One writer: appends one event at a time to its own stream at the exact revision it expects,
   * so that a retry (same id, same expectation) is idempotent on the server whatever happened to
   * the first attempt. EventStoreDB's idempotency for ANY is a bounded in-memory cache, which a
   * new leader does not share.
   */
  private async writer(stream: string): Promise<void> {
    let revision = -1;
    for (let seq = 0; !this.stopWriting; seq++) {
      const record: AppendRecord = {
        id: randomUUID(),
        stream,
        seq,
        expectedRevision: revision,
        attempts: 0,
        firstSentAtMs: this.now(),
        lastSentAtMs: this.now(),
      };
      this.records.push(record);
      if (!(await this.appendUntilAnswered(record))) return;
      revision = (record.acknowledged as NonNullable<AppendRecord['acknowledged']>).revision;
      if (this.options.pauseMs > 0) await sleep(this.options.pauseMs);
    }
  }

  /** Retries one append until it is acknowledged; false if it never was (the writer then stops). */
  private async appendUntilAnswered(record: AppendRecord): Promise<boolean> {
    const { store } = this.deps;
    const event = { id: record.id, type: EVENT_TYPE, data: { runId: this.options.runId, seq: record.seq } };
    const expected = record.expectedRevision < 0 ? NO_STREAM : record.expectedRevision;
    let backoffMs = 50;
    for (;;) {
      record.attempts += 1;
      record.lastSentAtMs = this.now();
      try {
        const result = await withTimeout(store.append(record.stream, [event], expected), this.options.attemptTimeoutMs);
        record.acknowledged = { revision: result.nextExpectedRevision, position: result.position, atMs: this.now(), via: 'append' };
        return true;
      } catch (error) {
        this.count(error);
        if (error instanceof WrongExpectedVersion) return this.resolveConflict(record, error);
        if (error instanceof EventStoreError && !error.retrySafe) {
          this.refusals.push(`${record.stream} #${record.seq}: ${error.name} (not retry-safe): ${error.message}`);
          return false;
        }
        // Not an EventStoreError: the port promises one, so the application would not know to retry.
        if (!(error instanceof EventStoreError) && !(error instanceof AttemptTimeout)) {
          this.refusals.push(`${record.stream} #${record.seq}: ${describe(error)} (not an EventStoreError)`);
        }
      }
      if (this.now() > this.drainDeadline) return false;
      await sleep(backoffMs);
      backoffMs = Math.min(backoffMs * 2, 1_000);
    }
  }

  /**
   * A retry at the same exact revision with the same id must be answered as a success. If it is
   * answered "wrong expected version", the application would re-decide and write anew: find out
   * whether our event is the one stored there, and report the answer as a refusal either way.
   */
  private async resolveConflict(record: AppendRecord, error: WrongExpectedVersion): Promise<boolean> {
    const at = record.expectedRevision + 1;
    this.refusals.push(`${record.stream} #${record.seq} (attempt ${record.attempts}): ${error.message}`);
    for (;;) {
      try {
        const read = await this.deps.store.readStream(record.stream, { fromRevision: at, maxCount: 1 });
        const stored = read.found ? read.events[0] : undefined;
        if (stored?.id === record.id && stored.revision === at) {
          record.acknowledged = { revision: stored.revision, position: stored.position, atMs: this.now(), via: 'read-back' };
          return true;
        }
        this.log(`${record.stream}: revision ${at} holds ${stored ? stored.id : 'nothing'}, not ${record.id}; this writer stops`);
        return false;
      } catch (readError) {
        this.count(readError);
        if (!(readError instanceof EventStoreError && readError.retrySafe) || this.now() > this.drainDeadline) return false;
        await sleep(200);
      }
    }
  }

  private subscribe(): Subscription {
    let quiet = false;
    return this.deps.store.subscribeToAll({
      backoff: { initialMs: 100, maxMs: 2_000 },
      onEvent: (event) => {
        quiet = false;
        if (!this.ours(event)) return;
        this.delivered.push(ref(event));
        this.deliveredIds.add(event.id);
      },
      onDropped: (error) => {
        this.subscriptionDrops += 1;
        // Once per outage: it keeps failing to resubscribe until a node answers.
        if (!quiet) this.log(`subscription dropped (${describe(error)}); it resubscribes from its checkpoint`);
        quiet = true;
      },
      onFailed: (error) => {
        this.subscriptionFailure = describe(error);
        this.log(`subscription failed: ${describe(error)}`);
      },
    });
  }

  private ours(event: RecordedEvent): boolean {
    return event.stream.startsWith(this.prefix);
  }

  private acknowledged(): number {
    return this.records.filter((r) => r.acknowledged).length;
  }

  private async waitForLeader(): Promise<NodeAddress | undefined> {
    let leader: NodeAddress | undefined;
    await this.waitFor(async () => (leader = await this.findLeader()) !== undefined, this.options.leaderTimeoutMs);
    if (leader) this.log(`leader: ${show(leader)}`);
    return leader;
  }

  private async findLeader(): Promise<NodeAddress | undefined> {
    try {
      return await this.deps.findLeader();
    } catch {
      return undefined;
    }
  }

  /** Polls gossip until it names a leader other than the killed node; informational only. */
  private async watchForNewLeader(killed: NodeAddress, killedAt: number, until: number): Promise<SmokeReport['leaderAfter']> {
    while (this.now() < until) {
      const leader = await this.findLeader();
      if (leader && !sameNode(leader, killed)) return { ...leader, afterMs: this.now() - killedAt };
      await sleep(250);
    }
    return undefined;
  }

  /** The position of the last user event before the run, so the `$all` read skips older history. */
  private async lastPosition(): Promise<number | undefined> {
    const health = await this.deps.store.health().catch(() => undefined);
    return health?.reachable ? health.lastPosition : undefined;
  }

  /** A read after the run, retried while the cluster settles (until `deadline`). */
  private async readBack<T>(what: string, deadline: number, problems: string[], read: () => Promise<T>): Promise<T | undefined> {
    for (;;) {
      try {
        return await read();
      } catch (error) {
        const retry = error instanceof EventStoreError && error.retrySafe && this.now() < deadline;
        if (!retry) {
          problems.push(`${what}: ${describe(error)}`);
          return undefined;
        }
        await sleep(250);
      }
    }
  }

  private async waitFor(condition: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
    const deadline = this.now() + timeoutMs;
    for (;;) {
      if (await condition()) return true;
      if (this.now() >= deadline) return false;
      await sleep(100);
    }
  }

  private async sleepUntil(at: number): Promise<void> {
    const wait = at - this.now();
    if (wait > 0) await sleep(wait);
  }

  private count(error: unknown): void {
    const key =
      error instanceof EventStoreError ? `${error.name}${error.retrySafe ? '' : ' (not retry-safe)'}` : error instanceof AttemptTimeout ? 'no answer' : `other: ${describe(error)}`;
    this.errors[key] = (this.errors[key] ?? 0) + 1;
  }
}

class AttemptTimeout extends Error {
  override readonly name = 'AttemptTimeout';
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new AttemptTimeout(`no answer within ${ms} ms`)), ms);
  });
  // A late answer to an abandoned attempt is harmless: the retry carries the same id and revision.
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function ref(event: RecordedEvent): StoredRef {
  return { id: event.id, stream: event.stream, revision: event.revision, position: event.position };
}

export function sameNode(a: NodeAddress, b: NodeAddress): boolean {
  return a.host.toLowerCase() === b.host.toLowerCase() && a.port === b.port;
}

export function show(node: NodeAddress): string {
  return `${node.host}:${node.port}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

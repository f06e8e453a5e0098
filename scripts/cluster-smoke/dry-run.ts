/**
 * Drives the cluster smoke test against the in-process EventStoreDB test server, without Docker:
 *   npx ts-node --transpile-only scripts/cluster-smoke/dry-run.ts
 * The "leader" is a proxy in front of the server; killing it swallows the answers to appends in
 * flight (they are stored but not acknowledged), cuts every connection and refuses new ones for a
 * while. One honest run must pass, with retries answered idempotently; runs where the store or
 * the subscription misbehaves on purpose must fail on the check that covers it.
 * Exits 0 when every scenario ends as expected.
 */
import * as grpc from '@grpc/grpc-js';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { GossipService } from '@eventstore/db-client/generated/gossip_grpc_pb';
import { ClusterInfo, EndPoint, MemberInfo } from '@eventstore/db-client/generated/gossip_pb';
import { EventStoreUnavailable } from '../../src/event-store/event-store.errors';
import { EventStore } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer } from '../../test/support/esdb-test-server';
import { FlakyProxy } from './flaky-proxy';
import { gossipLeaderFinder } from './gossip';
import { RunCommand, commandKiller } from './kill';
import { DEFAULT_OPTIONS, NodeAddress, SmokeOptions, SmokeReport, runClusterSmoke, summary } from './smoke';

interface Scenario {
  name: string;
  options?: Partial<SmokeOptions>;
  /** Wraps the store the smoke test appends through. */
  store?(store: EventStore, raw: EventStoreDBClient, runId: string): EventStore;
  kill?(proxy: FlakyProxy, raw: EventStoreDBClient, runId: string): Promise<void>;
  /** Replaces the injected leader finder and kill action (to drive the real gossip and command code). */
  cluster?(proxy: FlakyProxy): Promise<FakeCluster>;
  /** Problems with the outcome; none means the scenario ended as expected. */
  expect(report: SmokeReport, world: World): string[];
}

interface World {
  proxy: FlakyProxy;
  server: EsdbTestServer;
  cluster?: FakeCluster;
  /** Appends sent more than once, with when the last attempt left. */
  retried: { id: string; lastSentAtMs: number }[];
}

interface FakeCluster {
  findLeader(): Promise<NodeAddress | undefined>;
  kill(node: NodeAddress): Promise<void>;
  commands: string[][];
  stop(): Promise<void>;
}

/**
 * Three gossip endpoints telling one story: node 1 (the proxy) leads until it is killed, then
 * node 2 does. The kill goes through the real command killer, with `docker` answered here.
 */
async function fakeCluster(proxy: FlakyProxy, proxyPort: number): Promise<FakeCluster> {
  const nodes = [
    { service: 'esdb1', address: { host: '127.0.0.1', port: proxyPort } },
    { service: 'esdb2', address: { host: '127.0.0.1', port: proxyPort + 1 } },
    { service: 'esdb3', address: { host: '127.0.0.1', port: proxyPort + 2 } },
  ];
  let leader = 0;
  const dead = new Set<number>();
  const servers = await Promise.all(
    nodes.map(async (_, self) => {
      const server = new grpc.Server();
      server.addService(GossipService, {
        read: (_call: unknown, callback: grpc.sendUnaryData<ClusterInfo>) => {
          if (dead.has(self)) return callback({ code: grpc.status.UNAVAILABLE, details: 'killed', metadata: new grpc.Metadata(), name: 'Error', message: 'killed' });
          const members = nodes.map((node, i) =>
            new MemberInfo()
              .setState(i === leader ? MemberInfo.VNodeState.LEADER : MemberInfo.VNodeState.FOLLOWER)
              .setIsAlive(!dead.has(i))
              .setHttpEndPoint(new EndPoint().setAddress(node.address.host).setPort(node.address.port)),
          );
          callback(null, new ClusterInfo().setMembersList(members));
        },
      });
      const port = await new Promise<number>((resolve, reject) =>
        server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (error, bound) => (error ? reject(error) : resolve(bound))),
      );
      return { server, port };
    }),
  );
  const commands: string[][] = [];
  const run: RunCommand = async (argv) => {
    commands.push(argv);
    if (argv[0] === 'docker' && argv[1] === 'ps') {
      const port = Number(/^publish=(\d+)$/.exec(argv[3] ?? '')?.[1]);
      // As Docker prints the query's format: name|service, one line per matching container.
      return nodes
        .filter((node) => node.address.port === port)
        .map((node) => `factcheck-desk-cluster-${node.service}-1|${node.service}\n`)
        .join('');
    }
    if (argv[0] === 'docker' && argv[1] === 'kill') {
      const victim = nodes.findIndex((node) => `factcheck-desk-cluster-${node.service}-1` === argv[2]);
      if (victim < 0) throw new Error(`Error response from daemon: No such container: ${argv[2]}`);
      dead.add(victim);
      leader = victim === 0 ? 1 : 0;
      await proxy.outage({ swallowMs: 100, downMs: 500 });
      return `${argv[2]}\n`;
    }
    throw new Error(`unexpected command: ${argv.join(' ')}`);
  };
  return {
    findLeader: gossipLeaderFinder(`esdb://${servers.map((s) => `127.0.0.1:${s.port}`).join(',')}?tls=false`, 500),
    kill: commandKiller({ template: 'docker kill {container}', run }),
    commands,
    stop: async () => {
      await Promise.all(servers.map(({ server }) => new Promise<void>((resolve) => server.tryShutdown(() => resolve()))));
    },
  };
}

const failed = (report: SmokeReport) => report.checks.filter((c) => !c.ok).map((c) => c.name);
const STREAM_CHECK = 'each stream holds every acknowledged event exactly once, in order';
const ALL_CHECK = '$all holds every acknowledged event exactly once, at its acknowledged position';
const SUBSCRIPTION_CHECK = 'the subscription from the start delivered each event exactly once, in log order';

/** The store with some methods replaced; the others call through (works whatever the adapter's fields are). */
function withOverrides(store: EventStore, overrides: Partial<EventStore>): EventStore {
  return {
    atomicAcrossStreams: store.atomicAcrossStreams,
    append: (...args) => store.append(...args),
    appendStreams: (...args) => store.appendStreams(...args),
    readStream: (...args) => store.readStream(...args),
    readAll: (...args) => store.readAll(...args),
    subscribeToAll: (...args) => store.subscribeToAll(...args),
    health: () => store.health(),
    close: () => store.close(),
    ...overrides,
  };
}

/** Ids the decorated store acknowledged, in order: scenarios pick their victims from it. */
const acknowledgedIds: string[] = [];

function recordingAcks(store: EventStore): EventStore {
  return withOverrides(store, {
    append: async (...args: Parameters<EventStore['append']>) => {
      const result = await store.append(...args);
      acknowledgedIds.push(...args[1].map((e) => e.id ?? ''));
      return result;
    },
  });
}

const scenarios: Scenario[] = [
  {
    name: 'the leader dies with appends in flight and comes back',
    options: { durationMs: 4_000 },
    kill: (proxy) => proxy.outage({ swallowMs: 150, downMs: 1_500 }),
    expect: (report, { proxy, server, retried }) => {
      const problems = failed(report).map((name) => `check failed: ${name}`);
      if (proxy.swallowedBytes === 0) problems.push('no answer was swallowed: the kill hit nothing in flight');
      if (report.appends.retried === 0) problems.push('no append was retried');
      // An append stored by an earlier attempt and acknowledged by a later one: the idempotent retry path ran.
      const storedAt = new Map(server.events.map((e) => [e.id, Number(BigInt(e.created) / 10_000n)]));
      const retriedAfterStored = retried.filter((r) => (storedAt.get(r.id) ?? Infinity) < r.lastSentAtMs);
      if (retriedAfterStored.length === 0) problems.push('no retried append had already been stored: the idempotent path was not exercised');
      return problems;
    },
  },
  {
    name: 'the leader found by gossip and killed with a command',
    cluster: async (proxy) => fakeCluster(proxy, proxy.port),
    expect: (report, { cluster }) => {
      const problems = failed(report).map((name) => `check failed: ${name}`);
      const kills = (cluster?.commands ?? []).filter((argv) => argv[1] === 'kill');
      if (kills.length !== 1 || kills[0].join(' ') !== 'docker kill factcheck-desk-cluster-esdb1-1') {
        problems.push(`expected one "docker kill factcheck-desk-cluster-esdb1-1", ran: ${kills.map((a) => a.join(' ')).join('; ') || 'nothing'}`);
      }
      if (!report.leaderAfter || report.leaderAfter.port === report.leader?.port) problems.push('the new leader was not seen in gossip');
      return problems;
    },
  },
  {
    name: 'an acknowledged append that was never stored',
    store: (store) => {
      let n = 0;
      return withOverrides(store, {
        append: async (...args: Parameters<EventStore['append']>) => {
          if (++n !== 5) return store.append(...args);
          const expected = typeof args[2] === 'number' ? args[2] : -1;
          return { nextExpectedRevision: expected + 1, position: 1 };
        },
      });
    },
    expect: (report) => (failed(report).includes(STREAM_CHECK) && failed(report).includes(ALL_CHECK) ? [] : [`expected "${STREAM_CHECK}" and "${ALL_CHECK}" to fail`]),
  },
  {
    name: 'an acknowledged event written a second time during the outage',
    store: (store) => recordingAcks(store),
    kill: async (proxy, raw, runId) => {
      const victim = acknowledgedIds[0];
      await raw.appendToStream(`cluster-smoke-${runId}-copy`, jsonEvent({ id: victim, type: 'ClusterSmokeAppended', data: { copy: true } }));
      await proxy.outage({ swallowMs: 50, downMs: 200 });
    },
    expect: (report) => (failed(report).includes(ALL_CHECK) ? [] : [`expected "${ALL_CHECK}" to fail`]),
  },
  {
    name: 'a subscription that delivers an event twice',
    store: (store) =>
      withOverrides(store, {
        subscribeToAll: (options: Parameters<EventStore['subscribeToAll']>[0]) => {
          let n = 0;
          return store.subscribeToAll({
            ...options,
            onEvent: async (event) => {
              await options.onEvent(event);
              if (event.stream.includes('cluster-smoke-') && ++n === 3) await options.onEvent(event);
            },
          });
        },
      }),
    expect: (report) => {
      const names = failed(report);
      return names.length === 1 && names[0] === SUBSCRIPTION_CHECK ? [] : [`expected only "${SUBSCRIPTION_CHECK}" to fail, got: ${names.join('; ') || 'none'}`];
    },
  },
  {
    name: 'a leader that never comes back',
    options: { drainTimeoutMs: 1_000, settleTimeoutMs: 1_000 },
    kill: (proxy) => proxy.outage({ swallowMs: 50, downMs: 60_000 }),
    expect: (report) =>
      failed(report).includes('appends resumed after the kill') && failed(report).includes('every append was acknowledged in the end')
        ? []
        : ['expected "appends resumed after the kill" and "every append was acknowledged in the end" to fail'],
  },
  {
    name: 'a kill command that fails',
    kill: async () => {
      throw new Error('docker: no such container');
    },
    expect: (report) => (failed(report).includes('the leader was killed') ? [] : ['expected "the leader was killed" to fail']),
  },
  {
    name: 'appends refused as not safe to retry during the outage',
    store: (store) => {
      let n = 0;
      return withOverrides(store, {
        append: async (...args: Parameters<EventStore['append']>) => {
          if (++n === 7) throw Object.assign(new EventStoreUnavailable('pretend the outcome is unknown'), { retrySafe: false });
          return store.append(...args);
        },
      });
    },
    expect: (report) =>
      failed(report).includes('no append error was one the application would give up on') ? [] : ['expected the refusal check to fail'],
  },
];

async function runScenario(scenario: Scenario): Promise<string[]> {
  const server = new EsdbTestServer();
  const { port } = await server.start();
  const proxy = new FlakyProxy({ host: '127.0.0.1', port });
  const proxyPort = await proxy.start();
  const base = EventStoreDbEventStore.fromConnectionString(`esdb://127.0.0.1:${proxyPort}?tls=false`);
  const raw = EventStoreDBClient.connectionString(`esdb://127.0.0.1:${port}?tls=false`);
  const runId = `dry-${Math.random().toString(36).slice(2, 8)}`;
  acknowledgedIds.length = 0;
  const attempts = new Map<string, number>();
  const lastSent = new Map<string, number>();
  const wrapped = scenario.store ? scenario.store(base, raw, runId) : base;
  // Count attempts per id under any scenario wrapper, to find the appends that were retried.
  const store: EventStore = withOverrides(wrapped, {
    append: (...args: Parameters<EventStore['append']>) => {
      for (const e of args[1]) {
        attempts.set(e.id ?? '', (attempts.get(e.id ?? '') ?? 0) + 1);
        lastSent.set(e.id ?? '', Date.now());
      }
      return wrapped.append(...args);
    },
  });
  const leader: NodeAddress = { host: '127.0.0.1', port: proxyPort };
  const cluster = scenario.cluster ? await scenario.cluster(proxy) : undefined;
  const options: SmokeOptions = {
    ...DEFAULT_OPTIONS,
    writers: 3,
    warmupMs: 1_000,
    durationMs: 2_000,
    pauseMs: 5,
    leaderTimeoutMs: 5_000,
    drainTimeoutMs: 10_000,
    settleTimeoutMs: 10_000,
    runId,
    ...scenario.options,
  };
  try {
    const report = await runClusterSmoke(options, {
      store,
      findLeader: cluster?.findLeader ?? (async () => leader),
      kill: cluster?.kill ?? (() => (scenario.kill ?? ((p: FlakyProxy) => p.outage({ swallowMs: 50, downMs: 300 })))(proxy, raw, runId)),
    });
    const retried = [...attempts].filter(([, n]) => n > 1).map(([id]) => ({ id, lastSentAtMs: lastSent.get(id) ?? 0 }));
    process.stdout.write(`\n== ${scenario.name}\n${summary(report)}\n`);
    return scenario.expect(report, { proxy, server, cluster, retried });
  } finally {
    await cluster?.stop();
    await base.close().catch(() => undefined);
    await raw.dispose().catch(() => undefined);
    await proxy.stop();
    await server.stop();
  }
}

async function main(): Promise<number> {
  let bad = 0;
  for (const scenario of scenarios) {
    const problems = await runScenario(scenario).catch((error: unknown) => [`crashed: ${error instanceof Error ? error.stack : String(error)}`]);
    process.stdout.write(problems.length === 0 ? `-> as expected\n` : `-> NOT AS EXPECTED: ${problems.join('; ')}\n`);
    if (problems.length > 0) bad += 1;
  }
  process.stdout.write(`\n${scenarios.length - bad} passed, ${bad} failed\n`);
  return bad === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);

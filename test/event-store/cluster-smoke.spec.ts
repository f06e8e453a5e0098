import { spawnSync } from 'node:child_process';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { gossipLeaderFinder } from '../../scripts/cluster-smoke/gossip';
import { NodeAddress, runClusterSmoke, summary } from '../../scripts/cluster-smoke/smoke';
import { EsdbTestCluster } from '../support/esdb-test-server';

/**
 * The smoke test CI runs on a real three-node cluster (scripts/cluster-smoke.ts), driven here against
 * the in-process cluster: the leader is found through gossip, killed mid-append, another node is elected
 * a moment later, and the run must show no acknowledged event lost or doubled and a subscription that
 * delivered each event exactly once.
 */
describe('cluster smoke test against the in-process three-node cluster', () => {
  let cluster: EsdbTestCluster;
  let store: EventStoreDbEventStore;

  beforeEach(async () => {
    cluster = await EsdbTestCluster.start(3);
    store = EventStoreDbEventStore.fromConnectionString(cluster.connectionString);
  });

  afterEach(async () => {
    await store.close();
    await cluster.stop();
  });

  it('kills the leader while appending: nothing acknowledged is lost, nothing is written twice, projections see each event once', async () => {
    const elections: number[] = [];
    const kill = async (node: NodeAddress) => {
      const index = cluster.nodes.findIndex((n) => n.port === node.port);
      await cluster.kill(index);
      // The election is not instant: for a moment the cluster has no leader at all.
      setTimeout(() => {
        const next = (index + 1) % cluster.nodes.length;
        cluster.electLeader(next);
        elections.push(next);
      }, 300);
    };

    const report = await runClusterSmoke(
      {
        runId: `smoke-${Date.now()}`,
        writers: 3,
        warmupMs: 400,
        durationMs: 1_500,
        pauseMs: 5,
        leaderTimeoutMs: 10_000,
        drainTimeoutMs: 15_000,
        attemptTimeoutMs: 5_000,
        settleTimeoutMs: 15_000,
      },
      { store, findLeader: gossipLeaderFinder(cluster.connectionString), kill },
    );

    expect(report.killed).toBe(true);
    expect(elections).toHaveLength(1);
    expect(report.leaderAfter?.port).toBe(cluster.nodes[elections[0]].port);
    expect(report.appends.acknowledged).toBeGreaterThan(0);
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(summary(report)).toContain('PASSED');
  }, 60_000);
});

describe('cluster smoke test: its own checks catch what they are meant to catch', () => {
  it('passes the honest run and fails each deliberately broken one (scripts/cluster-smoke/dry-run.ts)', () => {
    const run = spawnSync(process.execPath, [require.resolve('ts-node/dist/bin.js'), '--transpile-only', 'scripts/cluster-smoke/dry-run.ts'], {
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(run.stdout).toMatch(/\b(\d+) passed, 0 failed\b/);
    expect(run.status).toBe(0);
  }, 150_000);
});

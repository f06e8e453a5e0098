/**
 * Smoke test of an EventStoreDB/KurrentDB cluster through the project's adapter: appends while the
 * leader is killed, then checks nothing acknowledged was lost or doubled and a subscription saw
 * every event once. Exit code 0 when every check holds, 1 when one fails, 2 on bad arguments.
 *   npx ts-node --transpile-only scripts/cluster-smoke.ts --help
 */
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { EventStoreDbEventStore } from '../src/event-store/eventstoredb/eventstoredb.event-store';
import { gossipLeaderFinder } from './cluster-smoke/gossip';
import { commandKiller } from './cluster-smoke/kill';
import { DEFAULT_OPTIONS, SmokeReport, runClusterSmoke, summary } from './cluster-smoke/smoke';

const DEFAULT_CONNECTION = 'esdb://esdb1:2111,esdb2:2112,esdb3:2113?tls=false&nodePreference=leader';
const DEFAULT_KILL = 'docker kill {container}';

const HELP = `Usage: npx ts-node --transpile-only scripts/cluster-smoke.ts [options]

Appends events continuously through the EventStoreDB adapter (one stream per writer, exact expected
revisions, known ids), finds the leader by gossip, kills it, keeps appending through the election
(retrying unacknowledged appends with the same ids), then checks that every acknowledged event is
stored exactly once where it was acknowledged and that a subscription from the start of $all
delivered each event of the run exactly once, in log order. Prints a summary; exits 0 if every
check holds, 1 if one fails, 2 on bad arguments.

Options:
  --connection-string S  the cluster (default: $EVENTSTORE_CONNECTION_STRING, else
                         ${DEFAULT_CONNECTION};
                         the seeds are also asked for gossip)
  --duration SEC         keep appending this long after the kill (default ${DEFAULT_OPTIONS.durationMs / 1000})
  --warmup SEC           append this long before the kill (default ${DEFAULT_OPTIONS.warmupMs / 1000})
  --writers N            concurrent writers, one stream each (default ${DEFAULT_OPTIONS.writers})
  --pause-ms MS          pause between two appends of a writer (default ${DEFAULT_OPTIONS.pauseMs})
  --kill-command CMD     how to kill the leader (default "${DEFAULT_KILL}"). Placeholders:
                         {host} {port}: the address the leader advertises to clients;
                         {container} {service}: the Docker container publishing that port on this
                         host, and its Compose service (looked up with "docker ps" only when used).
                         Run without a shell: point it at a script for anything more, e.g.
                         --kill-command "kubectl delete pod --grace-period=0 --force {host}"
  --drain-timeout SEC    after the run, how long a writer may retry its last append (default ${DEFAULT_OPTIONS.drainTimeoutMs / 1000})
  --settle-timeout SEC   how long reads and the subscription may take to see everything (default ${DEFAULT_OPTIONS.settleTimeoutMs / 1000})
  --leader-timeout SEC   how long to wait for a leader and a first acknowledgement (default ${DEFAULT_OPTIONS.leaderTimeoutMs / 1000})
  --report FILE          also write the report as JSON
  --help                 this text

With docker-compose.cluster.yml, nodes advertise esdb1:2111, esdb2:2112 and esdb3:2113; from the
host, map those names to 127.0.0.1 (/etc/hosts) first.`;

class UsageError extends Error {}

function nonNegative(name: string, value: string | undefined, fallback: number, scale: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number >= 0, not "${value}"`);
  return Math.round(n * scale);
}

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        'connection-string': { type: 'string' },
        duration: { type: 'string' },
        warmup: { type: 'string' },
        writers: { type: 'string' },
        'pause-ms': { type: 'string' },
        'kill-command': { type: 'string' },
        'drain-timeout': { type: 'string' },
        'settle-timeout': { type: 'string' },
        'leader-timeout': { type: 'string' },
        report: { type: 'string' },
        help: { type: 'boolean' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }

  const connectionString = values['connection-string'] ?? process.env.EVENTSTORE_CONNECTION_STRING ?? DEFAULT_CONNECTION;
  const writers = nonNegative('writers', values.writers, DEFAULT_OPTIONS.writers, 1);
  if (writers < 1) throw new UsageError('--writers must be at least 1');
  const options = {
    writers,
    warmupMs: nonNegative('warmup', values.warmup, DEFAULT_OPTIONS.warmupMs, 1000),
    durationMs: nonNegative('duration', values.duration, DEFAULT_OPTIONS.durationMs, 1000),
    pauseMs: nonNegative('pause-ms', values['pause-ms'], DEFAULT_OPTIONS.pauseMs, 1),
    drainTimeoutMs: nonNegative('drain-timeout', values['drain-timeout'], DEFAULT_OPTIONS.drainTimeoutMs, 1000),
    settleTimeoutMs: nonNegative('settle-timeout', values['settle-timeout'], DEFAULT_OPTIONS.settleTimeoutMs, 1000),
    leaderTimeoutMs: nonNegative('leader-timeout', values['leader-timeout'], DEFAULT_OPTIONS.leaderTimeoutMs, 1000),
    attemptTimeoutMs: DEFAULT_OPTIONS.attemptTimeoutMs,
    runId: `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`,
  };

  const log = (line: string) => process.stdout.write(`[${new Date().toISOString()}] ${line}\n`);
  let findLeader;
  let kill;
  try {
    findLeader = gossipLeaderFinder(connectionString);
    kill = commandKiller({ template: values['kill-command'] ?? DEFAULT_KILL, log });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const store = EventStoreDbEventStore.fromConnectionString(connectionString);

  log(`cluster smoke ${options.runId}: ${connectionString}, ${options.writers} writers, kill after ${options.warmupMs / 1000} s, then ${options.durationMs / 1000} s`);
  let report: SmokeReport;
  try {
    report = await runClusterSmoke(options, { store, findLeader, kill, log });
  } finally {
    await store.close().catch(() => undefined);
  }

  process.stdout.write(`\n${summary(report)}\n`);
  if (values.report) writeFileSync(values.report, JSON.stringify(report, null, 2));
  return report.ok ? 0 : 1;
}

if (require.main === module) {
  // The client may throw outside any promise we hold (a stream handler): that fails the smoke test too.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`cluster smoke: the process crashed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  });
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n\n${HELP}\n`);
        process.exit(2);
      }
      process.stderr.write(`cluster smoke: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
      process.exit(1);
    },
  );
}

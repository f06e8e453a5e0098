/**
 * Section 5: the audit queries on the long claim, over HTTP to the service, one call at a time.
 * Baselines: for the history page, an authenticated no-op query ({ whoami }) on the same server
 * (the round-trip floor); for time travel and verification, which must read every event of the
 * claim, a plain readStream of the whole claim through the event-store port in the bench process.
 */
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { claimStream } from '../../src/claims/application/claim-stream';
import { timeSequential } from '../http-load';
import type { BenchOptions } from '../options';
import { figure, Figure } from '../report';
import { timeRepeatedly } from '../stats';

const HISTORY = `query History($claimId: ID!) {
  claimHistory(claimId: $claimId, first: 50) {
    lastRevision
    edges { cursor node { id type revision recordedAt actor { id name } summary hash } }
    pageInfo { hasNextPage endCursor }
  }
}`;
const AS_OF = `query AsOf($claimId: ID!, $at: DateTime!) {
  claimAsOf(claimId: $claimId, at: $at) { existed revision recordedAt claim { id revision status statement citations { id excerpt } verdicts { id rationale revisions } } }
}`;
const VERIFY = 'query Verify($claimId: ID!) { verifyAuditTrail(claimId: $claimId) { ok eventsChecked lastRevision firstBreak { revision reason } } }';
const WHOAMI = '{ whoami { id } }';

export async function auditSection(
  options: BenchOptions,
  serviceUrl: string,
  eventsFile: string,
  longClaim: { claimId: string; events: number },
  token: string,
  progress: (m: string) => void,
): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const n = options.auditIterations;
  const variables = { claimId: longClaim.claimId };
  progress(`audit: claimHistory, claimAsOf, verifyAuditTrail on a claim with ${longClaim.events} events`);
  const floor = await timeSequential(serviceUrl, n, () => ({ query: WHOAMI, token }));
  const history = await timeSequential(serviceUrl, n, () => ({ query: HISTORY, variables, token }));
  const asOf = await timeSequential(serviceUrl, n, () => ({ query: AS_OF, variables: { ...variables, at: new Date().toISOString() }, token }));
  const verifyRuns = Math.max(3, Math.ceil(n / 5));
  const verify = await timeSequential(serviceUrl, verifyRuns, () => ({ query: VERIFY, variables, token }));

  const store = new SqliteEventStore({ file: eventsFile });
  const read = await timeRepeatedly(Math.max(3, Math.ceil(n / 5)), () => store.readStream(claimStream(longClaim.claimId)));
  await store.close();

  const errors = [history, asOf, verify].filter((r) => r.errors > 0).map((r) => r.firstError);
  const readBaseline = { name: `readStream of all ${longClaim.events} events (in process), p50`, value: read.p50, unit: 'ms', latency: read };
  const figures = [
    figure({
      id: 'audit.history',
      name: 'claimHistory first page (50), p99',
      value: history.latency.p99,
      unit: 'ms',
      better: 'lower',
      latency: history.latency,
      baseline: { name: '{ whoami } round trip, p99', value: floor.latency.p99, unit: 'ms', latency: floor.latency },
      target: { text: '< 50 ms', met: history.latency.p99 < 50 },
    }),
    figure({
      id: 'audit.asOf',
      name: 'claimAsOf (now: folds every event), p99',
      value: asOf.latency.p99,
      unit: 'ms',
      better: 'lower',
      latency: asOf.latency,
      baseline: readBaseline,
      target: { text: '< 50 ms', met: asOf.latency.p99 < 50 },
    }),
    figure({
      id: 'audit.verify',
      name: 'verifyAuditTrail (re-hashes every event), p99',
      value: verify.latency.p99,
      unit: 'ms',
      better: 'lower',
      latency: verify.latency,
      baseline: readBaseline,
    }),
  ];
  if (errors.length) figures[0].note = `errors: ${errors.join('; ')}`;
  return { figures, details: { claimId: longClaim.claimId, events: longClaim.events, floor, history, asOf, verify, readStream: read } };
}

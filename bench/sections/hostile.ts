/**
 * Section 7: hostile load. (1) `/health` and a desk member's mutations, each paced, with no other
 * load (the baseline) and then while one client floods full-text searches over many connections
 * (its answers are mostly 429 RATE_LIMITED: that is the point). (2) The service's RSS after a series
 * of hostile requests (the issue's `claims(filter: { status: [DRAFT x N] })` with N varying, and
 * oversized documents), beside its RSS just before them.
 */
import { randomUUID } from 'node:crypto';
import { Agent, get } from 'node:http';
import { claimDetails, prng, SEARCH_WORDS } from '../domain-data';
import { post, runLoad } from '../http-load';
import type { Child } from '../children';
import type { BenchOptions } from '../options';
import { figure, Figure } from '../report';
import { round, Samples, since } from '../stats';

const MB = 1024 * 1024;
const SUBMIT = 'mutation Submit($input: SubmitClaimInput!) { submitClaim(input: $input) { claimId revision } }';
const SEARCH = 'query Search($filter: ClaimFilterInput) { claims(filter: $filter, first: 20) { totalCount edges { node { id } } } }';
const HEALTH_EVERY_MS = 20;
const MUTATION_EVERY_MS = 50;

function getHealth(agent: Agent, url: URL): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = get({ agent, host: url.hostname, port: url.port, path: '/health' }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('no answer within 30 s')));
  });
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** /health every 20 ms and a submitClaim every 50 ms (each waits for the previous answer) for `ms`. */
async function probe(serviceUrl: string, writerToken: string, ms: number, seed: number) {
  const graphql = new URL(serviceUrl);
  const base = new URL('/', serviceUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: 2 });
  const health = new Samples();
  const mutation = new Samples();
  const failures: string[] = [];
  const random = prng(seed);
  const endAt = performance.now() + ms;
  const loop = async (every: number, act: () => Promise<void>) => {
    while (performance.now() < endAt) {
      const t = performance.now();
      await act().catch((error: Error) => failures.push(error.message));
      await pause(Math.max(0, every - since(t)));
    }
  };
  await Promise.all([
    loop(HEALTH_EVERY_MS, async () => {
      const t = performance.now();
      const status = await getHealth(agent, base);
      health.add(since(t));
      if (status !== 200) failures.push(`/health answered ${status}`);
    }),
    loop(MUTATION_EVERY_MS, async () => {
      const t = performance.now();
      const answer = await post(agent, graphql, { query: SUBMIT, variables: { input: { ...claimDetails(random), mutationId: randomUUID() } }, token: writerToken });
      mutation.add(since(t));
      if (answer.errors?.length) failures.push(`submitClaim: ${answer.status} ${answer.errors[0].extensions?.code ?? ''} ${answer.errors[0].message}`);
    }),
  ]);
  agent.destroy();
  return { health: health.summary(), mutation: mutation.summary(), failures: failures.length, firstFailures: failures.slice(0, 5) };
}

/** The memory attack: distinct long status lists (distinct SQL texts), and every tenth request a ~450 KB document. */
function hostileRequest(i: number, count: number, maxList: number): { query: string; variables?: Record<string, unknown> } {
  if (i % 10 === 9) return { query: `{ ${Array.from({ length: 45_000 }, (_, k) => `a${k}: __typename`).join(' ').slice(0, 450_000)} }` };
  const n = Math.max(1, Math.round(maxList * (0.5 + (0.5 * i) / Math.max(1, count))));
  return { query: 'query($s: [ClaimStatus!]) { claims(filter: { status: $s }) { totalCount } }', variables: { s: Array(n).fill('DRAFT') } };
}

export async function hostileSection(
  options: BenchOptions,
  service: Child,
  tokens: { flooder: string; baselineWriter: string; floodWriter: string; attacker: string },
  progress: (m: string) => void,
): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const ms = options.durationSec * 1000;
  progress('hostile: /health and mutations, no other load (baseline)');
  const quiet = await probe(service.url, tokens.baselineWriter, ms, 7);

  progress(`hostile: /health and mutations while one client floods searches on ${options.floodConnections} connections`);
  let refused = 0;
  const [flooded, flood] = await Promise.all([
    probe(service.url, tokens.floodWriter, ms, 8),
    runLoad({
      url: service.url,
      connections: options.floodConnections,
      warmupMs: 0,
      durationMs: ms,
      session: (c) => {
        const random = prng(100 + c);
        return {
          next: () => ({ query: SEARCH, variables: { filter: { search: SEARCH_WORDS[Math.floor(random() * SEARCH_WORDS.length)] } }, token: tokens.flooder }),
          answered: (answer) => {
            if (answer.status === 429 && answer.errors?.[0]?.extensions?.code === 'RATE_LIMITED') refused += 1;
          },
        };
      },
    }),
  ]);
  const floodDetails = { offeredPerSecond: round((flood.requests * 1000) / ms, 1), servedPerSecond: flood.throughput, refusedRateLimited: refused, requests: flood.requests, latency: flood.latency };

  progress(`hostile: RSS before and after ${options.hostileRequests} hostile requests`);
  const before = await service.ask<{ rssBytes: number; peakRssBytes: number }>('memory');
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const codes: Record<string, number> = {};
  for (let i = 0; i < options.hostileRequests; i++) {
    let code = 'ok';
    try {
      const answer = await post(agent, new URL(service.url), { ...hostileRequest(i, options.hostileRequests, options.hostileMaxList), token: tokens.attacker });
      code = answer.errors?.length ? `${answer.status} ${answer.errors[0].extensions?.code ?? 'no code'}` : `${answer.status} ok`;
    } catch (error) {
      code = (error as Error).message.slice(0, 60);
    }
    codes[code] = (codes[code] ?? 0) + 1;
  }
  agent.destroy();
  const after = await service.ask<{ rssBytes: number; peakRssBytes: number }>('memory');

  const failed = (p: { failures: number; firstFailures: string[] }) => (p.failures ? `${p.failures} failed: ${p.firstFailures[0]}` : undefined);
  const noteOf = (...notes: (string | undefined)[]) => {
    const text = notes.filter(Boolean).join('; ');
    return text ? { note: text } : {};
  };
  return {
    figures: [
      figure({
        id: 'hostile.health',
        name: `/health p99 while one client floods searches @${options.floodConnections}`,
        value: flooded.health.p99,
        unit: 'ms',
        better: 'lower',
        latency: flooded.health,
        baseline: { name: '/health p99, no flood', value: quiet.health.p99, unit: 'ms', latency: quiet.health },
        ...noteOf(failed(flooded), failed(quiet)),
      }),
      figure({
        id: 'hostile.mutation',
        name: `submitClaim p99 (another actor) while one client floods searches @${options.floodConnections}`,
        value: flooded.mutation.p99,
        unit: 'ms',
        better: 'lower',
        latency: flooded.mutation,
        baseline: { name: 'submitClaim p99, no flood', value: quiet.mutation.p99, unit: 'ms', latency: quiet.mutation },
      }),
      figure({
        id: 'hostile.rss',
        name: `Service RSS after ${options.hostileRequests} hostile requests (status lists up to ${options.hostileMaxList}, ~450 KB documents)`,
        value: round(after.rssBytes / MB, 1),
        unit: 'MB',
        better: 'lower',
        baseline: { name: 'RSS just before them', value: round(before.rssBytes / MB, 1), unit: 'MB' },
      }),
    ],
    details: { quiet, flooded, flood: floodDetails, hostileAnswers: codes, memoryBefore: before, memoryAfter: after },
  };
}

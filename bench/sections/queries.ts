/**
 * Section 3: queries on the loaded desk, over HTTP, against the service and against the same
 * resolvers behind a bare graphql-js server (bare-graphql.child.ts), with the same requests.
 */
import { prng, SEARCH_WORDS, TOPICS } from '../domain-data';
import { Agent } from 'node:http';
import { GraphQLRequest, LoadResult, post, runLoad } from '../http-load';
import { since } from '../stats';
import type { BenchOptions } from '../options';
import { figure, Figure } from '../report';

export const CLAIM_QUERY = `query Claim($id: ID!) {
  claim(id: $id) {
    id revision status statement claimDate language topics submittedAt updatedAt
    claimant { name kind }
    appearances { url outlet appearedAt firstAppearance }
    submittedBy { id name }
    citations { id url title publisher publishedAt excerpt stance archivedUrl addedBy { id name } retraction { reason at } }
    verdicts { id reviewer { id name } rating rationale citationIds recordedAt revisions }
    publication { rating summary consensusRating justification verdictIds citationIds publishedBy { id name } publishedAt }
    corrections { note previousRating newRating newSummary addedCitationIds at }
    retraction { note at }
  }
}`;

export const PAGE_QUERY = `query Page($filter: ClaimFilterInput, $first: Int) {
  claims(filter: $filter, first: $first) {
    totalCount
    edges { cursor node { id statement status claimant { name } topics submittedBy { id } assignees { id } updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

export const SEARCH_QUERY = `query Search($filter: ClaimFilterInput, $first: Int) {
  claims(filter: $filter, first: $first) {
    totalCount
    edges { node { id statement claimant { name } publication { rating summary } } }
  }
}`;

export interface QueryWorkload {
  name: string;
  id: string;
  request(random: () => number): GraphQLRequest;
  target?: { text: string; test(throughput: number): boolean };
}

/** Readers open published fact-checks and search anonymously; the desk lists its claims in review with a token. */
export function queryWorkloads(publishedIds: string[], deskToken: string): QueryWorkload[] {
  const pick = <T>(random: () => number, list: readonly T[]) => list[Math.floor(random() * list.length)];
  return [
    {
      id: 'queries.claim',
      name: 'claim(id), a published fact-check, anonymous',
      request: (random) => ({ query: CLAIM_QUERY, variables: { id: pick(random, publishedIds) } }),
      target: { text: '>= 2,000 queries/s', test: (t) => t >= 2000 },
    },
    {
      id: 'queries.page',
      name: 'claims page: IN_REVIEW + topic, 20, desk token',
      request: (random) => ({ query: PAGE_QUERY, variables: { filter: { status: ['IN_REVIEW'], topic: pick(random, TOPICS) }, first: 20 }, token: deskToken }),
    },
    {
      id: 'queries.search',
      name: 'full-text search, 20 by relevance, desk token',
      request: (random) => ({ query: SEARCH_QUERY, variables: { filter: { search: pick(random, SEARCH_WORDS) }, first: 20 }, token: deskToken }),
    },
  ];
}

export async function querySection(
  options: BenchOptions,
  serviceUrl: string,
  bareUrl: string,
  workloads: QueryWorkload[],
  progress: (m: string) => void,
): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const figures: Figure[] = [];
  const details: Record<string, { service: LoadResult; bare: LoadResult }> = {};
  for (const workload of workloads) {
    const run = (url: string, seed: number) =>
      runLoad({
        url,
        connections: options.queryConnections,
        warmupMs: options.warmupSec * 1000,
        durationMs: options.durationSec * 1000,
        session: (c) => {
          const random = prng(seed + c);
          return { next: () => workload.request(random) };
        },
      });
    progress(`queries: ${workload.name} (service)`);
    const service = await run(serviceUrl, 1000);
    progress(`queries: ${workload.name} (bare graphql-js)`);
    const bare = await run(bareUrl, 1000);
    details[workload.id] = { service, bare };
    figures.push(
      figure({
        id: workload.id,
        name: `${workload.name} @${options.queryConnections}`,
        value: service.throughput,
        unit: 'queries/s',
        better: 'higher',
        latency: service.latency,
        baseline: { name: 'bare graphql-js, same resolvers', value: bare.throughput, unit: 'queries/s', latency: bare.latency },
        ...(workload.target ? { target: { text: workload.target.text, met: workload.target.test(service.throughput) } } : {}),
        ...(service.errors || bare.errors ? { note: `errors: service ${service.errors}, bare ${bare.errors}; ${[...service.firstErrors, ...bare.firstErrors][0] ?? ''}` } : {}),
      }),
    );
  }
  return { figures, details };
}

/**
 * The same search as a reader without a token, whose visibility filter (status IN (PUBLISHED,
 * RETRACTED)) is added to the SQL. Measured once, apart from the load and after everything else,
 * with a time limit: SQLite cannot cancel the query, so a slow one keeps the service busy.
 */
export async function anonymousSearchProbe(serviceUrl: string, timeoutMs: number, deskSearch: LoadResult | undefined): Promise<Figure> {
  const agent = new Agent({ keepAlive: false });
  const request = { query: SEARCH_QUERY, variables: { filter: { search: SEARCH_WORDS[0] }, first: 20 } };
  const started = performance.now();
  let note: string | undefined;
  try {
    const answer = await post(agent, new URL(serviceUrl), request, timeoutMs);
    if (answer.errors?.length) note = `error: ${answer.errors[0].message}`;
  } catch (error) {
    note = `no answer within ${timeoutMs} ms (${(error as Error).message}); the value is a lower bound`;
  }
  const ms = Math.min(since(started), timeoutMs);
  agent.destroy();
  return figure({
    id: 'queries.searchAnonymous',
    name: 'full-text search, anonymous (reader), one request',
    value: ms,
    unit: 'ms',
    better: 'lower',
    ...(deskSearch ? { baseline: { name: 'same search with a desk token, p50', value: deskSearch.latency.p50, unit: 'ms', latency: deskSearch.latency } } : {}),
    ...(note ? { note } : {}),
  });
}

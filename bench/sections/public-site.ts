/**
 * The public pages (issue 17): readers' GETs of fact-check pages, the index and the Atom feed under
 * closed-loop load, each against the service's own JSON export of the same thing (no template, no
 * timeline, no proof bundle), and the first render of pages never asked for before, one at a time.
 */
import type { BenchOptions } from '../options';
import { figure, Figure } from '../report';
import { prng } from '../domain-data';
import { runLoad, timeSequential, type GraphQLRequest, type LoadResult } from '../http-load';

interface PageWorkload {
  id: string;
  name: string;
  path: (random: () => number) => string;
  baseline: { name: string; path: (random: () => number) => string };
}

export async function publicSiteSection(
  options: BenchOptions,
  serviceUrl: string,
  publishedIds: string[],
  progress: (m: string) => void,
): Promise<{ figures: Figure[]; details: Record<string, unknown> }> {
  const pick = (random: () => number) => publishedIds[Math.floor(random() * publishedIds.length)];
  const workloads: PageWorkload[] = [
    {
      id: 'public.page',
      name: 'GET /claims/<id>, a published fact-check page, anonymous',
      path: (random) => `/claims/${pick(random)}`,
      baseline: { name: 'GET /claims/<id>/claim-review.jsonld, the same claims', path: (random) => `/claims/${pick(random)}/claim-review.jsonld` },
    },
    {
      id: 'public.index',
      name: 'GET /claims, the index (20 newest)',
      path: () => '/claims',
      baseline: { name: 'GET /claim-reviews.jsonld, the ClaimReview feed (20 newest)', path: () => '/claim-reviews.jsonld' },
    },
    {
      id: 'public.feed',
      name: 'GET /feed.atom (50 newest changes)',
      path: () => '/feed.atom',
      baseline: { name: 'GET /claim-reviews.jsonld, the ClaimReview feed (20 newest)', path: () => '/claim-reviews.jsonld' },
    },
  ];
  const figures: Figure[] = [];
  const details: Record<string, { service: LoadResult; baseline: LoadResult }> = {};
  const load = (path: (random: () => number) => string, seed: number) =>
    runLoad({
      url: serviceUrl,
      connections: options.queryConnections,
      warmupMs: options.warmupSec * 1000,
      durationMs: options.durationSec * 1000,
      session: (c) => {
        const random = prng(seed + c);
        return { next: (): GraphQLRequest => ({ query: '', get: path(random) }) };
      },
    });
  for (const w of workloads) {
    progress(`public site: ${w.name}`);
    const service = await load(w.path, 7000);
    progress(`public site: ${w.baseline.name}`);
    const baseline = await load(w.baseline.path, 7000);
    details[w.id] = { service, baseline };
    figures.push(
      figure({
        id: w.id,
        name: `${w.name} @${options.queryConnections}`,
        value: service.throughput,
        unit: 'requests/s',
        better: 'higher',
        latency: service.latency,
        baseline: { name: w.baseline.name, value: baseline.throughput, unit: 'requests/s', latency: baseline.latency },
        ...(service.errors || baseline.errors ? { note: `errors: ${service.errors} pages, ${baseline.errors} baseline; ${[...service.firstErrors, ...baseline.firstErrors][0] ?? ''}` } : {}),
      }),
    );
  }

  // First renders: pages no reader asked for yet (the load above asked for some; these are the rest, or repeats when there are few).
  const fresh = publishedIds.slice().reverse();
  const count = Math.max(1, Math.min(50, fresh.length - 2));
  let i = 0;
  let j = 0;
  progress('public site: first render of a page, one at a time');
  const cold = await timeSequential(serviceUrl, count, () => ({ query: '', get: `/claims/${fresh[i++ % fresh.length]}` }));
  const coldBaseline = await timeSequential(serviceUrl, count, () => ({ query: '', get: `/claims/${fresh[j++ % fresh.length]}/claim-review.jsonld` }));
  figures.push(
    figure({
      id: 'public.page.first-render',
      name: `first render of a fact-check page (${count} pages, one at a time)`,
      value: cold.latency.p50,
      unit: 'ms (p50)',
      better: 'lower',
      latency: cold.latency,
      baseline: { name: 'the same claims\' ClaimReview JSON-LD', value: coldBaseline.latency.p50, unit: 'ms (p50)', latency: coldBaseline.latency },
    }),
  );
  return { figures, details };
}

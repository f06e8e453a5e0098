/**
 * Section 2: commands end to end over HTTP, GraphQL mutation -> validation -> decide -> append ->
 * read model applied -> answer, on the loaded service, at each connection count. Each connection
 * is a desk member who submits a claim and adds three citations to it, over and over. Baseline: an
 * authenticated no-op query ({ whoami }) at the same connection count, the floor of the HTTP and
 * GraphQL stack. The live projection lag under this load is measured inside the service.
 */
import { randomUUID } from 'node:crypto';
import { citationDetails, claimDetails, prng } from '../domain-data';
import { GraphQLAnswer, LoadResult, runLoad, Session } from '../http-load';
import type { BenchOptions } from '../options';
import { figure, Figure } from '../report';
import type { LatencySummary } from '../stats';
import type { Child } from '../children';

const RESULT = 'claimId revision position replayed';
const SUBMIT = `mutation Submit($input: SubmitClaimInput!) { submitClaim(input: $input) { ${RESULT} } }`;
const CITE = `mutation Cite($input: AddCitationInput!) { addCitation(input: $input) { ${RESULT} citationId } }`;
const WHOAMI = '{ whoami { id name roles } }';

/** Submit a claim, then add three citations to it; again and again. */
function deskMember(token: string, seed: number): Session {
  const random = prng(seed);
  let claimId: string | null = null;
  let citations = 0;
  return {
    next() {
      if (claimId === null || citations >= 3) {
        claimId = null;
        citations = 0;
        return { query: SUBMIT, variables: { input: { ...claimDetails(random), mutationId: randomUUID() } }, token };
      }
      citations += 1;
      // Optional inputs are left out rather than sent as null, as a client does.
      const { note: _note, archivedUrl: _archivedUrl, ...citation } = citationDetails(random);
      return { query: CITE, variables: { input: { claimId, ...citation } }, token };
    },
    answered(answer: GraphQLAnswer) {
      const submitted = answer.data?.submitClaim as { claimId?: string } | undefined;
      if (submitted?.claimId) claimId = submitted.claimId;
    },
  };
}

export interface CommandStep {
  connections: number;
  mutations: LoadResult;
  floor: LoadResult;
  lag?: LatencySummary;
}

export async function commandSection(
  options: BenchOptions,
  service: Child,
  tokens: string[],
  progress: (m: string) => void,
): Promise<{ figures: Figure[]; lagFigures: Figure[]; details: { steps: CommandStep[] } }> {
  const steps: CommandStep[] = [];
  for (const connections of options.connections) {
    const load = (session: (c: number) => Session) =>
      runLoad({ url: service.url, connections, warmupMs: options.warmupSec * 1000, durationMs: options.durationSec * 1000, session });
    progress(`commands: floor ({ whoami }) at ${connections} connections`);
    const floor = await load((c) => ({ next: () => ({ query: WHOAMI, token: tokens[c % tokens.length] }) }));
    progress(`commands: mutations at ${connections} connections`);
    await service.ask('lag-start');
    const mutations = await load((c) => deskMember(tokens[c % tokens.length], 5000 + c));
    const { lag } = await service.ask<{ lag?: LatencySummary }>('lag-stop');
    steps.push({ connections, mutations, floor, lag });
  }

  const figures = steps.map((s) =>
    figure({
      id: `commands.c${s.connections}`,
      name: `Mutations @${s.connections} connection${s.connections === 1 ? '' : 's'}`,
      value: s.mutations.throughput,
      unit: 'mutations/s',
      better: 'higher',
      latency: s.mutations.latency,
      baseline: { name: '{ whoami } floor, same connections', value: s.floor.throughput, unit: 'queries/s', latency: s.floor.latency },
      ...(s.connections === 16
        ? { target: { text: '>= 1,000/s, p99 < 50 ms', met: s.mutations.throughput >= 1000 && s.mutations.latency.p99 < 50 } }
        : {}),
      ...(s.mutations.errors ? { note: `${s.mutations.errors} errors, e.g. ${s.mutations.firstErrors[0]}` } : {}),
    }),
  );
  const unloaded = steps[0]?.lag;
  const lagFigures = steps
    .filter((s) => s.lag && s.lag.count > 0)
    .map((s) =>
      figure({
        id: `projections.lag.c${s.connections}`,
        name: `Live projection lag p99, mutations @${s.connections}`,
        value: (s.lag as LatencySummary).p99,
        unit: 'ms',
        better: 'lower',
        latency: s.lag,
        ...(unloaded && s !== steps[0] ? { baseline: { name: `lag p99 @${steps[0].connections} connection`, value: unloaded.p99, unit: 'ms', latency: unloaded } } : {}),
        target: { text: 'p99 < 50 ms', met: (s.lag as LatencySummary).p99 < 50 },
      }),
    );
  return { figures, lagFigures, details: { steps } };
}

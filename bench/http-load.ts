/**
 * A small closed-loop HTTP load generator: `connections` keep-alive connections, each sending its
 * next request as soon as the previous answer arrived, for a warm-up and then a measured period.
 * Every request's latency is recorded (not sampled); GraphQL answers carrying errors are counted.
 */
import { Agent, request } from 'node:http';
import type { LatencySummary } from './stats';
import { perSecond, Samples, since } from './stats';

export interface GraphQLRequest {
  query: string;
  variables?: Record<string, unknown>;
  token?: string;
  /** A plain GET of this path instead (the public pages): any 200 is an answer, its body unread beyond its length. */
  get?: string;
}

export interface GraphQLAnswer {
  status: number;
  data?: Record<string, any> | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** One connection's conversation: what to send next, given what the last answer was. */
export interface Session {
  next(): GraphQLRequest;
  answered?(answer: GraphQLAnswer): void;
}

export interface LoadResult {
  connections: number;
  durationMs: number;
  requests: number;
  errors: number;
  throughput: number;
  latency: LatencySummary;
  firstErrors: string[];
}

function get(agent: Agent, url: URL, path: string, timeoutMs: number): Promise<GraphQLAnswer> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path, method: 'GET', headers: { accept: 'text/html' } }, (res) => {
      res.on('data', () => undefined);
      res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.end();
  });
}

/** A request that has not been answered by then counts as failed (and its connection is dropped). */
export const REQUEST_TIMEOUT_MS = 30_000;

export function post(agent: Agent, url: URL, body: GraphQLRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<GraphQLAnswer> {
  if (body.get !== undefined) return get(agent, url, body.get, timeoutMs);
  const payload = JSON.stringify({ query: body.query, variables: body.variables });
  const headers: Record<string, string | number> = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) };
  if (body.token) headers.authorization = `Bearer ${body.token}`;
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        try {
          const parsed = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Omit<GraphQLAnswer, 'status'>;
          resolve({ status: res.statusCode ?? 0, ...parsed });
        } catch (error) {
          reject(new Error(`HTTP ${res.statusCode}: not JSON (${(error as Error).message})`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.end(payload);
  });
}

export async function runLoad(options: { url: string; connections: number; warmupMs: number; durationMs: number; session: (connection: number) => Session }): Promise<LoadResult> {
  const url = new URL(options.url);
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const samples = new Samples();
  let errors = 0;
  let requests = 0;
  const firstErrors: string[] = [];
  const begin = performance.now();
  const measureFrom = begin + options.warmupMs;
  const endAt = measureFrom + options.durationMs;
  let measuredStart = Number.POSITIVE_INFINITY;
  let measuredEnd = 0;

  await Promise.all(
    Array.from({ length: options.connections }, async (_, c) => {
      const session = options.session(c);
      while (performance.now() < endAt) {
        const body = session.next();
        const t = performance.now();
        let answer: GraphQLAnswer | undefined;
        let failure: string | undefined;
        try {
          answer = await post(agent, url, body);
          if (answer.errors?.length || answer.status !== 200) failure = `${answer.status} ${answer.errors?.[0]?.extensions?.code ?? ''} ${answer.errors?.[0]?.message ?? ''}`;
        } catch (error) {
          failure = (error as Error).message;
        }
        const done = performance.now();
        if (t >= measureFrom && done <= endAt) {
          samples.add(done - t);
          requests += 1;
          measuredStart = Math.min(measuredStart, t);
          measuredEnd = Math.max(measuredEnd, done);
          if (failure) errors += 1;
        }
        if (failure && firstErrors.length < 5) firstErrors.push(failure);
        if (answer) session.answered?.(answer);
      }
    }),
  );
  agent.destroy();
  const durationMs = measuredEnd > measuredStart ? Math.max(options.durationMs, measuredEnd - measuredStart) : since(begin);
  return { connections: options.connections, durationMs: Math.round(durationMs), requests, errors, throughput: perSecond(requests - errors, options.durationMs), latency: samples.summary(), firstErrors };
}

/** Calls one GraphQL request `iterations` times in a row and summarises the latencies. */
export async function timeSequential(url: string, iterations: number, next: () => GraphQLRequest, warmup = 2): Promise<{ latency: LatencySummary; errors: number; firstError?: string }> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const target = new URL(url);
  const samples = new Samples();
  let errors = 0;
  let firstError: string | undefined;
  for (let i = 0; i < iterations + warmup; i++) {
    const t = performance.now();
    const answer = await post(agent, target, next());
    const ms = since(t);
    if (answer.errors?.length || answer.status !== 200) {
      errors += 1;
      firstError ??= answer.errors?.[0]?.message ?? `HTTP ${answer.status}`;
    }
    if (i >= warmup) samples.add(ms);
  }
  agent.destroy();
  return { latency: samples.summary(), errors, ...(firstError ? { firstError } : {}) };
}

/**
 * Runs the bench: every selected section, each figure beside its baseline from the same run.
 * `runBench` is what `npm run bench` (bench/run.ts) and the smoke test call.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { issueToken } from '../src/auth/token-issuer';
import { SqliteEventStore } from '../src/event-store/embedded/sqlite.event-store';
import { EVENTS_FILE } from '../src/event-store/event-store.module';
import { buildForChildren, ROOT } from './build';
import { Child, startChild } from './children';
import { CONTRIBUTORS, EDITORS } from './domain-data';
import { timeSequential } from './http-load';
import type { BenchOptions, Section } from './options';
import { BenchReport, figure, machine, SectionReport } from './report';
import { appendSection } from './sections/append';
import { auditSection } from './sections/audit';
import { hostileSection } from './sections/hostile';
import { commandSection } from './sections/commands';
import { rebuildReadModels } from './sections/projections';
import { anonymousSearchProbe, querySection, queryWorkloads } from './sections/queries';
import type { LoadResult } from './http-load';
import { seedDesk } from './seed';
import { transparencyLogSection } from './sections/transparency-log';
import { publicSiteSection } from './sections/public-site';
import { round } from './stats';
import { ed25519KeyPair } from '../src/transparency-log/domain/note';
import { nodeLogCrypto } from '../src/transparency-log/adapters/node-log-crypto';

const MB = 1024 * 1024;

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const startedAt = new Date();
  const started = performance.now();
  const progress = (message: string) => {
    if (options.verbose) process.stderr.write(`[bench +${Math.round((performance.now() - started) / 1000)}s] ${message}\n`);
  };
  const wants = (s: Section) => options.sections.includes(s);
  const dir = options.workDir ?? mkdtempSync(join(tmpdir(), 'factcheck-bench-'));
  mkdirSync(dir, { recursive: true });
  const report: BenchReport = {
    startedAt: startedAt.toISOString(),
    finishedAt: '',
    durationSec: 0,
    machine: machine(),
    options,
    scale: null,
    sections: {},
  };
  const children: Child[] = [];

  try {
    if (wants('append')) {
      const appendDir = join(dir, 'append');
      mkdirSync(appendDir, { recursive: true });
      report.sections.append = await appendSection(options, appendDir, progress);
      rmSync(appendDir, { recursive: true, force: true });
    }

    const needsService = (['commands', 'queries', 'projections', 'audit', 'memory', 'hostile', 'public-site'] as Section[]).some(wants);
    if (needsService || wants('transparency-log')) {
      const dataDir = join(dir, 'data');
      const eventsFile = join(dataDir, EVENTS_FILE);
      rmSync(dataDir, { recursive: true, force: true });

      progress(`seeding ${options.claims} claims and a claim of ${options.auditEvents} events`);
      const store = new SqliteEventStore({ file: eventsFile });
      const seeded = await seedDesk(store, options.claims, options.auditEvents, progress);
      report.scale = { claims: seeded.claims + 1, events: seeded.events, longClaimEvents: seeded.longClaim.events };
      progress(`seeded ${seeded.events} events in ${Math.round(seeded.durationMs / 1000)} s (${seeded.eventsPerSecond} events/s)`);

      if (wants('transparency-log')) {
        // Before the service starts: it then opens the tree built here, as after a first start.
        report.sections['transparency-log'] = await transparencyLogSection(store, dataDir, dir, options, progress);
      }
      if (!needsService) {
        await store.close();
        return finish(report, started);
      }

      // The rebuild also leaves the read models the service opens, as after a first start.
      const rebuild = await rebuildReadModels(store, dataDir, progress);
      await store.close();

      const projections: SectionReport = {
        figures: [...rebuild.figures],
        method:
          'Rebuild: a fresh read-model generation built from the start of the log with every projection (ReadModelGenerations, as the service ' +
          'does on first start or `npm run projections:rebuild`), timed until caught up; baseline: readAll of every event through the port in ' +
          'pages of 500 (what the rebuild reads). Live lag: inside the service, from an append being acknowledged (committed with ' +
          'synchronous=FULL) to the projection runner having committed it to the read models and emitted the change, for every event ' +
          'written by the command load of section 2.',
        details: { seeding: { ...seeded, publishedIds: seeded.publishedIds.length }, rebuild: rebuild.details },
      };
      if (wants('projections')) report.sections.projections = projections;

      const secret = randomBytes(32).toString('hex');
      const serviceEnv = {
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        DATA_DIR: dataDir,
        AUTH_JWT_SECRET: secret,
        ID_SECRET: randomBytes(32).toString('hex'),
        LOG_SIGNING_KEY: ed25519KeyPair(nodeLogCrypto, 'bench.example/log', new Uint8Array(randomBytes(32))).skey,
        AUTH_JWKS_URL: '',
        EVENTSTORE_CONNECTION_STRING: '',
        LOG_LEVEL: 'error',
      };
      // The throughput sections measure the service, not its rate limits: every budget at its maximum there.
      const unlimited = {
        RATE_LIMIT_ACTOR_POINTS: '1000000',
        RATE_LIMIT_ADDRESS_POINTS: '10000000',
        RATE_LIMIT_SEARCH_COST: '1',
        RATE_LIMIT_AUDIT_COST: '1',
      };
      progress('building the service (transpiling src/ and bench/)');
      const build = buildForChildren(join(dir, 'build'));
      progress('starting the service on the loaded store');
      const execArgv = options.profileDir ? ['--cpu-prof', '--cpu-prof-dir', options.profileDir] : [];
      const service = await startChild(build.outDir, 'service.child.js', { ...build.env, ...serviceEnv, ...unlimited }, { execArgv });
      children.push(service);
      const editor = EDITORS[0];
      const editorToken = await issueToken(secret, { sub: editor.id, name: editor.name, roles: editor.roles });
      const writerTokens = await Promise.all(
        Array.from({ length: Math.max(...options.connections, 1) }, (_, i) =>
          issueToken(secret, { sub: `${CONTRIBUTORS[i % CONTRIBUTORS.length].id}-${i}`, name: `Desk member ${i}`, roles: ['contributor'] }),
        ),
      );

      if (wants('queries')) {
        const bare = await startChild(build.outDir, 'bare-graphql.child.js', {
          ...build.env,
          READ_MODEL_FILE: rebuild.readModelFile,
          SCHEMA_FILE: join(ROOT, 'schema.gql'),
          AUTH_JWT_SECRET: secret,
        });
        children.push(bare);
        const result = await querySection(options, service.url, bare.url, queryWorkloads(seeded.publishedIds, editorToken), progress);
        await bare.stop();
        report.sections.queries = {
          figures: result.figures,
          method:
            `Closed-loop HTTP load (keep-alive, ${options.queryConnections} connections, ${options.warmupSec} s warm-up, ${options.durationSec} s measured) ` +
            'per query kind against the service, then against the bare server. claim(id): random published claims, anonymous, most fields. ' +
            'Page: status IN_REVIEW and a random topic, 20 a page, totalCount, with a desk token. Search: a random distinctive word ' +
            '(each in about 1-8% of the claims), 20 by relevance, totalCount, with a desk token; the same search anonymous (readers: ' +
            'the visibility filter applies) is timed once at the end, with a time limit. Baseline: bare-graphql.child.ts, the app\'s printed schema (schema.gql) on graphql-http + ' +
            'node:http calling the app\'s ClaimQueriesResolver.claim/listClaims over ClaimsReadModel on the same read-model file, with the ' +
            'app\'s TokenVerifier: no Nest, Express, Apollo or class-validator.',
          details: result.details,
        };
      }

      if (wants('public-site')) {
        const result = await publicSiteSection(options, service.url, seeded.publishedIds, progress);
        report.sections['public-site'] = {
          figures: result.figures,
          method:
            `Closed-loop HTTP GETs (keep-alive, ${options.queryConnections} connections, ${options.warmupSec} s warm-up, ${options.durationSec} s measured) ` +
            'of fact-check pages of random published claims, of the index and of the Atom feed, anonymous; each against the service\'s own JSON-LD export ' +
            'of the same claims (or its ClaimReview feed), which skips the templates, the claim\'s stream and its proof bundle. Pages are kept once rendered ' +
            '(per claim revision and checkpoint), so the load mostly measures kept pages; the first render of pages not asked for before is timed one at a time.',
          details: result.details,
        };
      }

      if (wants('commands') || wants('projections')) {
        const result = await commandSection(options, service, writerTokens, progress);
        if (wants('commands')) {
          report.sections.commands = {
            figures: result.figures,
            method:
              `Closed-loop HTTP load on the service with the loaded store, at ${options.connections.join(', ')} keep-alive connections ` +
              `(${options.warmupSec} s warm-up, ${options.durationSec} s measured each). Each connection is a desk member with a token who ` +
              'submits a claim and adds three citations to it, again and again (submitClaim : addCitation = 1 : 3); a mutation answers ' +
              'once the read models include it. Baseline: { whoami } (authenticated, no storage) at the same connections.',
            details: result.details,
          };
        }
        if (wants('projections') && report.sections.projections) report.sections.projections.figures.push(...result.lagFigures);
      }

      if (wants('audit')) {
        const result = await auditSection(options, service.url, eventsFile, seeded.longClaim, editorToken, progress);
        report.sections.audit = {
          figures: result.figures,
          method:
            `The long claim (${seeded.longClaim.events} events: 20 citations, then revisions of its details, citations and verdict), ` +
            `${options.auditIterations} sequential calls each over HTTP with an editor token (verifyAuditTrail: a fifth as many). claimAsOf at ` +
            '"now", so every event is read and folded.',
          details: result.details,
        };
      }

      if (wants('memory')) {
        progress('memory: the loaded service, and the same service on an empty store');
        const loaded = await service.ask<{ peakRssBytes: number; rssBytes: number; heapUsedBytes: number }>('memory');
        const emptyDir = join(dir, 'empty');
        const empty = await startChild(build.outDir, 'service.child.js', { ...build.env, ...serviceEnv, ...unlimited, DATA_DIR: emptyDir });
        children.push(empty);
        await timeSequential(empty.url, 20, () => ({ query: '{ whoami { id } }', token: editorToken }));
        const idle = await empty.ask<{ peakRssBytes: number; rssBytes: number }>('memory');
        await empty.stop();
        const peak = round(loaded.peakRssBytes / MB, 1);
        report.sections.memory = {
          figures: [
            figure({
              id: 'memory.peakRss',
              name: `Service peak RSS, ${report.scale?.events.toLocaleString('en-US')} events loaded`,
              value: peak,
              unit: 'MB',
              better: 'lower',
              baseline: { name: 'same service, empty store', value: round(idle.peakRssBytes / MB, 1), unit: 'MB' },
              target: { text: '<= 500 MB', met: peak <= 500 },
            }),
          ],
          method:
            'Peak resident set size (getrusage maxRSS) of the service process over its whole life in this run: start on the loaded store ' +
            'and its read models, then every query, command and audit load above. Baseline: the same service started on an empty data ' +
            'directory and sent 20 queries. The service runs as transpiled JavaScript (no ts-node in the process).',
          details: { loaded, emptyStore: idle, serviceStartMs: service.ready.startMs },
        };
      }
      if (wants('queries') && report.sections.queries) {
        progress('queries: one anonymous full-text search (last: it may keep the service busy)');
        const deskSearch = (report.sections.queries.details['queries.search'] as { service: LoadResult } | undefined)?.service;
        report.sections.queries.figures.push(await anonymousSearchProbe(service.url, options.probeTimeoutSec * 1000, deskSearch));
      }
      await service.stop();

      if (wants('hostile')) {
        // The same store and read models, the production rate limits (defaults), except the budget per
        // address: every client of the bench is 127.0.0.1, and the flood must be stopped by its own budget.
        progress('hostile: starting the service with its default rate limits');
        const guarded = await startChild(build.outDir, 'service.child.js', { ...build.env, ...serviceEnv, RATE_LIMIT_ADDRESS_POINTS: '10000000' }, { execArgv });
        children.push(guarded);
        const member = (sub: string, roles: string[]) => issueToken(secret, { sub, name: sub, roles });
        const tokens = {
          flooder: await member('bench-flooder', ['editor']),
          baselineWriter: await member('bench-writer-quiet', ['contributor']),
          floodWriter: await member('bench-writer-flooded', ['contributor']),
          attacker: await member('bench-attacker', ['editor']),
        };
        const result = await hostileSection(options, guarded, tokens, progress);
        await guarded.stop();
        report.sections.hostile = {
          figures: result.figures,
          method:
            'A fresh start of the service on the same loaded store with its default rate limits (per actor 1,200 points/min, a search ' +
            '10 points), the per-address budget raised because every bench client is 127.0.0.1. /health every 20 ms and a submitClaim ' +
            `every 50 ms by a desk member (each waiting for the previous answer), for ${options.durationSec} s with no other load (baseline), ` +
            `then for ${options.durationSec} s while one other actor floods full-text searches closed-loop on ${options.floodConnections} ` +
            'keep-alive connections (mostly answered 429 RATE_LIMITED; counts in details.flood). Then RSS (process.memoryUsage().rss) ' +
            `before and after ${options.hostileRequests} sequential hostile requests: claims(filter: { status: [DRAFT x N] }) with N ` +
            `from ${Math.round(options.hostileMaxList / 2)} to ${options.hostileMaxList}, and every tenth a ~450 KB document (answers by code in details).`,
          details: result.details,
        };
      }
    }
  } finally {
    await Promise.all(children.map((c) => c.stop().catch(() => undefined)));
    if (!options.keep && !options.workDir) rmSync(dir, { recursive: true, force: true });
  }

  return finish(report, started);
}

function finish(report: BenchReport, started: number): BenchReport {
  report.finishedAt = new Date().toISOString();
  report.durationSec = Math.round((performance.now() - started) / 1000);
  return report;
}

/** Writes the report as bench/results/<timestamp>.json (or into `outDir`); returns the path. */
export function writeReport(report: BenchReport, outDir: string): string {
  const target = isAbsolute(outDir) ? outDir : join(ROOT, outDir);
  mkdirSync(target, { recursive: true });
  const file = join(target, `${report.startedAt.replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  return file;
}

/**
 * What a bench run measures and at what scale. Every setting is a CLI flag (`--claims 20000`) or an
 * environment variable (`BENCH_CLAIMS=20000`); flags win. Defaults finish in under 10 minutes on a
 * 2-core machine.
 */
export const SECTIONS = ['append', 'commands', 'queries', 'projections', 'audit', 'memory', 'hostile', 'transparency-log', 'public-site'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  /** Claims seeded for queries, projections and memory (about 10 events each). */
  claims: number;
  /** Events on the one long claim the audit queries read. */
  auditEvents: number;
  /** Single sequential appends measured (embedded store and raw better-sqlite3). */
  sequentialAppends: number;
  /** Concurrent writers, each on its own stream, in the concurrent-append test (and the raw batch size). */
  appendWriters: number;
  /** Appends each concurrent writer makes. */
  appendsPerWriter: number;
  /** Sequential appends measured on the Emmett peer (about 300-400/s: keep it small). */
  emmettAppends: number;
  /** Concurrent writers on the Emmett peer. */
  emmettWriters: number;
  /** Appends each Emmett writer makes. */
  emmettAppendsPerWriter: number;
  /** Seconds each HTTP load step is measured for (after its warm-up). */
  durationSec: number;
  /** Seconds of untimed warm-up before each HTTP load step. */
  warmupSec: number;
  /** Connection counts of the command load steps. */
  connections: number[];
  /** Connections the query load runs at. */
  queryConnections: number;
  /** Sequential calls per audit query. */
  auditIterations: number;
  /** Time limit of the one anonymous search request (seconds). */
  probeTimeoutSec: number;
  /** Connections the one flooding client of the hostile section searches on. */
  floodConnections: number;
  /** Hostile requests sent before the hostile section's second RSS reading. */
  hostileRequests: number;
  /** Longest `status: [DRAFT, ...]` list among them (lengths vary from half of it up). */
  hostileMaxList: number;
  /** Leaves of the synthetic tree the transparency log's appends and proofs are measured on. */
  logLeaves: number;
  /** Random proofs of each kind (inclusion, consistency) timed on it. */
  logProofs: number;
  /** Checkpoints signed and verified in the signing test. */
  logSignings: number;
  /** Which sections to run (all by default). */
  sections: Section[];
  /** Where the JSON report goes. */
  outDir: string;
  /** Where the data lives while the bench runs (a fresh temp dir by default; removed afterwards unless keep). */
  workDir?: string;
  keep: boolean;
  /** Progress lines on stderr. */
  verbose: boolean;
  /** When set, the service process runs with --cpu-prof and writes its profile into this directory. */
  profileDir?: string;
}

export const DEFAULTS: BenchOptions = {
  claims: 50_000,
  auditEvents: 10_000,
  sequentialAppends: 3_000,
  appendWriters: 64,
  appendsPerWriter: 400,
  emmettAppends: 1_000,
  emmettWriters: 64,
  emmettAppendsPerWriter: 16,
  durationSec: 10,
  warmupSec: 2,
  connections: [1, 16, 64],
  queryConnections: 16,
  auditIterations: 50,
  probeTimeoutSec: 10,
  floodConnections: 16,
  hostileRequests: 500,
  hostileMaxList: 32_000,
  logLeaves: 1_000_000,
  logProofs: 5_000,
  logSignings: 2_000,
  sections: [...SECTIONS],
  outDir: 'bench/results',
  keep: false,
  verbose: true,
};

/** Seconds, not minutes: what the smoke test in `npm test` runs. */
export const TINY: Partial<BenchOptions> = {
  claims: 60,
  auditEvents: 120,
  sequentialAppends: 40,
  appendWriters: 8,
  appendsPerWriter: 5,
  emmettAppends: 10,
  emmettWriters: 4,
  emmettAppendsPerWriter: 2,
  durationSec: 0.4,
  warmupSec: 0.1,
  connections: [1, 4],
  queryConnections: 2,
  auditIterations: 3,
  floodConnections: 2,
  hostileRequests: 20,
  hostileMaxList: 2_000,
  logLeaves: 5_000,
  logProofs: 50,
  logSignings: 20,
};

const FLAGS: Record<string, keyof BenchOptions> = {
  claims: 'claims',
  'audit-events': 'auditEvents',
  'sequential-appends': 'sequentialAppends',
  'append-writers': 'appendWriters',
  'appends-per-writer': 'appendsPerWriter',
  'emmett-appends': 'emmettAppends',
  'emmett-writers': 'emmettWriters',
  'emmett-appends-per-writer': 'emmettAppendsPerWriter',
  duration: 'durationSec',
  warmup: 'warmupSec',
  connections: 'connections',
  'query-connections': 'queryConnections',
  'audit-iterations': 'auditIterations',
  'probe-timeout': 'probeTimeoutSec',
  'flood-connections': 'floodConnections',
  'hostile-requests': 'hostileRequests',
  'hostile-max-list': 'hostileMaxList',
  'log-leaves': 'logLeaves',
  'log-proofs': 'logProofs',
  'log-signings': 'logSignings',
  sections: 'sections',
  out: 'outDir',
  'work-dir': 'workDir',
  keep: 'keep',
  quiet: 'verbose',
  profile: 'profileDir',
};

export const USAGE = `npm run bench -- [options]          (or BENCH_<OPTION>=value, e.g. BENCH_CLAIMS=20000)
  --claims N                 claims seeded for queries/projections/memory, ~10 events each (default ${DEFAULTS.claims})
  --audit-events N           events on the long claim the audit queries read (default ${DEFAULTS.auditEvents})
  --duration S               seconds per HTTP load step (default ${DEFAULTS.durationSec}); --warmup S (default ${DEFAULTS.warmupSec})
  --connections 1,16,64      command load steps; --query-connections N (default ${DEFAULTS.queryConnections})
  --sequential-appends N     --append-writers N --appends-per-writer N   (event-store append section)
  --emmett-appends N         --emmett-writers N --emmett-appends-per-writer N
  --audit-iterations N       calls per audit query (default ${DEFAULTS.auditIterations})
  --probe-timeout S          time limit of the one anonymous search (default ${DEFAULTS.probeTimeoutSec})
  --flood-connections N      connections of the flooding client in the hostile section (default ${DEFAULTS.floodConnections})
  --hostile-requests N       hostile requests before the second RSS reading (default ${DEFAULTS.hostileRequests}); --hostile-max-list N (default ${DEFAULTS.hostileMaxList})
  --log-leaves N             leaves of the transparency log's synthetic tree (appends, proofs; default ${DEFAULTS.logLeaves})
  --log-proofs N             random proofs of each kind timed on it (default ${DEFAULTS.logProofs}); --log-signings N (default ${DEFAULTS.logSignings})
  --sections a,b             any of ${SECTIONS.join(', ')} (default: all)
  --tiny                     the smoke-test scale (seconds)
  --out DIR                  where the JSON report goes (default ${DEFAULTS.outDir})
  --work-dir DIR --keep      where the data lives (default: a temp dir, removed afterwards unless --keep)
  --quiet                    no progress lines
  --profile DIR              run the service with node --cpu-prof, profile written into DIR`;

function convert(key: keyof BenchOptions, raw: string): unknown {
  const current = DEFAULTS[key];
  if (key === 'sections') {
    const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
    if (bad.length) throw new Error(`Unknown section(s) ${bad.join(', ')}; the sections are ${SECTIONS.join(', ')}`);
    return names;
  }
  if (key === 'connections') {
    const list = raw.split(',').map(Number);
    if (list.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--connections must be a list of whole numbers >= 1, got ${raw}`);
    return list;
  }
  if (key === 'verbose') return !(raw === '' || raw === 'true' || raw === '1'); // --quiet
  if (typeof current === 'boolean' || key === 'keep') return raw === '' || raw === 'true' || raw === '1';
  if (typeof current === 'number') {
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${key} must be a positive number, got "${raw}"`);
    return n;
  }
  return raw;
}

/** Options from argv and the environment over the defaults. */
export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const options: BenchOptions = { ...DEFAULTS };
  const set = (flag: string, raw: string) => {
    if (flag === 'tiny') {
      if (raw === '' || raw === 'true' || raw === '1') Object.assign(options, TINY);
      return;
    }
    const key = FLAGS[flag];
    if (!key) throw new Error(`Unknown option --${flag}\n${USAGE}`);
    (options as unknown as Record<string, unknown>)[key] = convert(key, raw);
  };
  if (env.BENCH_TINY) set('tiny', env.BENCH_TINY);
  for (const flag of [...Object.keys(FLAGS)]) {
    const value = env[`BENCH_${flag.toUpperCase().replace(/-/g, '_')}`];
    if (value !== undefined && value !== '') set(flag, value);
  }
  if (argv.includes('--tiny')) set('tiny', '');
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--tiny') continue;
    if (arg === '--help' || arg === '-h') throw new Error(USAGE);
    const match = /^--([a-z-]+)(?:=(.*))?$/.exec(arg);
    if (!match) throw new Error(`Unexpected argument "${arg}"\n${USAGE}`);
    const [, flag, inline] = match;
    if (!FLAGS[flag] && flag !== 'tiny') throw new Error(`Unknown option --${flag}\n${USAGE}`);
    const takesValue = !['tiny', 'keep', 'quiet'].includes(flag);
    const raw = inline ?? (takesValue ? argv[++i] : '');
    if (raw === undefined) throw new Error(`--${flag} needs a value\n${USAGE}`);
    set(flag, raw);
  }
  options.claims = Math.round(options.claims);
  return options;
}

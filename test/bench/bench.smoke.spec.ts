import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runBench, writeReport } from '../../bench/bench';
import { DEFAULTS, parseOptions, SECTIONS, TINY } from '../../bench/options';
import { BenchReport, Figure, formatTable } from '../../bench/report';
import { makeTempDir } from '../support/temp-dir';

/**
 * The bench at a tiny scale, so it cannot silently rot: every section runs end to end (seeding,
 * rebuild, the real service over HTTP, the bare GraphQL baseline, the Emmett peer) and the report
 * has the expected shape. No timing is asserted: figures only have to be real numbers above zero.
 */
describe('npm run bench (smoke run at a tiny scale)', () => {
  let report: BenchReport;
  const out = makeTempDir('factcheck-bench-results-');

  beforeAll(async () => {
    report = await runBench({ ...DEFAULTS, ...TINY, verbose: false, outDir: out.path });
  }, 180_000);

  afterAll(() => out.remove());

  const positiveFinite = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;

  function expectSound(f: Figure) {
    expect({ figure: f.id, value: positiveFinite(f.value) }).toEqual({ figure: f.id, value: true });
    if (f.baseline) expect({ figure: f.id, baseline: positiveFinite(f.baseline.value) }).toEqual({ figure: f.id, baseline: true });
    if (f.ratio !== undefined) expect({ figure: f.id, ratio: positiveFinite(f.ratio) }).toEqual({ figure: f.id, ratio: true });
    if (f.latency) {
      for (const key of ['p50', 'p99', 'mean', 'max'] as const) {
        expect({ figure: f.id, [key]: positiveFinite(f.latency[key]) }).toEqual({ figure: f.id, [key]: true });
      }
      expect(f.latency.count).toBeGreaterThan(0);
    }
    if (f.target) expect(typeof f.target.met).toBe('boolean');
  }

  it('runs every section and reports every figure with its baseline', () => {
    expect(Object.keys(report.sections).sort()).toEqual([...SECTIONS].sort());
    const ids = Object.values(report.sections).flatMap((s) => s?.figures.map((f) => f.id) ?? []);
    expect(ids).toEqual(
      expect.arrayContaining([
        'append.sequential',
        'append.sequential.vsEmmett',
        'append.concurrent',
        'append.concurrent.vsEmmett',
        'commands.c1',
        'commands.c4',
        'queries.claim',
        'queries.page',
        'queries.search',
        'queries.searchAnonymous',
        'projections.rebuild',
        'projections.lag.c1',
        'projections.lag.c4',
        'audit.history',
        'audit.asOf',
        'audit.verify',
        'memory.peakRss',
        'hostile.health',
        'hostile.mutation',
        'hostile.rss',
        'log.build',
        'log.append.1000',
        'log.append.5000',
        'log.proof.inclusion',
        'log.proof.consistency',
        'log.checkpoint.sign',
        'log.checkpoint.verify',
      ]),
    );
    for (const section of Object.values(report.sections)) {
      expect(section?.method.length).toBeGreaterThan(20);
      for (const f of section?.figures ?? []) expectSound(f);
    }
    // Every figure but the unloaded lag (which is the others' baseline) has a baseline from this run.
    const withoutBaseline = Object.values(report.sections).flatMap((s) => s?.figures.filter((f) => !f.baseline).map((f) => f.id) ?? []);
    expect(withoutBaseline).toEqual(['projections.lag.c1']);
  });

  it('builds the transparency log over every seeded event and counts O(log n) reads per proof', () => {
    const details = report.sections['transparency-log']!.details as {
      build: { leaves: number };
      synthetic: { leaves: number; nodesPerLeaf: number };
      proofs: { treeDepth: number; readsPerInclusionProof: { max: number }; readsPerConsistencyProof: { max: number } };
    };
    expect(details.build.leaves).toBe(report.scale!.events);
    expect(details.synthetic.leaves).toBe(TINY.logLeaves);
    // Each append stores its leaf and on average one completed node: about two nodes a leaf.
    expect(details.synthetic.nodesPerLeaf).toBeGreaterThan(1.9);
    expect(details.synthetic.nodesPerLeaf).toBeLessThan(2.1);
    // A proof reads at most about two stored nodes per level of the tree, never the leaves' count.
    const depth = details.proofs.treeDepth;
    expect(details.proofs.readsPerInclusionProof.max).toBeLessThanOrEqual(2 * depth);
    expect(details.proofs.readsPerConsistencyProof.max).toBeLessThanOrEqual(2 * depth + 1);
  });

  it('says what machine and scale it ran on', () => {
    expect(report.machine.nproc).toBeGreaterThan(0);
    expect(report.machine.cpuModel.length).toBeGreaterThan(0);
    expect(report.scale).toMatchObject({ claims: TINY.claims! + 1, longClaimEvents: TINY.auditEvents });
    expect(report.scale!.events).toBeGreaterThan(TINY.claims! * 5);
  });

  it('no request of the load failed', () => {
    const noted = Object.values(report.sections).flatMap((s) => s?.figures.filter((f) => f.note).map((f) => `${f.id}: ${f.note}`) ?? []);
    expect(noted).toEqual([]);
  });

  it('writes the JSON report and prints the table', () => {
    const file = writeReport(report, out.path);
    expect(existsSync(file)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ machine: report.machine, scale: report.scale });
    const table = formatTable(report);
    for (const name of ['[append]', '[commands]', '[queries]', '[projections]', '[audit]', '[memory]', '[hostile]', '[transparency-log]', 'baseline', 'ratio']) expect(table).toContain(name);
    rmSync(file);
  });

  it('takes its scale and duration from flags and the environment', () => {
    const options = parseOptions(['--claims', '5000', '--duration=3', '--connections', '2,8', '--sections', 'append,queries'], { BENCH_AUDIT_EVENTS: '700' });
    expect(options).toMatchObject({ claims: 5000, durationSec: 3, connections: [2, 8], sections: ['append', 'queries'], auditEvents: 700 });
    expect(parseOptions(['--tiny'])).toMatchObject(TINY);
    expect(parseOptions(['--sections', 'transparency-log', '--log-leaves', '20000'], { BENCH_LOG_PROOFS: '30' })).toMatchObject({ sections: ['transparency-log'], logLeaves: 20000, logProofs: 30 });
    expect(() => parseOptions(['--bogus'])).toThrow(/Unknown option --bogus/);
    expect(join('bench', 'results')).toBe(DEFAULTS.outDir);
  });
});

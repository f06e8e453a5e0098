import { cpus, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { BenchOptions, Section, SECTIONS } from './options';
import type { LatencySummary } from './stats';
import { round } from './stats';

export interface Baseline {
  name: string;
  value: number;
  unit: string;
  latency?: LatencySummary;
}

export interface Target {
  text: string;
  met: boolean;
}

/** One measured figure, with its baseline from the same run. */
export interface Figure {
  id: string;
  name: string;
  value: number;
  unit: string;
  /** Higher is better for rates, lower for times and memory. */
  better: 'higher' | 'lower';
  latency?: LatencySummary;
  baseline?: Baseline;
  /** value / baseline.value */
  ratio?: number;
  target?: Target;
  note?: string;
}

export interface SectionReport {
  figures: Figure[];
  /** What was measured and how, in words. */
  method: string;
  /** Anything else measured (raw numbers, counts) for the JSON report. */
  details: Record<string, unknown>;
}

export interface Machine {
  nproc: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  platform: string;
}

export interface BenchReport {
  startedAt: string;
  finishedAt: string;
  durationSec: number;
  machine: Machine;
  options: BenchOptions;
  /** The data the query, projection, audit and memory sections ran on. */
  scale: { claims: number; events: number; longClaimEvents: number } | null;
  sections: Partial<Record<Section, SectionReport>>;
}

export function figure(f: Omit<Figure, 'ratio'>): Figure {
  const ratio = f.baseline && f.baseline.value > 0 ? round(f.value / f.baseline.value, 3) : undefined;
  return { ...f, value: round(f.value, 3), ...(ratio !== undefined ? { ratio } : {}) };
}

export function machine(): Machine {
  let cpuModel = cpus()[0]?.model ?? 'unknown';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8').split('\n').find((l) => l.startsWith('model name'));
    if (line) cpuModel = line.split(':')[1].trim();
  } catch {
    // not Linux: os.cpus() it is
  }
  return { nproc: cpus().length, cpuModel, memoryGiB: round(totalmem() / 2 ** 30, 1), node: process.version, platform: `${process.platform} ${process.arch}` };
}

function formatValue(value: number, unit: string): string {
  const text = value >= 1000 ? Math.round(value).toLocaleString('en-US') : value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
  return `${text} ${unit}`;
}

function latencyText(l: LatencySummary | undefined): string {
  return l ? `p50 ${l.p50.toFixed(2)} / p99 ${l.p99.toFixed(2)} ms` : '';
}

/** The readable table: every figure beside its baseline from the same run, the ratio and the target. */
export function formatTable(report: BenchReport): string {
  const rows: string[][] = [['figure', 'value', 'latency', 'baseline', 'ratio', 'target', 'met?']];
  for (const section of SECTIONS) {
    const result = report.sections[section];
    if (!result) continue;
    rows.push([`[${section}]`, '', '', '', '', '', '']);
    for (const f of result.figures) {
      rows.push([
        `  ${f.name}`,
        formatValue(f.value, f.unit),
        latencyText(f.latency),
        f.baseline ? `${f.baseline.name}: ${formatValue(f.baseline.value, f.baseline.unit)}` : '',
        f.ratio !== undefined ? `${f.ratio.toFixed(2)}x` : '',
        f.target?.text ?? '',
        f.target ? (f.target.met ? 'yes' : 'NO') : '',
      ]);
    }
  }
  const notes = SECTIONS.flatMap((section) => report.sections[section]?.figures.filter((f) => f.note).map((f) => `${f.name.trim()}: ${f.note}`) ?? []);
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  const line = (r: string[]) => r.map((cell, c) => cell.padEnd(widths[c])).join(' | ').trimEnd();
  const m = report.machine;
  const scale = report.scale ? `${report.scale.claims.toLocaleString('en-US')} claims / ${report.scale.events.toLocaleString('en-US')} events (long claim: ${report.scale.longClaimEvents.toLocaleString('en-US')} events)` : 'n/a';
  return [
    `Fact-check desk bench, ${report.startedAt} (${report.durationSec} s)`,
    `Machine: ${m.nproc} x ${m.cpuModel}, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}`,
    `Scale: ${scale}`,
    '',
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('-|-'),
    ...rows.slice(1).map(line),
    ...notes.map((n) => `note: ${n}`),
  ].join('\n');
}

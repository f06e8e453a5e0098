import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { EventStore } from '../event-store/event-store.port';
import { Feed } from './feed';
import type { Projection, ProjectionChange } from './projection';
import { BatchReport, ProjectionRunner, RunnerOptions } from './projection-runner';

export interface RebuildReport {
  file: string;
  eventsApplied: number;
  durationMs: number;
  reason: string;
}

export interface GenerationLog {
  log(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

const POINTER = 'CURRENT';
/** What a generation's files are called (the database and SQLite's WAL and shared-memory files beside it). */
const GENERATION_FILE = /^(generation-[A-Za-z0-9-]+\.sqlite)(-wal|-shm|-journal)?$/;

/**
 * Read models live in a "generation": one SQLite file built by one set of projection versions.
 * Queries always use the current generation. A rebuild builds a new generation from the start of
 * the log beside it, and swaps only once the new one has caught up, so the service keeps answering
 * throughout. The CURRENT file names the generation to open at start (replaced atomically).
 *
 * What the runners report reaches subscribers through two feeds that outlive a swap:
 * `batches` from every runner (a rebuild's too: metrics count its work), `changes` from the
 * current runner only (live updates must describe the read models queries are answered from).
 */
export class ReadModelGenerations {
  readonly batches = new Feed<BatchReport>();
  readonly changes = new Feed<ProjectionChange[]>();
  private currentRunner!: ProjectionRunner;
  private rebuildInFlight?: Promise<RebuildReport>;

  constructor(
    private readonly dir: string,
    /** Read when a generation opens: feature modules register theirs before the first one does. */
    private readonly projections: () => readonly Projection[],
    private readonly store: EventStore,
    private readonly log: GenerationLog,
    private readonly runnerOptions: RunnerOptions = {},
  ) {}

  get current(): ProjectionRunner {
    return this.currentRunner;
  }

  get rebuilding(): boolean {
    return this.rebuildInFlight !== undefined;
  }

  /** Opens the current generation and follows the log; rebuilds in the background if the projections changed. */
  start(): void {
    mkdirSync(this.dir, { recursive: true });
    const pointer = join(this.dir, POINTER);
    const existing = existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : undefined;
    this.removeLeftovers(existing && existsSync(join(this.dir, existing)) ? existing : undefined);
    if (existing && existsSync(join(this.dir, existing))) {
      const runner = this.open(existing);
      this.adopt(runner);
      if (runner.matchesCodeVersions()) {
        runner.start();
        return;
      }
      // The old generation keeps answering queries (frozen: its tables predate the new code) while the new one is built.
      this.log.warn(`Projection versions changed (stored ${JSON.stringify(runner.storedVersions())}): rebuilding the read models`);
      void this.rebuild('projection versions changed').catch((error: Error) => this.log.error(`Rebuild failed: ${error.message}`));
      return;
    }
    const name = this.newName();
    const runner = this.open(name);
    this.writePointer(name);
    this.adopt(runner);
    runner.start();
  }

  /** Builds a fresh generation from the start of the log and swaps to it once caught up. One at a time. */
  rebuild(reason = 'requested'): Promise<RebuildReport> {
    if (this.rebuildInFlight) return this.rebuildInFlight;
    this.rebuildInFlight = this.buildAndSwap(reason).finally(() => (this.rebuildInFlight = undefined));
    return this.rebuildInFlight;
  }

  async stop(): Promise<void> {
    await this.rebuildInFlight?.catch(() => undefined);
    await this.currentRunner?.stop();
  }

  private async buildAndSwap(reason: string): Promise<RebuildReport> {
    const started = performance.now();
    const name = this.newName();
    const fresh = this.open(name);
    this.log.log(`Rebuilding read models into ${name} (${reason})`);
    fresh.start();
    try {
      await fresh.caughtUp();
    } catch (error) {
      await fresh.stop();
      this.remove(name);
      throw error;
    }
    const old = this.currentRunner;
    this.writePointer(name);
    this.adopt(fresh);
    await old.stop();
    this.remove(old.file);
    const report = { file: name, eventsApplied: fresh.eventsApplied, durationMs: Math.round(performance.now() - started), reason };
    this.log.log(`Read models rebuilt: ${report.eventsApplied} events in ${report.durationMs} ms`);
    return report;
  }

  private adopt(runner: ProjectionRunner): void {
    this.currentRunner = runner;
    runner.failed.subscribe((error) => this.log.error(`Read models stopped: ${error.message}`));
  }

  private open(name: string): ProjectionRunner {
    const runner = new ProjectionRunner(join(this.dir, name.replace(/^.*[\\/]/, '')), this.projections(), this.store, this.runnerOptions);
    runner.batches.subscribe((report) => {
      this.batches.publish(report);
      if (runner === this.currentRunner && report.changes.length > 0) this.changes.publish(report.changes);
    });
    return runner;
  }

  private newName(): string {
    return `generation-${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.sqlite`;
  }

  private writePointer(name: string): void {
    const tmp = join(this.dir, `${POINTER}.tmp`);
    writeFileSync(tmp, `${name}\n`);
    renameSync(tmp, join(this.dir, POINTER));
  }

  /**
   * A crash during a rebuild leaves the half-built generation (and perhaps CURRENT.tmp) behind; nothing
   * ever opens them again. At start, before any runner opens, every generation file but the current
   * one's goes.
   */
  private removeLeftovers(current: string | undefined): void {
    rmSync(join(this.dir, `${POINTER}.tmp`), { force: true });
    const leftovers = new Set<string>();
    for (const entry of readdirSync(this.dir)) {
      const match = GENERATION_FILE.exec(entry);
      if (match && match[1] !== current) leftovers.add(match[1]);
    }
    for (const generation of leftovers) {
      this.remove(generation);
      rmSync(join(this.dir, `${generation}-journal`), { force: true });
      this.log.warn(`Removed ${generation}, left over from an earlier rebuild that did not finish`);
    }
  }

  private remove(file: string): void {
    const path = join(this.dir, file.replace(/^.*[\\/]/, ''));
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
  }
}

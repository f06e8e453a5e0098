/**
 * Section 1: event-store append. The embedded adapter with its real durability (WAL,
 * synchronous=FULL, group commit), single sequential appends and concurrent appends from many
 * streams; against raw better-sqlite3 inserts of the same rows into the same table under the same
 * pragmas (one per transaction, and batched: the practical limit), and against the Emmett SQLite
 * event store appending the same events.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { EVENTS_SCHEMA, SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { NO_STREAM, NewEvent } from '../../src/event-store/event-store.port';
import { ClaimWriter, planClaim, prng } from '../domain-data';
import type { BenchOptions } from '../options';
import { figure, SectionReport } from '../report';
import { LatencySummary, perSecond, Samples, since } from '../stats';

interface Row {
  stream: string;
  event: NewEvent;
}

/** Domain-shaped single events (the kinds a desk appends one at a time), reused with fresh ids. */
function eventPool(size: number): NewEvent[] {
  const random = prng(42);
  const pool: NewEvent[] = [];
  for (let i = 0; pool.length < size; i++) {
    const plan = planClaim(i, random);
    const writer = new ClaimWriter(plan.claimId);
    for (const step of plan.steps) pool.push(...writer.command(step.command(writer), step.actor));
  }
  return pool.slice(0, size);
}

/** The rows of one test: which stream each single-event append goes to, with a fresh id. */
function rows(pool: NewEvent[], count: number, streamOf: (i: number) => string): Row[] {
  return Array.from({ length: count }, (_, i) => ({ stream: streamOf(i), event: { ...pool[i % pool.length], id: randomUUID() } }));
}

interface Measured {
  events: number;
  ms: number;
  latency?: LatencySummary;
  failures?: number;
}

async function embeddedSequential(file: string, work: Row[]): Promise<Measured> {
  const store = new SqliteEventStore({ file });
  const revisions = new Map<string, number>();
  const samples = new Samples();
  const started = performance.now();
  for (const row of work) {
    const t = performance.now();
    const result = await store.append(row.stream, [row.event], revisions.get(row.stream) ?? NO_STREAM);
    samples.add(since(t));
    revisions.set(row.stream, result.nextExpectedRevision);
  }
  const ms = since(started);
  await store.close();
  return { events: work.length, ms, latency: samples.summary() };
}

async function embeddedConcurrent(file: string, work: Row[][]): Promise<Measured> {
  const store = new SqliteEventStore({ file });
  const samples = new Samples();
  const started = performance.now();
  await Promise.all(
    work.map(async (writerRows) => {
      let revision: number | typeof NO_STREAM = NO_STREAM;
      for (const row of writerRows) {
        const t = performance.now();
        const result = await store.append(row.stream, [row.event], revision);
        samples.add(since(t));
        revision = result.nextExpectedRevision;
      }
    }),
  );
  const ms = since(started);
  await store.close();
  return { events: work.reduce((n, w) => n + w.length, 0), ms, latency: samples.summary() };
}

/** Raw better-sqlite3: the same table, indexes and pragmas; only INSERTs, no checks. */
function raw(file: string, work: Row[], batchSize: number): Measured {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(EVENTS_SCHEMA);
  const insert = db.prepare('INSERT INTO events (event_id, stream_id, revision, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const revisions = new Map<string, number>();
  const prepared = work.map((row) => {
    const revision = (revisions.get(row.stream) ?? -1) + 1;
    revisions.set(row.stream, revision);
    return [row.event.id as string, row.stream, revision, row.event.type, JSON.stringify(row.event.data), JSON.stringify(row.event.metadata ?? {})] as const;
  });
  const write = db.transaction((batch: (typeof prepared)[number][]) => {
    const now = Date.now();
    for (const r of batch) insert.run(...r, now);
  });
  const samples = new Samples();
  const started = performance.now();
  for (let i = 0; i < prepared.length; i += batchSize) {
    const t = performance.now();
    write.immediate(prepared.slice(i, i + batchSize));
    samples.add(since(t));
  }
  const ms = since(started);
  db.close();
  return { events: work.length, ms, latency: samples.summary() };
}

type EmmettStore = {
  appendToStream(stream: string, events: { type: string; data: Record<string, unknown>; metadata?: Record<string, unknown> }[], options?: { expectedStreamVersion?: bigint }): Promise<{ nextExpectedStreamVersion: bigint }>;
};

async function emmettStore(file: string): Promise<EmmettStore> {
  const { getSQLiteEventStore } = await import('@event-driven-io/emmett-sqlite');
  return getSQLiteEventStore({ fileName: file }) as unknown as EmmettStore;
}

/** Emmett logs every failed transaction with console.log; keep the bench's output readable. */
async function quietly<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = () => undefined;
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}

const toEmmett = (event: NewEvent) => ({ type: event.type, data: event.data, metadata: event.metadata });

async function emmettSequential(file: string, work: Row[]): Promise<Measured> {
  const store = await emmettStore(file);
  const versions = new Map<string, bigint>();
  const samples = new Samples();
  const started = performance.now();
  for (const row of work) {
    const t = performance.now();
    const result = await store.appendToStream(row.stream, [toEmmett(row.event)], { expectedStreamVersion: versions.get(row.stream) ?? 0n });
    samples.add(since(t));
    versions.set(row.stream, result.nextExpectedStreamVersion);
  }
  return { events: work.length, ms: since(started), latency: samples.summary() };
}

/**
 * Emmett 0.38.5 shares one connection per store and closes it after every operation, so appends
 * issued concurrently fail (SQLITE_MISUSE: database is closed, SQLITE_BUSY). The probe counts how
 * many of one concurrent round fail; the measured run serialises the writers' appends through a
 * queue, which is what an application has to do with it.
 */
async function emmettConcurrent(file: string, work: Row[][]): Promise<Measured & { probe: { attempted: number; failed: number } }> {
  const probeStore = await emmettStore(`${file}.probe`);
  const probeRows = work.map((w) => w[0]).filter(Boolean);
  const outcomes = await quietly(() => Promise.allSettled(probeRows.map((row) => probeStore.appendToStream(`${row.stream}-probe`, [toEmmett(row.event)], { expectedStreamVersion: 0n }))));
  const probe = { attempted: probeRows.length, failed: outcomes.filter((o) => o.status === 'rejected').length };

  const store = await emmettStore(file);
  let queue: Promise<unknown> = Promise.resolve();
  const serialised = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };
  const samples = new Samples();
  let failures = 0;
  const started = performance.now();
  await Promise.all(
    work.map(async (writerRows) => {
      let version = 0n;
      for (const row of writerRows) {
        const t = performance.now();
        try {
          const result = await serialised(() => store.appendToStream(row.stream, [toEmmett(row.event)], { expectedStreamVersion: version }));
          version = result.nextExpectedStreamVersion;
          samples.add(since(t));
        } catch {
          failures += 1;
        }
      }
    }),
  );
  return { events: work.reduce((n, w) => n + w.length, 0) - failures, ms: since(started), latency: samples.summary(), failures, probe };
}

export async function appendSection(options: BenchOptions, dir: string, progress: (m: string) => void): Promise<SectionReport> {
  const pool = eventPool(2000);
  const sequentialRows = rows(pool, options.sequentialAppends, (i) => `claim-seq-${i % 100}`);
  const writers = options.appendWriters;
  const concurrentRows = Array.from({ length: writers }, (_, w) => rows(pool, options.appendsPerWriter, () => `claim-conc-${w}`));
  const emmettRows = rows(pool, options.emmettAppends, (i) => `claim-seq-${i % 100}`);
  const emmettConcurrentRows = Array.from({ length: options.emmettWriters }, (_, w) => rows(pool, options.emmettAppendsPerWriter, () => `claim-conc-${w}`));
  const flatConcurrent = concurrentRows.flat();

  progress('append: embedded, sequential');
  const seq = await embeddedSequential(join(dir, 'embedded-seq.sqlite'), sequentialRows);
  progress('append: raw better-sqlite3, one row per transaction');
  const rawSeq = raw(join(dir, 'raw-seq.sqlite'), sequentialRows, 1);
  progress(`append: embedded, ${writers} concurrent writers`);
  const conc = await embeddedConcurrent(join(dir, 'embedded-conc.sqlite'), concurrentRows);
  progress(`append: raw better-sqlite3, ${writers} rows per transaction`);
  // Interleaved as the writers' appends arrive: one row of each writer per transaction.
  const interleaved = Array.from({ length: options.appendsPerWriter }, (_, i) => concurrentRows.map((w) => w[i])).flat();
  const rawBatched = raw(join(dir, 'raw-batched.sqlite'), interleaved, writers);
  progress('append: Emmett SQLite, sequential');
  const emSeq = await quietly(() => emmettSequential(join(dir, 'emmett-seq.sqlite'), emmettRows));
  progress(`append: Emmett SQLite, ${options.emmettWriters} concurrent writers`);
  const emConc = await emmettConcurrent(join(dir, 'emmett-conc.sqlite'), emmettConcurrentRows);

  const rate = (m: Measured) => perSecond(m.events, m.ms);
  const figures = [
    figure({
      id: 'append.sequential',
      name: 'Embedded append, sequential (1 event each)',
      value: rate(seq),
      unit: 'events/s',
      better: 'higher',
      latency: seq.latency,
      baseline: { name: 'raw insert, 1 row/tx', value: rate(rawSeq), unit: 'rows/s', latency: rawSeq.latency },
    }),
    figure({
      id: 'append.sequential.vsEmmett',
      name: 'Embedded append, sequential, vs peer',
      value: rate(seq),
      unit: 'events/s',
      better: 'higher',
      latency: seq.latency,
      baseline: { name: 'Emmett SQLite, sequential', value: rate(emSeq), unit: 'events/s', latency: emSeq.latency },
      target: { text: 'ahead of Emmett', met: rate(seq) > rate(emSeq) },
    }),
    figure({
      id: 'append.concurrent',
      name: `Embedded append, ${writers} concurrent writers`,
      value: rate(conc),
      unit: 'events/s',
      better: 'higher',
      latency: conc.latency,
      baseline: { name: `raw insert, ${writers} rows/tx`, value: rate(rawBatched), unit: 'rows/s', latency: rawBatched.latency },
      target: { text: '>= 20,000 events/s', met: rate(conc) >= 20_000 },
    }),
    figure({
      id: 'append.concurrent.vsEmmett',
      name: `Embedded append, concurrent, vs peer`,
      value: rate(conc),
      unit: 'events/s',
      better: 'higher',
      latency: conc.latency,
      baseline: { name: `Emmett, ${options.emmettWriters} writers (serialised)`, value: rate(emConc), unit: 'events/s', latency: emConc.latency },
      target: { text: 'ahead of Emmett', met: rate(conc) > rate(emConc) },
    }),
  ];
  return {
    figures,
    method:
      'Single-event appends of domain-shaped events (decide + toStoredEvent + chainEvents), each with the exact expected revision. ' +
      `Sequential: ${options.sequentialAppends} appends over 100 streams, one awaited at a time. Concurrent: ${writers} writers, each on its own stream, ` +
      `${options.appendsPerWriter} appends each. Raw baseline: the same rows into the same table and indexes with WAL + synchronous=FULL, INSERT only ` +
      `(pre-serialised, no checks), 1 row per transaction and ${writers} rows per transaction. Peer: @event-driven-io/emmett-sqlite 0.38.5 on sqlite3 5.1.7 ` +
      'with its defaults (WAL; synchronous=FULL, the library\'s compiled default), same events, expectedStreamVersion on every append.',
    details: {
      embeddedSequential: seq,
      rawOnePerTransaction: rawSeq,
      embeddedConcurrent: conc,
      rawBatched: { ...rawBatched, rowsPerTransaction: writers },
      emmettSequential: emSeq,
      emmettConcurrent: emConc,
      totalConcurrentEvents: flatConcurrent.length,
    },
  };
}

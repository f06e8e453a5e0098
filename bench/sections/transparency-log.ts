/**
 * The transparency log (issue 16, "Performance"): the tree built from scratch over the seeded store
 * by the real LogAppender, against a plain readAll of the same store; appending a leaf at 1k, 100k
 * and 1M leaves, against one SHA-256; inclusion and consistency proofs at 1M leaves through LogProofs
 * over the SQLite store, against one stored node read; checkpoint signing and verifying, against a
 * plain Ed25519 sign/verify of the same bytes.
 */
import { createPrivateKey, createPublicKey, randomBytes, sign, verify } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import type { EventStore } from '../../src/event-store/event-store.port';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { LOG_FILE, SqliteLogStore } from '../../src/transparency-log/adapters/sqlite-log-store';
import { LogAppender } from '../../src/transparency-log/application/log-appender';
import { LogProofs } from '../../src/transparency-log/application/log-proofs';
import type { LeafRecord } from '../../src/transparency-log/application/log-store.port';
import { formatCheckpoint, openCheckpoint } from '../../src/transparency-log/domain/checkpoint';
import { Frontier, MerkleProofs, Rfc6962Hasher, type HashReader, type StoredNode } from '../../src/transparency-log/domain/merkle';
import { ed25519KeyPair, ed25519Signer, ed25519Verifier, signNote } from '../../src/transparency-log/domain/note';
import type { BenchOptions } from '../options';
import { figure, Figure, SectionReport } from '../report';
import { prng } from '../domain-data';
import { readEverything } from './projections';
import { LatencySummary, perSecond, round, Samples, since } from '../stats';

/** Page size of the embedded subscription the appender reads with (SqliteEventStore's default; readEverything's too). */
const PAGE = 500;
/** Leaves per transaction of the synthetic tree: the appender's default batch size. */
const BATCH = 2000;
const ORIGIN = 'bench.example/log';

/** The tree built from the start of the log by the service's own consumer, into a fresh file. */
async function buildWithAppender(store: EventStore, file: string): Promise<{ leaves: number; ms: number; commits: number; root: Uint8Array }> {
  rmSync(file, { force: true });
  rmSync(`${file}-wal`, { force: true });
  rmSync(`${file}-shm`, { force: true });
  const logStore = new SqliteLogStore(file);
  let commits = 0;
  const appender = new LogAppender(logStore, store, new Rfc6962Hasher(nodeLogCrypto), { onCommitted: () => (commits += 1) });
  const started = performance.now();
  appender.start();
  await appender.caughtUp();
  const ms = since(started);
  const result = { leaves: appender.size, ms, commits, root: appender.root };
  await appender.stop();
  logStore.close();
  return result;
}

interface AppendWindow {
  /** The tree size the window ends at. */
  atSize: number;
  /** Per-leaf cost of the batches in the window (µs per leaf, one sample per batch). */
  perLeafMicros: LatencySummary;
  /** The same appends on the frontier alone (no store), µs per leaf. */
  frontierOnlyMicros: number;
}

/**
 * A tree of `leaves` synthetic leaf hashes (random 32 bytes, not events) appended through Frontier
 * and committed into a SqliteLogStore in batches of BATCH, as the appender does. The time of each
 * batch (frontier + commit) is kept, to read the per-leaf cost near each of `sizes`.
 */
function buildSynthetic(logStore: SqliteLogStore, hasher: Rfc6962Hasher, leaves: number, sizes: number[]) {
  const frontier = Frontier.empty(hasher);
  const batchMs: number[] = [];
  const pureMs: number[] = [];
  const leafHash = new Uint8Array(32);
  const seed = randomBytes(32 * BATCH);
  let nodesWritten = 0;
  const started = performance.now();
  while (frontier.size < leaves) {
    const count = Math.min(BATCH, leaves - frontier.size);
    const t = performance.now();
    const nodes: StoredNode[] = [];
    const records: LeafRecord[] = [];
    let pure = 0;
    for (let i = 0; i < count; i++) {
      seed.copy(leafHash, 0, 32 * i, 32 * i + 32);
      leafHash[0] ^= frontier.size & 0xff; // distinct hashes across batches
      leafHash[1] ^= (frontier.size >> 8) & 0xff;
      const p = performance.now();
      const completed = frontier.appendLeaf(leafHash.slice());
      pure += performance.now() - p;
      records.push({ index: frontier.size - 1, eventId: `synthetic-${frontier.size - 1}`, stream: 'synthetic', revision: frontier.size - 1 });
      for (const n of completed) nodes.push(n);
    }
    const state = frontier.state();
    logStore.commit({ leaves: records, nodes, state: { size: state.size, frontier: state.hashes, cursor: { position: null, handledAtPosition: null, eventId: null } } });
    nodesWritten += nodes.length;
    batchMs.push(since(t));
    pureMs.push(pure);
  }
  const totalMs = since(started);
  // The window at size n: the batches of the last 10% before n (at least one batch).
  const windows: AppendWindow[] = sizes.map((atSize) => {
    const last = Math.ceil(atSize / BATCH) - 1;
    const first = Math.max(0, Math.min(last, Math.ceil((atSize * 0.9) / BATCH) - 1));
    const samples = new Samples();
    let pure = 0;
    let counted = 0;
    for (let b = first; b <= last; b++) {
      const inBatch = Math.min(BATCH, leaves - b * BATCH);
      samples.add((batchMs[b] * 1000) / inBatch);
      pure += pureMs[b];
      counted += inBatch;
    }
    return { atSize, perLeafMicros: samples.summary(), frontierOnlyMicros: micro(pure / counted) };
  });
  return { frontier, totalMs, nodesWritten, windows };
}

/** Times `fn` for each of `samples` (after 20 untimed runs); answers the latency summary. */
function timeEach(samples: number, fn: (i: number) => void): LatencySummary {
  for (let i = 0; i < 20; i++) fn(i);
  const s = new Samples();
  for (let i = 0; i < samples; i++) {
    const t = performance.now();
    fn(i);
    s.add(since(t));
  }
  return s.summary();
}

/** Per-call cost in ms of `fn`, over enough calls to last about `ms`. */
function costOf(fn: () => void, ms = 200): number {
  for (let i = 0; i < 1000; i++) fn();
  let calls = 0;
  const started = performance.now();
  while (since(started) < ms) {
    for (let i = 0; i < 1000; i++) fn();
    calls += 1000;
  }
  return since(started) / calls;
}

function micro(ms: number): number {
  return round(ms * 1000, 3);
}

export async function transparencyLogSection(
  store: EventStore,
  dataDir: string,
  scratchDir: string,
  options: Pick<BenchOptions, 'logLeaves' | 'logProofs' | 'logSignings'>,
  progress: (m: string) => void,
): Promise<SectionReport> {
  const say = progress;
  const scale = { proofLeaves: options.logLeaves, proofSamples: options.logProofs, signings: options.logSignings };
  const hasher = new Rfc6962Hasher(nodeLogCrypto);
  const figures: Figure[] = [];

  // 1. Tree build from scratch vs a plain readAll of the same store (readAll first warms the page cache for both).
  say('transparency-log: plain readAll of every event');
  const read = await readEverything(store);
  say(`transparency-log: building the tree of ${read.events} events with LogAppender`);
  // Into DATA_DIR's log file: the service then opens a built tree, as after a first start.
  const build = await buildWithAppender(store, join(dataDir, LOG_FILE));
  const readAgain = await readEverything(store);
  const readRate = perSecond(read.events + readAgain.events, read.ms + readAgain.ms);
  const buildRate = perSecond(build.leaves, build.ms);
  figures.push(
    figure({
      id: 'log.build',
      name: `Tree build from scratch (${build.leaves.toLocaleString('en-US')} events, LogAppender)`,
      value: buildRate,
      unit: 'events/s',
      better: 'higher',
      baseline: { name: 'plain readAll of the same store', value: readRate, unit: 'events/s' },
      target: { text: '>= 0.5x readAll', met: buildRate >= 0.5 * readRate },
    }),
  );

  // 2. The synthetic tree: appends near 1k, 100k and 1M leaves, then proofs at its full size.
  const leaves = scale.proofLeaves;
  const sizes = [1_000, 100_000, 1_000_000].filter((n) => n <= leaves);
  if (!sizes.includes(leaves)) sizes.push(leaves);
  // JIT warm-up on a throwaway tree, so the first window is not the compiler's.
  const warm = new SqliteLogStore(':memory:');
  buildSynthetic(warm, hasher, 3 * BATCH, [BATCH]);
  warm.close();
  const proofFile = join(scratchDir, 'synthetic-transparency-log.sqlite');
  for (const suffix of ['', '-wal', '-shm']) rmSync(`${proofFile}${suffix}`, { force: true });
  const logStore = new SqliteLogStore(proofFile);
  say(`transparency-log: a synthetic tree of ${leaves.toLocaleString('en-US')} leaf hashes through Frontier into SqliteLogStore`);
  const synthetic = buildSynthetic(logStore, hasher, leaves, sizes);
  const left = new Uint8Array(randomBytes(32));
  const right = new Uint8Array(randomBytes(32));
  const shaMs = costOf(() => hasher.hashChildren(left, right));
  for (const w of synthetic.windows) {
    figures.push(
      figure({
        id: `log.append.${w.atSize}`,
        name: `Append a leaf at ${w.atSize.toLocaleString('en-US')} leaves (Frontier + SQLite commit, ${BATCH}/tx)`,
        value: w.perLeafMicros.mean,
        unit: 'µs/leaf',
        better: 'lower',
        baseline: { name: 'one SHA-256 (a node hash)', value: micro(shaMs), unit: 'µs' },
      }),
    );
  }

  // The proofs answer up to the latest checkpoint: sign one at the full size, as the publisher does.
  const signer = ed25519Signer(nodeLogCrypto, ed25519KeyPair(nodeLogCrypto, ORIGIN, new Uint8Array(randomBytes(32))).skey);
  const root = synthetic.frontier.root();
  logStore.saveCheckpoint({ size: leaves, rootHash: root, note: signNote(formatCheckpoint({ origin: ORIGIN, size: leaves, rootHash: root, extensions: [] }), [signer]), signedAt: new Date() });
  const proofs = new LogProofs(logStore, hasher);
  const random = prng(16);
  const pick = (below: number) => Math.floor(random() * below);
  const inclusionArgs = Array.from({ length: scale.proofSamples + 20 }, () => {
    const size = 1 + pick(leaves);
    return [pick(size), size] as const;
  });
  const consistencyArgs = Array.from({ length: scale.proofSamples + 20 }, () => {
    const to = 1 + pick(leaves);
    return [1 + pick(to), to] as const;
  });
  // The reads each proof makes, counted on the same store through the domain's MerkleProofs.
  let reads = 0;
  const counting: HashReader = { node: (level, index) => ((reads += 1), logStore.node(level, index)) };
  const counted = new MerkleProofs(hasher, counting);
  const readsPer = (run: (i: number) => void, count: number) => {
    let max = 0;
    let total = 0;
    for (let i = 0; i < count; i++) {
      reads = 0;
      run(i);
      total += reads;
      max = Math.max(max, reads);
    }
    return { mean: round(total / count, 2), max };
  };
  const inclusionReads = readsPer((i) => counted.inclusionProof(...inclusionArgs[i]), inclusionArgs.length);
  const consistencyReads = readsPer((i) => counted.consistencyProof(...consistencyArgs[i]), consistencyArgs.length);

  say(`transparency-log: ${scale.proofSamples} inclusion and consistency proofs at ${leaves.toLocaleString('en-US')} leaves`);
  const nodeRead = timeEach(scale.proofSamples, () => logStore.node(0, pick(leaves)));
  const inclusion = timeEach(scale.proofSamples, (i) => proofs.inclusion(...inclusionArgs[i % inclusionArgs.length]));
  const consistency = timeEach(scale.proofSamples, (i) => proofs.consistency(...consistencyArgs[i % consistencyArgs.length]));
  const depth = Math.ceil(Math.log2(leaves));
  const nodeBaseline = { name: 'one stored node(level, index) read', value: nodeRead.p50, unit: 'ms', latency: nodeRead };
  figures.push(
    figure({
      id: 'log.proof.inclusion',
      name: `Inclusion proof at ${leaves.toLocaleString('en-US')} leaves, random (index, size), p50`,
      value: inclusion.p50,
      unit: 'ms',
      better: 'lower',
      latency: inclusion,
      baseline: nodeBaseline,
    }),
    figure({
      id: 'log.proof.consistency',
      name: `Consistency proof at ${leaves.toLocaleString('en-US')} leaves, random (m, n), p50`,
      value: consistency.p50,
      unit: 'ms',
      better: 'lower',
      latency: consistency,
      baseline: nodeBaseline,
    }),
  );
  logStore.close();

  // 3. Checkpoint signing and verifying, against a plain Ed25519 sign/verify of the same bytes.
  say(`transparency-log: signing and verifying ${scale.signings} checkpoints`);
  const verifier = ed25519Verifier(nodeLogCrypto, signer.vkey);
  const text = formatCheckpoint({ origin: ORIGIN, size: leaves, rootHash: root, extensions: [] });
  const notes: string[] = [];
  const signStarted = performance.now();
  for (let i = 0; i < scale.signings; i++) notes.push(signNote(text, [signer]));
  const signMs = since(signStarted);
  const verifyStarted = performance.now();
  for (const note of notes) openCheckpoint(note, verifier, { origin: ORIGIN });
  const verifyMs = since(verifyStarted);
  const seed = new Uint8Array(randomBytes(32));
  const pkcs8 = Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]);
  const key = createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' });
  const publicKey = createPublicKey(key);
  const bytes = Buffer.from(text);
  let plainSignature = sign(null, bytes, key);
  const plainSignStarted = performance.now();
  for (let i = 0; i < scale.signings; i++) plainSignature = sign(null, bytes, key);
  const plainSignMs = since(plainSignStarted);
  const plainVerifyStarted = performance.now();
  for (let i = 0; i < scale.signings; i++) verify(null, bytes, publicKey, plainSignature);
  const plainVerifyMs = since(plainVerifyStarted);
  figures.push(
    figure({
      id: 'log.checkpoint.sign',
      name: 'Checkpoint signing (tlog-checkpoint signed note, Ed25519)',
      value: perSecond(scale.signings, signMs),
      unit: 'signs/s',
      better: 'higher',
      baseline: { name: 'plain crypto.sign of the same bytes (KeyObject)', value: perSecond(scale.signings, plainSignMs), unit: 'signs/s' },
    }),
    figure({
      id: 'log.checkpoint.verify',
      name: 'Checkpoint verifying (openCheckpoint: parse, verify, origin)',
      value: perSecond(scale.signings, verifyMs),
      unit: 'verifies/s',
      better: 'higher',
      baseline: { name: 'plain crypto.verify of the same bytes (KeyObject)', value: perSecond(scale.signings, plainVerifyMs), unit: 'verifies/s' },
    }),
  );

  return {
    figures,
    method:
      `Build: the service's LogAppender (subscription pages of ${PAGE} → logEntryOf → leaf hash → Frontier → SqliteLogStore.commit, ` +
      `batches of up to ${BATCH}) from the start of the seeded store into a fresh DATA_DIR/${LOG_FILE} (the one the service then opens), ` +
      `timed until caught up; baseline: readAll of every event through the port in pages of ${PAGE}, before and after the build (the mean). ` +
      `Appends and proofs: a synthetic tree of ${leaves.toLocaleString('en-US')} random leaf hashes (not events) appended through Frontier and committed ` +
      `into a SqliteLogStore in batches of ${BATCH} (leaf records, nodes, frontier per transaction, WAL, synchronous=NORMAL); the per-leaf cost at a size ` +
      'is the mean over the batches of the last 10% below it (latency: one sample per batch); baseline: one SHA-256 node hash (RFC 6962 hashChildren). ' +
      `Proofs: ${scale.proofSamples} each, in process through LogProofs over that store (a checkpoint signed at the full size), random size in [1, N] ` +
      'and index below it; consistency: random n in [1, N], m in [1, n]; baseline: one random node(0, i) read from the same store. ' +
      `Signing: ${scale.signings} signNote(formatCheckpoint) with the Ed25519 signer (node:crypto); verifying: openCheckpoint; baseline: ` +
      'crypto.sign/verify of the same note text with a prepared KeyObject. Not over HTTP.',
    details: {
      build: { leaves: build.leaves, ms: Math.round(build.ms), commits: build.commits, readAll: { first: read, second: readAgain } },
      synthetic: {
        leaves,
        batch: BATCH,
        buildMs: Math.round(synthetic.totalMs),
        leavesPerSecond: perSecond(leaves, synthetic.totalMs),
        nodesWritten: synthetic.nodesWritten,
        nodesPerLeaf: round(synthetic.nodesWritten / leaves, 3),
        appendWindows: synthetic.windows,
        sha256Micros: micro(shaMs),
      },
      proofs: {
        treeDepth: depth,
        readsPerInclusionProof: inclusionReads,
        readsPerConsistencyProof: consistencyReads,
        inclusion,
        consistency,
        nodeRead,
      },
      signing: { signings: scale.signings, signMs: round(signMs, 1), verifyMs: round(verifyMs, 1), plainSignMs: round(plainSignMs, 1), plainVerifyMs: round(plainVerifyMs, 1) },
    },
  };
}

import { join } from 'node:path';
import type { EventStore, NewEvent } from '../../src/event-store/event-store.port';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { SqliteLogStore } from '../../src/transparency-log/adapters/sqlite-log-store';
import { CheckpointPublisher } from '../../src/transparency-log/application/checkpoint-publisher';
import { LogAppender } from '../../src/transparency-log/application/log-appender';
import { LogProofs } from '../../src/transparency-log/application/log-proofs';
import { toHex } from '../../src/transparency-log/domain/bytes';
import { openCheckpoint } from '../../src/transparency-log/domain/checkpoint';
import { logEntryOf } from '../../src/transparency-log/domain/entry';
import { checkConsistency, checkInclusion, MemoryTree, MerkleProofs, Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519KeyPair, ed25519Signer, ed25519Verifier } from '../../src/transparency-log/domain/note';
import { EsdbTestServer } from '../support/esdb-test-server';
import { eventually } from '../support/eventually';
import { makeTempDir } from '../support/temp-dir';

const hasher = new Rfc6962Hasher(nodeLogCrypto);
/** Both stores stamp every event with this time, so the same events make the same entries. */
const RECORDED = Date.parse('2026-12-01T17:00:00.000Z');

/** A varied history: several streams, unicode, nested data, metadata, a multi-event append. */
function history(from: number, count: number): { stream: string; events: NewEvent[] }[] {
  return Array.from({ length: count }, (_, k) => {
    const i = from + k;
    const events: NewEvent[] = [{ type: 'ClaimSubmitted', data: { claimId: `c${i}`, statement: `Été ${i} — “quoted”`, n: i, nested: { list: [1, 2.5, null, true] } }, metadata: { schemaVersion: 1, actor: { id: 'a' } } }];
    if (i % 3 === 0) events.push({ type: 'CitationAdded', data: { claimId: `c${i}`, url: `https://example.org/${i}` }, metadata: { schemaVersion: 2 } });
    return { stream: `claim-c${i % 7}`, events };
  });
}

async function appendAll(store: EventStore, batches: { stream: string; events: NewEvent[] }[]): Promise<void> {
  for (const { stream, events } of batches) await store.append(stream, events);
}

/** The reference: RFC 6962's recursive MTH over every event read back, with nothing stored. */
async function fromScratch(store: EventStore): Promise<{ size: number; root: string; tree: MemoryTree }> {
  const tree = new MemoryTree(hasher);
  for (const event of await store.readAll()) tree.append(logEntryOf(event));
  return { size: tree.size, root: toHex(tree.root()), tree };
}

async function build(store: EventStore, file: string, batchSize: number): Promise<{ size: number; root: string }> {
  const logStore = new SqliteLogStore(file);
  const appender = new LogAppender(logStore, store, hasher, { batchSize });
  appender.start();
  await appender.caughtUp();
  const result = { size: appender.size, root: toHex(appender.root) };
  await appender.stop();
  logStore.close();
  return result;
}

describe('the transparency log consumer', () => {
  it('builds the same tree over the embedded store and over EventStoreDB (real gRPC), equal to a from-scratch build', async () => {
    const dir = makeTempDir();
    const server = new EsdbTestServer({ now: () => RECORDED });
    const { connectionString } = await server.start();
    const esdb = EventStoreDbEventStore.fromConnectionString(connectionString);
    const embedded = new SqliteEventStore({ file: join(dir.path, 'events.sqlite'), now: () => new Date(RECORDED) });
    try {
      const events = history(0, 40);
      await appendAll(embedded, events);
      await appendAll(esdb, events);
      const onEmbedded = await build(embedded, join(dir.path, 'log-embedded.sqlite'), 9);
      const onEsdb = await build(esdb, join(dir.path, 'log-esdb.sqlite'), 4);
      const reference = await fromScratch(embedded);
      expect(reference.size).toBe(54);
      expect(onEmbedded).toEqual({ size: 54, root: reference.root });
      expect(onEsdb).toEqual(onEmbedded);
    } finally {
      await esdb.close();
      await server.stop();
      await embedded.close();
      dir.remove();
    }
  });

  it('continues the same tree after a restart: no leaf twice, none missing, earlier roots still consistent', async () => {
    const dir = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    const logFile = join(dir.path, 'transparency-log.sqlite');
    try {
      await appendAll(store, history(0, 25));
      const first = await build(store, logFile, 6);
      await appendAll(store, history(25, 30));
      const second = await build(store, logFile, 1000);
      const reference = await fromScratch(store);
      expect(second).toEqual({ size: reference.size, root: reference.root });
      expect(second.size).toBeGreaterThan(first.size);
      // The first tree is a prefix of the second, and the stored nodes prove it.
      const logStore = new SqliteLogStore(logFile);
      const stored = new MerkleProofs(hasher, logStore);
      expect(toHex(stored.treeHead(first.size))).toBe(first.root);
      expect(toHex(stored.treeHead(second.size))).toBe(second.root);
      const proof = stored.consistencyProof(first.size, second.size);
      expect(checkConsistency(hasher, first.size, second.size, reference.tree.proofs().treeHead(first.size), reference.tree.root(), proof)).toBeUndefined();
      logStore.close();
    } finally {
      await store.close();
      dir.remove();
    }
  });

  it('signs checkpoints (every one kept, at most once per interval) and serves proofs that verify against them', async () => {
    const dir = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    const logStore = new SqliteLogStore(join(dir.path, 'transparency-log.sqlite'));
    const { skey, vkey } = ed25519KeyPair(nodeLogCrypto, 'desk.test/log', new Uint8Array(32).fill(7));
    const verifier = ed25519Verifier(nodeLogCrypto, vkey);
    let publisher: CheckpointPublisher | undefined;
    const appender = new LogAppender(logStore, store, hasher, { onCommitted: () => publisher?.treeGrew() });
    publisher = new CheckpointPublisher(logStore, appender, { origin: 'desk.test/log', signer: ed25519Signer(nodeLogCrypto, skey), intervalMs: 200 });
    try {
      publisher.start();
      expect(logStore.latestCheckpoint()?.size).toBe(0); // the empty tree is signed at once
      appender.start();
      await appender.caughtUp();
      await appendAll(store, history(0, 5));
      await eventually(() => expect(logStore.latestCheckpoint()?.size).toBe(7), 5000);
      const early = logStore.latestCheckpoint()!;
      const started = Date.now();
      for (let i = 5; i < 30; i++) await appendAll(store, history(i, 1));
      await eventually(() => expect(logStore.latestCheckpoint()?.size).toBe(40), 5000);
      // 25 appends, over at least one interval: far fewer checkpoints than appends.
      expect(logStore.checkpointCount()).toBeLessThanOrEqual(2 + Math.ceil((Date.now() - started) / 200) + 1);

      const latest = openCheckpoint(logStore.latestCheckpoint()!.note, verifier, { origin: 'desk.test/log' });
      const events = await store.readAll();
      const proofs = new LogProofs(logStore, hasher);
      for (const [i, event] of events.entries()) {
        const { hashes } = proofs.inclusion(i, latest.checkpoint.size);
        expect(checkInclusion(hasher, i, latest.checkpoint.size, hasher.hashLeaf(logEntryOf(event)), hashes, latest.checkpoint.rootHash)).toBeUndefined();
      }
      const { hashes } = proofs.consistency(early.size, latest.checkpoint.size);
      expect(checkConsistency(hasher, early.size, latest.checkpoint.size, early.rootHash, latest.checkpoint.rootHash, hashes)).toBeUndefined();
      expect(() => proofs.inclusion(40, 40)).toThrow('index 40 must be below size 40');
      expect(() => proofs.inclusion(0, 41)).toThrow("size 41 is beyond the latest checkpoint's tree size 40");
      expect(() => proofs.consistency(0, 5)).toThrow('from must be at least 1');
    } finally {
      publisher.stop();
      await appender.stop();
      logStore.close();
      await store.close();
      dir.remove();
    }
  });
  it('refuses to follow an event log that lost events its tree holds (an older backup) rather than fork the tree', async () => {
    const dir = makeTempDir();
    const logFile = join(dir.path, 'transparency-log.sqlite');
    const original = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    const older = new SqliteEventStore({ file: join(dir.path, 'older.sqlite') });
    const other = new SqliteEventStore({ file: join(dir.path, 'other.sqlite') });
    try {
      await appendAll(older, history(0, 3));
      await appendAll(original, history(0, 10));
      await appendAll(other, history(100, 10));
      const built = await build(original, logFile, 100);
      for (const store of [older, other]) {
        const logStore = new SqliteLogStore(logFile);
        const failures: Error[] = [];
        const appender = new LogAppender(logStore, store, hasher, { onFailed: (error) => failures.push(error) });
        appender.start();
        await expect(appender.caughtUp()).rejects.toThrow();
        expect(appender.status).toBe('failed');
        expect(failures).toHaveLength(1);
        expect({ size: appender.size, root: toHex(appender.root) }).toEqual(built);
        await appender.stop();
        logStore.close();
      }
    } finally {
      await Promise.all([original.close(), older.close(), other.close()]);
      dir.remove();
    }
  });
});

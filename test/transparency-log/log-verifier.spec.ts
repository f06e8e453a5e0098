import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeLogCrypto } from '../../src/transparency-log/adapters/node-log-crypto';
import { toBase64, utf8 } from '../../src/transparency-log/domain/bytes';
import { ed25519Cosigner, formatCheckpoint, formatTlogProof } from '../../src/transparency-log/domain/checkpoint';
import { encodeLogEntry } from '../../src/transparency-log/domain/entry';
import { MemoryTree, Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519KeyPair, ed25519Signer, signNote } from '../../src/transparency-log/domain/note';
import { FileState, LogVerifier, MemoryState, Refusal, Witness, type ProofBundle } from '../../src/transparency-log/verifier';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { makeTempDir } from '../support/temp-dir';

const hasher = new Rfc6962Hasher(nodeLogCrypto);
const ORIGIN = 'desk.example.org/log';
const seed = (n: number) => new Uint8Array(32).map((_, i) => (i * 7 + n) & 0xff);
const keys = ed25519KeyPair(nodeLogCrypto, ORIGIN, seed(1));
const signer = ed25519Signer(nodeLogCrypto, keys.skey);
const other = ed25519Signer(nodeLogCrypto, ed25519KeyPair(nodeLogCrypto, ORIGIN, seed(2)).skey);

/** Leaf i: a FactCheckPublished of claim-c1 at revision i, its data naming `prefix`. */
const entryOf = (i: number, prefix: string, stream = 'claim-c1') =>
  encodeLogEntry({ stream, revision: i, type: 'FactCheckPublished', data: utf8(JSON.stringify({ prefix, i })), metadata: utf8('{}'), recordedAtMs: 1_700_000_000_000 + i });

/** A log over a MemoryTree: entries as entryOf; its checkpoints signed, its consistency proofs served. */
class FakeLog {
  readonly tree = new MemoryTree(hasher);
  readonly entries: Uint8Array[] = [];
  constructor(n = 0, private readonly prefix = 'e') {
    this.grow(n);
  }
  grow(n: number, prefix = this.prefix): this {
    for (let i = 0; i < n; i++) {
      const e = entryOf(this.entries.length, prefix);
      this.entries.push(e);
      this.tree.append(e);
    }
    return this;
  }
  checkpoint(by = signer, origin = ORIGIN): string {
    return signNote(formatCheckpoint({ origin, size: this.tree.size, rootHash: this.tree.root(), extensions: [] }), [by]);
  }
  readonly consistency = async (from: number, to: number) => this.tree.proofs().consistencyProof(from, to);
}

const verifierOf = (state = new MemoryState()) => new LogVerifier({ crypto: nodeLogCrypto, vkey: keys.vkey, state });

async function refusal(promise: Promise<unknown>): Promise<Refusal> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Refusal) return error;
    throw error;
  }
  throw new Error('accepted, a refusal was expected');
}

describe('LogVerifier: the saved checkpoint and what may follow it', () => {
  it('accepts a first checkpoint, the same again, then an extension (fetching the consistency proof)', async () => {
    const log = new FakeLog(5);
    const v = verifierOf();
    expect((await v.acceptCheckpoint(log.checkpoint())).outcome).toBe('first');
    expect((await v.acceptCheckpoint(log.checkpoint())).outcome).toBe('same');
    log.grow(8);
    const accepted = await v.acceptCheckpoint(log.checkpoint(), log.consistency);
    expect(accepted).toMatchObject({ outcome: 'extended', previous: { size: 5 }, checkpoint: { size: 13, rootHash: toBase64(log.tree.root()) } });
    expect(v.saved()?.size).toBe(13);
  });

  it('refuses a rewrite (another tree, larger), a split view (same size, other root) and a rollback, keeping the state', async () => {
    const honest = new FakeLog(6);
    const state = new MemoryState();
    const v = verifierOf(state);
    await v.acceptCheckpoint(honest.checkpoint());
    const before = JSON.stringify(state.load());

    const rewritten = new FakeLog(9, 'forged');
    const r1 = await refusal(v.acceptCheckpoint(rewritten.checkpoint(), rewritten.consistency));
    expect(r1.check).toBe('inconsistent');
    expect(r1.saved).toEqual({ size: 6, rootHash: toBase64(honest.tree.root()) });
    expect(r1.offered).toEqual({ size: 9, rootHash: toBase64(rewritten.tree.root()) });

    const split = new FakeLog(6, 'other');
    const r2 = await refusal(v.acceptCheckpoint(split.checkpoint()));
    expect(r2.check).toBe('inconsistent');
    expect(r2.message).toContain('split view');

    const r3 = await refusal(v.acceptCheckpoint(new FakeLog(4).checkpoint()));
    expect(r3.check).toBe('rollback');
    expect(JSON.stringify(state.load())).toBe(before);
  });

  it('refuses a checkpoint signed by another key, or for another origin, or without a way to get the proof', async () => {
    const log = new FakeLog(3);
    const v = verifierOf();
    expect((await refusal(v.acceptCheckpoint(log.checkpoint(other)))).check).toBe('signature');
    expect((await refusal(v.acceptCheckpoint(log.checkpoint(signer, 'elsewhere.example/log')))).check).toBe('signature');
    expect(v.saved()).toBeUndefined();
    await v.acceptCheckpoint(log.checkpoint());
    log.grow(2);
    expect((await refusal(v.acceptCheckpoint(log.checkpoint()))).message).toMatch(/--log URL/);
  });

  it('says the state belongs to another log when the saved checkpoint is not signed by the pinned key', async () => {
    const state = new MemoryState();
    const theirs = new FakeLog(9);
    const otherKeys = ed25519KeyPair(nodeLogCrypto, ORIGIN, seed(2));
    await new LogVerifier({ crypto: nodeLogCrypto, vkey: otherKeys.vkey, state }).acceptCheckpoint(theirs.checkpoint(other));
    const saved = state.load();
    const ours = new FakeLog(12);
    const r = await refusal(verifierOf(state).acceptCheckpoint(ours.checkpoint(), ours.consistency));
    expect(r.check).toBe('input');
    expect(r.message).toMatch(/state file belongs to another log or another key/);
    expect(state.load()).toEqual(saved);
  });

  it('keeps its state in a file, written whole; a refusal leaves the file byte for byte', async () => {
    const dir = makeTempDir('log-verifier-');
    try {
      const file = join(dir.path, 'state.json');
      const log = new FakeLog(4);
      await verifierOf(new FileState(file)).acceptCheckpoint(log.checkpoint());
      const saved = readFileSync(file, 'utf8');
      expect(JSON.parse(saved)).toMatchObject({ origin: ORIGIN, size: 4, note: log.checkpoint() });
      const fresh = new LogVerifier({ crypto: nodeLogCrypto, vkey: keys.vkey, state: new FileState(file) });
      expect((await refusal(fresh.acceptCheckpoint(new FakeLog(4, 'x').checkpoint()))).check).toBe('inconsistent');
      expect(readFileSync(file, 'utf8')).toBe(saved);
    } finally {
      dir.remove();
    }
  });

  it('for random sizes M <= N: an honest extension is accepted, a leaf changed below M refused', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 70 }).chain((m) => fc.tuple(fc.constant(m), fc.integer({ min: m, max: 90 }), fc.integer({ min: 0, max: m - 1 }))),
        async ([m, n, changed]) => {
          const honest = new FakeLog(m);
          const v = verifierOf();
          await v.acceptCheckpoint(honest.checkpoint());
          const forged = new FakeLog();
          for (let i = 0; i < n; i++) forged.tree.append(i === changed ? utf8('changed') : utf8(`e-${i}`));
          honest.grow(n - m);
          const r = await refusal(v.acceptCheckpoint(forged.checkpoint(), forged.consistency));
          expect(r.check).toBe('inconsistent');
          expect(v.saved()?.size).toBe(m);
          expect((await v.acceptCheckpoint(honest.checkpoint(), honest.consistency)).checkpoint.size).toBe(n);
        },
      ),
      { numRuns: 60 },
    );
  });
});

/** A bundle as GET /log/fact-checks/:claimId answers it, built from the fake log. */
function bundleOf(log: FakeLog, indexes: number[], note = log.checkpoint()): ProofBundle {
  return {
    claimId: 'c1',
    publicEvents: indexes.map((index) => ({
      index,
      type: 'FactCheckPublished',
      revision: index,
      entry: toBase64(log.entries[index]),
      proof: formatTlogProof({ index, hashes: log.tree.proofs().inclusionProof(index, log.tree.size), checkpoint: note }),
    })),
    checkpoint: { size: log.tree.size, rootHash: toBase64(log.tree.root()), note },
  };
}

describe('LogVerifier.verifyBundle', () => {
  it('verifies each public event against the pinned key and the bundle against the saved checkpoint', async () => {
    const log = new FakeLog(10);
    const v = verifierOf();
    await v.acceptCheckpoint(log.checkpoint());
    log.grow(5);
    const verified = await v.verifyBundle(JSON.stringify(bundleOf(log, [0, 3, 12])), log.consistency);
    expect(verified.events.map((e) => e.index)).toEqual([0, 3, 12]);
    expect(verified.checkpoint.outcome).toBe('extended');
    // An older bundle than the saved checkpoint: proven a prefix of it, the state unchanged.
    const older = new FakeLog(8);
    const r = await v.verifyBundle(bundleOf(older, [1]), log.consistency);
    expect(r.checkpoint.outcome).toBe('older');
    expect(v.saved()?.size).toBe(15);
  });

  it('refuses an edited entry, a proof for another leaf, and a bundle from another tree', async () => {
    const log = new FakeLog(7);
    const v = verifierOf();
    const edited = bundleOf(log, [2]);
    edited.publicEvents[0].entry = toBase64(entryOf(2, 'edited'));
    expect((await refusal(v.verifyBundle(edited))).check).toBe('proof');
    // A genuine proof of another fact-check's entry, or of another type or revision than the bundle says.
    const elsewhere = bundleOf(log, [2]);
    elsewhere.claimId = 'c2';
    expect((await refusal(v.verifyBundle(elsewhere))).message).toMatch(/not of the fact-check claim-c2/);
    const retyped = bundleOf(log, [2]);
    retyped.publicEvents[0].type = 'FactCheckRetracted';
    expect((await refusal(v.verifyBundle(retyped))).message).toMatch(/is a FactCheckPublished, not a FactCheckRetracted/);
    const renumbered = bundleOf(log, [2]);
    renumbered.publicEvents[0].revision = 5;
    expect((await refusal(v.verifyBundle(renumbered))).message).toMatch(/revision 2, not 5/);
    const moved = bundleOf(log, [2]);
    moved.publicEvents[0].index = 3;
    expect((await refusal(v.verifyBundle(moved))).check).toBe('proof');
    await v.acceptCheckpoint(log.checkpoint());
    const forged = new FakeLog(7, 'forged');
    expect((await refusal(v.verifyBundle(bundleOf(forged, [1])))).check).toBe('inconsistent');
  });
});

describe('Witness', () => {
  const cosigner = ed25519Cosigner(nodeLogCrypto, 'witness.example.net', seed(9));

  it('cosigns a consistent checkpoint, refuses (and submits nothing for) an inconsistent one', async () => {
    const submitted: string[] = [];
    let log = new FakeLog(4);
    const w = new Witness(verifierOf(), cosigner, {
      checkpoint: async () => log.checkpoint(),
      consistency: (from, to) => log.consistency(from, to),
      submitCosignature: async (note) => (submitted.push(note), { status: 201, body: '{}' }),
    }, () => new Date(1_700_000_000_000));
    const first = await w.step();
    expect(first.outcome).toBe('cosigned');
    expect(submitted[0]).toBe(`${formatCheckpoint({ origin: ORIGIN, size: 4, rootHash: log.tree.root(), extensions: [] })}\n${cosigner.cosign(formatCheckpoint({ origin: ORIGIN, size: 4, rootHash: log.tree.root(), extensions: [] }), 1_700_000_000n)}`);
    log = new FakeLog(6, 'forged');
    const refused = await w.step();
    expect(refused.outcome).toBe('refused');
    expect(refused.outcome === 'refused' && refused.refusal.check).toBe('inconsistent');
    expect(submitted).toHaveLength(1);
  });
});


describe('LOG_WITNESS_KEYS', () => {
  const good = ed25519Cosigner(nodeLogCrypto, 'witness.example.net', seed(9)).vkey;
  const env = (keys: string) => ({ NODE_ENV: 'test', AUTH_JWT_SECRET: 'x'.repeat(40), LOG_WITNESS_KEYS: keys });

  it('reads witness vkeys separated by commas or newlines', () => {
    const other = ed25519Cosigner(nodeLogCrypto, 'other.example.org', seed(10)).vkey;
    expect(loadConfig(env(` ${good},\n${other}\n`)).logWitnessKeys).toEqual([good, other]);
  });

  it('refuses at start a bad key, naming it: not a vkey, the log key type 0x01, a key id that does not match', () => {
    const wrongId = good.replace(/\+([0-9a-f]{8})\+/, (_, id: string) => `+${id[0] === '0' ? '1' : '0'}${id.slice(1)}+`);
    for (const [bad, why] of [['nonsense', /witness verifier key/], [keys.vkey, /not 0x04/], [wrongId, /does not match/]] as const) {
      let error: unknown;
      try {
        loadConfig(env(`${good},${bad}`));
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(new RegExp(`LOG_WITNESS_KEYS: ${JSON.stringify(bad).replace(/[+.]/g, '\\$&')} .*${why.source}`));
    }
  });
});

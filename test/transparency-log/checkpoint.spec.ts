import { fromBase64, toBase64 } from '../../src/transparency-log/domain/bytes';
import {
  cosignatureTimestamp, cosignatureVerifier, ed25519Cosigner, formatCheckpoint, formatTlogProof, openCheckpoint, parseCheckpoint, parseTlogProof, verifyTlogProof,
} from '../../src/transparency-log/domain/checkpoint';
import { MemoryTree, Rfc6962Hasher } from '../../src/transparency-log/domain/merkle';
import { ed25519KeyPair, ed25519Signer, ed25519Verifier, parseNote, signNote } from '../../src/transparency-log/domain/note';
import v from './vectors/notes.json';
import { nodeLogCrypto as crypto } from '../../src/transparency-log/adapters/node-log-crypto';

const hasher = new Rfc6962Hasher(crypto);
const origin = 'desk.example/log';
const keys = ed25519KeyPair(crypto, origin, new Uint8Array(32).fill(7));
const log = ed25519Signer(crypto, keys.skey);
const logV = ed25519Verifier(crypto, keys.vkey);

describe('checkpoints, cosignatures, proof bundles', () => {
  it('parses the C2SP examples (checkpoint and cosignature timestamp)', () => {
    const note = parseNote(v.c2sp.checkpointWithCosignature);
    const cp = parseCheckpoint(note.text);
    expect(cp.origin).toBe('example.com/behind-the-sofa');
    expect(cp.size).toBe(20852163);
    expect(formatCheckpoint(cp)).toBe(note.text);
    expect(cosignatureTimestamp(note.signatures[1]).toString()).toBe(v.c2sp.cosignatureTimestamp);
  });

  it.each(['o\n01\n' + toBase64(new Uint8Array(32)) + '\n', 'o\n1\nAAAA\n', 'o\n1\n', '\n1\n' + toBase64(new Uint8Array(32)) + '\n', 'o\n1\n' + toBase64(new Uint8Array(32)) + '\n\n'])(
    'refuses a malformed checkpoint %j', (text) => expect(() => parseCheckpoint(text)).toThrow(/malformed/),
  );

  it('round-trips a signed checkpoint, cosigns it, and verifies a tlog-proof bundle', () => {
    const tree = new MemoryTree(hasher);
    for (let i = 0; i < 13; i++) tree.append(new Uint8Array([i]));
    const text = formatCheckpoint({ origin, size: 13, rootHash: tree.root(), extensions: [] });
    const witness = ed25519Cosigner(crypto, 'witness.example/w1', new Uint8Array(32).fill(9));
    const note = signNote(text, [log], [witness.cosign(text, 1700000000n)]);
    const wv = cosignatureVerifier(crypto, witness.vkey);
    const opened = openCheckpoint(note, logV, { witnesses: [wv] });
    expect(opened.checkpoint.size).toBe(13);
    expect(opened.note.verified).toHaveLength(2);
    const bundle = formatTlogProof({ index: 5, hashes: tree.proofs().inclusionProof(5, 13), checkpoint: note, extra: new Uint8Array([1, 2]) });
    expect(formatTlogProof(parseTlogProof(bundle))).toBe(bundle);
    const ok = verifyTlogProof(hasher, bundle, hasher.hashLeaf(new Uint8Array([5])), { log: logV, witnesses: [wv], minWitnesses: 1 });
    expect(ok.cosignatures).toEqual([{ name: 'witness.example/w1', timestamp: 1700000000n }]);
    expect(() => verifyTlogProof(hasher, bundle, hasher.hashLeaf(new Uint8Array([6])), { log: logV })).toThrow(/inclusion proof/);
    expect(() => verifyTlogProof(hasher, bundle.replace('index 5', 'index 6'), hasher.hashLeaf(new Uint8Array([5])), { log: logV })).toThrow(/inclusion proof/);
    expect(() => verifyTlogProof(hasher, bundle, hasher.hashLeaf(new Uint8Array([5])), { log: logV, minWitnesses: 1 })).toThrow(/required/);
    expect(() => openCheckpoint(note, logV, { origin: 'other.example' })).toThrow(/origin/);
    const other = ed25519Verifier(crypto, ed25519KeyPair(crypto, origin, new Uint8Array(32).fill(8)).vkey);
    expect(() => openCheckpoint(note, other)).toThrow();
    const forged = witness.cosign(text, 1700000000n).replace(/ (\S+)\n$/, (_m, b) => { const r = fromBase64(b)!; r[20] ^= 1; return ` ${toBase64(r)}\n`; });
    expect(() => openCheckpoint(signNote(text, [log], [forged]), logV, { witnesses: [wv] })).toThrow(/invalid signature/);
  });
});

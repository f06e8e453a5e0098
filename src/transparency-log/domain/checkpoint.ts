/**
 * C2SP tlog-checkpoint (the note text of a tree head), tlog-cosignature (cosignature/v1, Ed25519,
 * type 0x04) and tlog-proof (c2sp.org/tlog-proof@v1, an offline-verifiable inclusion proof).
 */
import { concatBytes, fromBase64, parseDecimal, readUint64BE, toBase64, uint64BE, utf8 } from './bytes';
import type { LogCrypto } from './crypto';
import { checkInclusion, HASH_SIZE, type Rfc6962Hasher } from './merkle';
import {
  formatSignatureLine,
  formatVerifierKey,
  isValidKeyName,
  keyId,
  NoteError,
  openNote,
  parseNote,
  parseVerifierKeyParts,
  type NoteSignature,
  type NoteVerifier,
  type OpenedNote,
} from './note';

export interface Checkpoint {
  origin: string;
  size: number;
  rootHash: Uint8Array;
  /** Opaque extension lines (each non-empty); normally none. */
  extensions: string[];
}

export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CheckpointError';
  }
}

/** The checkpoint's note text (origin, size, base64 root, extension lines; each ending in a newline). */
export function formatCheckpoint(cp: Checkpoint): string {
  if (cp.origin.length === 0 || cp.origin.includes('\n')) throw new CheckpointError('the origin must be one non-empty line');
  if (!Number.isSafeInteger(cp.size) || cp.size < 0) throw new CheckpointError('the tree size must be a non-negative integer');
  if (cp.rootHash.length !== HASH_SIZE) throw new CheckpointError('the root hash must be 32 bytes');
  if (cp.extensions.some((e) => e.length === 0 || e.includes('\n'))) throw new CheckpointError('an extension line must be one non-empty line');
  return [cp.origin, String(cp.size), toBase64(cp.rootHash), ...cp.extensions].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint's note text (without signatures). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw new CheckpointError('malformed checkpoint: the text must end in a newline');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw new CheckpointError('malformed checkpoint: fewer than three lines');
  const [origin, sizeText, rootText, ...extensions] = lines;
  if (origin.length === 0) throw new CheckpointError('malformed checkpoint: empty origin');
  const size = parseDecimal(sizeText);
  if (size === undefined) throw new CheckpointError(`malformed checkpoint: tree size ${JSON.stringify(sizeText)} is not a decimal without leading zeroes`);
  const rootHash = fromBase64(rootText);
  if (rootHash === undefined || rootHash.length !== HASH_SIZE) throw new CheckpointError('malformed checkpoint: the root hash is not base64 of 32 bytes');
  if (extensions.some((e) => e.length === 0)) throw new CheckpointError('malformed checkpoint: an empty extension line');
  return { origin, size, rootHash, extensions };
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  /** The note text (what a cosigner signs after its header). */
  text: string;
  note: OpenedNote;
}

/**
 * Verifies a checkpoint note with the log's verifier and parses it; refuses another origin than the
 * expected one. Witness cosignatures stay in `note.unverified` unless their verifiers are passed too.
 */
export function openCheckpoint(
  note: string | Uint8Array,
  logVerifier: NoteVerifier,
  options: { origin?: string; witnesses?: readonly NoteVerifier[] } = {},
): OpenedCheckpoint {
  const opened = openNote(note, [logVerifier, ...(options.witnesses ?? [])]);
  if (!opened.verified.some((s) => s.name === logVerifier.name && s.keyId === logVerifier.keyId)) {
    throw new CheckpointError(`the checkpoint is not signed by the log key ${logVerifier.name}`);
  }
  const checkpoint = parseCheckpoint(opened.text);
  const origin = options.origin ?? logVerifier.name;
  if (checkpoint.origin !== origin) throw new CheckpointError(`the checkpoint's origin ${JSON.stringify(checkpoint.origin)} is not ${JSON.stringify(origin)}`);
  return { checkpoint, text: opened.text, note: opened };
}

// ---- tlog-cosignature (Ed25519, cosignature/v1) ----

export const COSIGNATURE_TYPE = 0x04;
const MAX_TIMESTAMP = 2n ** 63n - 1n;

/** "cosignature/v1\ntime <timestamp>\n" followed by the checkpoint's note text. */
export function cosignedMessage(checkpointText: string, timestamp: bigint): Uint8Array {
  if (timestamp < 0n || timestamp > MAX_TIMESTAMP) throw new CheckpointError('the cosignature timestamp must be in [0, 2^63-1]');
  return utf8(`cosignature/v1\ntime ${timestamp.toString()}\n${checkpointText}`);
}

export interface Cosigner {
  name: string;
  keyId: number;
  vkey: string;
  /** The signature line cosigning `checkpointText` at `timestamp` (POSIX seconds). */
  cosign(checkpointText: string, timestamp: bigint): string;
}

/** An Ed25519 cosigner; its vkey has type 0x04. The seed is the caller's randomness. */
export function ed25519Cosigner(crypto: LogCrypto, name: string, seed: Uint8Array): Cosigner {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  const pub = crypto.ed25519PublicKey(seed);
  const id = keyId(crypto, name, COSIGNATURE_TYPE, pub);
  return {
    name,
    keyId: id,
    vkey: formatVerifierKey(name, id, COSIGNATURE_TYPE, pub),
    cosign(checkpointText, timestamp) {
      parseCheckpoint(checkpointText);
      const sig = crypto.ed25519Sign(seed, cosignedMessage(checkpointText, timestamp));
      return formatSignatureLine(name, id, concatBytes(uint64BE(timestamp), sig));
    },
  };
}

export interface CosignatureVerifier extends NoteVerifier {
  publicKey: Uint8Array;
  /** The timestamp a valid cosignature carries, or undefined if it does not verify. */
  verifiedTimestamp(checkpointText: Uint8Array | string, signature: Uint8Array): bigint | undefined;
}

/** A cosignature verifier from a type-0x04 vkey; usable in `openNote` and `openCheckpoint`. */
export function cosignatureVerifier(crypto: LogCrypto, vkey: string): CosignatureVerifier {
  const k = parseVerifierKeyParts(vkey);
  if (k.type !== COSIGNATURE_TYPE) throw new NoteError(`not a cosignature key: type 0x${k.type.toString(16).padStart(2, '0')}, expected 0x04`);
  if (k.material.length !== 32) throw new NoteError('malformed verifier key: an Ed25519 public key is 32 bytes');
  if (keyId(crypto, k.name, COSIGNATURE_TYPE, k.material) !== k.keyId) throw new NoteError('malformed verifier key: the key ID does not match the key');
  const publicKey = k.material;
  const verifiedTimestamp = (checkpointText: Uint8Array | string, signature: Uint8Array): bigint | undefined => {
    if (signature.length !== 8 + 64) return undefined;
    const timestamp = readUint64BE(signature);
    if (timestamp > MAX_TIMESTAMP) return undefined;
    const text = typeof checkpointText === 'string' ? checkpointText : new TextDecoder().decode(checkpointText);
    return crypto.ed25519Verify(publicKey, cosignedMessage(text, timestamp), signature.slice(8)) ? timestamp : undefined;
  };
  return {
    name: k.name,
    keyId: k.keyId,
    publicKey,
    verifiedTimestamp,
    verify: (text, signature) => verifiedTimestamp(text, signature) !== undefined,
  };
}

/** The timestamp inside a cosignature line's signature (8 bytes big-endian after the key ID); unverified. */
export function cosignatureTimestamp(sig: NoteSignature): bigint {
  if (sig.signature.length !== 72) throw new NoteError('not an Ed25519 cosignature: expected 8 + 64 bytes');
  return readUint64BE(sig.signature);
}

// ---- tlog-proof ----

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  extra?: Uint8Array;
  index: number;
  /** Inclusion proof hashes, from the leaf's sibling up to the root's child. */
  hashes: Uint8Array[];
  /** The signed checkpoint note, verbatim (with its cosignatures). */
  checkpoint: string;
}

export function formatTlogProof(proof: TlogProof): string {
  if (!Number.isSafeInteger(proof.index) || proof.index < 0) throw new CheckpointError('the index must be a non-negative integer');
  if (proof.hashes.some((h) => h.length !== HASH_SIZE)) throw new CheckpointError('a proof hash is not 32 bytes');
  parseNote(proof.checkpoint);
  const lines = [TLOG_PROOF_HEADER];
  if (proof.extra !== undefined) lines.push(`extra ${toBase64(proof.extra)}`);
  lines.push(`index ${proof.index}`, ...proof.hashes.map(toBase64));
  return `${lines.join('\n')}\n\n${proof.checkpoint}`;
}

export function parseTlogProof(text: string): TlogProof {
  const blank = text.indexOf('\n\n');
  if (blank < 0) throw new CheckpointError('malformed tlog-proof: no blank line before the checkpoint');
  const lines = text.slice(0, blank).split('\n');
  const checkpoint = text.slice(blank + 2);
  if (lines[0] !== TLOG_PROOF_HEADER) throw new CheckpointError(`malformed tlog-proof: the first line must be ${TLOG_PROOF_HEADER}`);
  let at = 1;
  let extra: Uint8Array | undefined;
  if (lines[at]?.startsWith('extra ')) {
    extra = fromBase64(lines[at].slice(6));
    if (extra === undefined) throw new CheckpointError('malformed tlog-proof: the extra data is not base64');
    at += 1;
  }
  const indexLine = lines[at] ?? '';
  if (!indexLine.startsWith('index ')) throw new CheckpointError('malformed tlog-proof: expected "index <n>"');
  const index = parseDecimal(indexLine.slice(6));
  if (index === undefined) throw new CheckpointError('malformed tlog-proof: the index is not a decimal without leading zeroes');
  const hashes = lines.slice(at + 1).map((l, i) => {
    const h = fromBase64(l);
    if (h === undefined || h.length !== HASH_SIZE) throw new CheckpointError(`malformed tlog-proof: proof line ${i + 1} is not base64 of 32 bytes`);
    return h;
  });
  try {
    parseNote(checkpoint);
  } catch (e) {
    throw new CheckpointError(`malformed tlog-proof: the checkpoint: ${(e as Error).message}`);
  }
  return { ...(extra === undefined ? {} : { extra }), index, hashes, checkpoint };
}

export interface VerifiedTlogProof {
  index: number;
  checkpoint: Checkpoint;
  /** Witnesses whose cosignature verified, with their timestamps. */
  cosignatures: { name: string; timestamp: bigint }[];
}

/**
 * C2SP tlog-proof verification: the checkpoint is signed by the log key for the origin, the known
 * witnesses' cosignatures verify (at least `minWitnesses` of them), and the inclusion proof binds
 * `leafHash` at the index to the checkpoint's root.
 */
export function verifyTlogProof(
  hasher: Rfc6962Hasher,
  text: string,
  leafHash: Uint8Array,
  policy: { log: NoteVerifier; origin?: string; witnesses?: readonly CosignatureVerifier[]; minWitnesses?: number },
): VerifiedTlogProof {
  const proof = parseTlogProof(text);
  const opened = openCheckpoint(proof.checkpoint, policy.log, { origin: policy.origin, witnesses: policy.witnesses });
  const cosignatures = (policy.witnesses ?? []).flatMap((w) =>
    opened.note.verified.filter((s) => s.name === w.name && s.keyId === w.keyId).map((s) => ({ name: w.name, timestamp: cosignatureTimestamp(s) })),
  );
  const min = policy.minWitnesses ?? 0;
  if (new Set(cosignatures.map((c) => c.name)).size < min) {
    throw new CheckpointError(`the checkpoint carries ${cosignatures.length} valid cosignature(s) of known witnesses, ${min} required`);
  }
  const failure = checkInclusion(hasher, proof.index, opened.checkpoint.size, leafHash, proof.hashes, opened.checkpoint.rootHash);
  if (failure !== undefined) throw new CheckpointError(`the inclusion proof does not verify: ${failure}`);
  return { index: proof.index, checkpoint: opened.checkpoint, cosignatures };
}

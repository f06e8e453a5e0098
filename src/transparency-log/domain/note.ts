/**
 * C2SP signed-note (https://c2sp.org/signed-note): a text ending in a newline, a blank line, then
 * signature lines `— <key name> <base64(key ID ‖ signature)>`. Ed25519 keys (type 0x01): key ID =
 * SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]; verifier key `<name>+<hex key ID>+<base64(0x01 ‖
 * public key)>`; signer key `PRIVATE+KEY+<name>+<hex key ID>+<base64(0x01 ‖ seed)>` (the form of
 * golang.org/x/mod/sumdb/note).
 */
import { bytesEqual, concatBytes, fromBase64, fromUtf8, readUint32BE, toBase64, uint32BE, utf8 } from './bytes';
import type { LogCrypto } from './crypto';

export const ED25519_TYPE = 0x01;
/** Verifiers must accept at least 16; this one accepts up to 100, as golang.org/x/mod does. */
export const MAX_SIGNATURES = 100;

export class NoteError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoteError';
  }
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature bytes after the key ID. */
  signature: Uint8Array;
  /** The line's base64 as written (key ID ‖ signature). */
  base64: string;
}

export interface Note {
  /** The text, including its final newline, not the blank line. */
  text: string;
  signatures: NoteSignature[];
}

export interface NoteSigner {
  name: string;
  keyId: number;
  sign(text: Uint8Array): Uint8Array;
}

export interface NoteVerifier {
  name: string;
  keyId: number;
  verify(text: Uint8Array, signature: Uint8Array): boolean;
}

export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]/u.test(name) && !/[\u0000-\u001f]/.test(name);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

/** SHA-256(name ‖ 0x0A ‖ type ‖ public key)[:4] as a uint32. */
export function keyId(crypto: Pick<LogCrypto, 'sha256'>, name: string, type: number, publicKey: Uint8Array): number {
  return readUint32BE(crypto.sha256(utf8(name), new Uint8Array([0x0a, type]), publicKey));
}

/** `<name>+<hex key ID>+<base64(type ‖ public key)>`. */
export function formatVerifierKey(name: string, id: number, type: number, publicKey: Uint8Array): string {
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  return `${name}+${hex8(id)}+${toBase64(concatBytes(new Uint8Array([type]), publicKey))}`;
}

interface ParsedKey {
  name: string;
  keyId: number;
  type: number;
  material: Uint8Array;
}

/** name+keyid+key: the key's base64 may itself contain '+', so only the first two split. */
function splitKey(text: string): string[] {
  const a = text.indexOf('+');
  const b = a < 0 ? -1 : text.indexOf('+', a + 1);
  return b < 0 ? [text] : [text.slice(0, a), text.slice(a + 1, b), text.slice(b + 1)];
}

function parseKeyParts(parts: string[], what: string): ParsedKey {
  if (parts.length !== 3) throw new NoteError(`malformed ${what}: expected name+keyid+key`);
  const [name, idHex, b64] = parts;
  if (!isValidKeyName(name)) throw new NoteError(`malformed ${what}: invalid key name`);
  if (!/^[0-9a-f]{8}$/.test(idHex)) throw new NoteError(`malformed ${what}: the key ID is not 8 lowercase hex digits`);
  const raw = fromBase64(b64);
  if (raw === undefined || raw.length < 2) throw new NoteError(`malformed ${what}: the key is not base64`);
  return { name, keyId: parseInt(idHex, 16), type: raw[0], material: raw.slice(1) };
}

/** A parsed vkey of any signature type (the caller checks the type and the key ID). */
export function parseVerifierKeyParts(vkey: string): ParsedKey {
  return parseKeyParts(splitKey(vkey), 'verifier key');
}

/** An Ed25519 (type 0x01) verifier from its vkey; refuses a key whose ID does not match its key. */
export function ed25519Verifier(crypto: LogCrypto, vkey: string): NoteVerifier & { publicKey: Uint8Array; vkey: string } {
  const k = parseVerifierKeyParts(vkey);
  if (k.type !== ED25519_TYPE) throw new NoteError(`unsupported verifier key type 0x${k.type.toString(16).padStart(2, '0')}: expected 0x01 (Ed25519)`);
  if (k.material.length !== 32) throw new NoteError('malformed verifier key: an Ed25519 public key is 32 bytes');
  if (keyId(crypto, k.name, ED25519_TYPE, k.material) !== k.keyId) throw new NoteError('malformed verifier key: the key ID does not match the key');
  const publicKey = k.material;
  return {
    name: k.name,
    keyId: k.keyId,
    publicKey,
    vkey,
    verify: (text, signature) => signature.length === 64 && crypto.ed25519Verify(publicKey, text, signature),
  };
}

/** Signer and verifier key strings for an Ed25519 seed (32 random bytes: randomness is the caller's). */
export function ed25519KeyPair(crypto: LogCrypto, name: string, seed: Uint8Array): { skey: string; vkey: string } {
  if (seed.length !== 32) throw new NoteError('an Ed25519 seed is 32 bytes');
  if (!isValidKeyName(name)) throw new NoteError(`invalid key name ${JSON.stringify(name)}`);
  const pub = crypto.ed25519PublicKey(seed);
  const id = keyId(crypto, name, ED25519_TYPE, pub);
  return {
    skey: `PRIVATE+KEY+${name}+${hex8(id)}+${toBase64(concatBytes(new Uint8Array([ED25519_TYPE]), seed))}`,
    vkey: formatVerifierKey(name, id, ED25519_TYPE, pub),
  };
}

/** An Ed25519 signer from its signer key string; refuses a key whose ID does not match. */
export function ed25519Signer(crypto: LogCrypto, skey: string): NoteSigner & { vkey: string } {
  if (!skey.startsWith('PRIVATE+KEY+')) throw new NoteError('malformed signer key: expected PRIVATE+KEY+name+keyid+key');
  const k = parseKeyParts(splitKey(skey.slice('PRIVATE+KEY+'.length)), 'signer key');
  if (k.type !== ED25519_TYPE) throw new NoteError(`unsupported signer key type 0x${k.type.toString(16).padStart(2, '0')}: expected 0x01 (Ed25519)`);
  if (k.material.length !== 32) throw new NoteError('malformed signer key: an Ed25519 seed is 32 bytes');
  const seed = k.material;
  const pub = crypto.ed25519PublicKey(seed);
  if (keyId(crypto, k.name, ED25519_TYPE, pub) !== k.keyId) throw new NoteError('malformed signer key: the key ID does not match the key');
  return {
    name: k.name,
    keyId: k.keyId,
    vkey: formatVerifierKey(k.name, k.keyId, ED25519_TYPE, pub),
    sign: (text) => crypto.ed25519Sign(seed, text),
  };
}

function checkText(text: string): void {
  if (text.length === 0 || !text.endsWith('\n')) throw new NoteError('malformed note: the text must end in a newline');
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw new NoteError('malformed note: a control character other than newline');
  if (/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text)) throw new NoteError('malformed note: not valid UTF-8');
}

export function formatSignatureLine(name: string, keyIdValue: number, signature: Uint8Array): string {
  return `— ${name} ${toBase64(concatBytes(uint32BE(keyIdValue), signature))}\n`;
}

/** Signs `text` with each signer; answers the whole note (text, blank line, signature lines). */
export function signNote(text: string, signers: readonly NoteSigner[], otherSignatureLines: readonly string[] = []): string {
  checkText(text);
  if (signers.length === 0 && otherSignatureLines.length === 0) throw new NoteError('a note needs at least one signature');
  const bytes = utf8(text);
  const lines = signers.map((s) => {
    if (!isValidKeyName(s.name)) throw new NoteError(`invalid key name ${JSON.stringify(s.name)}`);
    return formatSignatureLine(s.name, s.keyId, s.sign(bytes));
  });
  const note = text + '\n' + [...lines, ...otherSignatureLines].join('');
  parseNote(note); // what we publish must parse
  return note;
}

/** Splits and checks a note's syntax; verifies nothing. */
export function parseNote(input: string | Uint8Array): Note {
  let note: string;
  if (typeof input === 'string') note = input;
  else {
    try {
      note = fromUtf8(input);
    } catch {
      throw new NoteError('malformed note: not valid UTF-8');
    }
  }
  if (/[\u0000-\u0009\u000b-\u001f]/.test(note)) throw new NoteError('malformed note: a control character other than newline');
  if (!note.endsWith('\n')) throw new NoteError('malformed note: it must end in a newline');
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new NoteError('malformed note: no blank line before the signatures');
  const text = note.slice(0, split + 1);
  checkText(text);
  const sigLines = note.slice(split + 2, -1).split('\n');
  if (sigLines.length > MAX_SIGNATURES) throw new NoteError(`malformed note: more than ${MAX_SIGNATURES} signatures`);
  const signatures = sigLines.map((line, i): NoteSignature => {
    const m = /^— (\S+) (\S+)$/u.exec(line);
    if (m === null) throw new NoteError(`malformed note: signature line ${i + 1} is not "— <name> <base64>"`);
    const [, name, b64] = m;
    if (!isValidKeyName(name)) throw new NoteError(`malformed note: signature line ${i + 1} has an invalid key name`);
    const raw = fromBase64(b64);
    if (raw === undefined || raw.length < 5) throw new NoteError(`malformed note: signature line ${i + 1} is not base64 of a key ID and a signature`);
    return { name, keyId: readUint32BE(raw), signature: raw.slice(4), base64: b64 };
  });
  return { text, signatures };
}

export interface OpenedNote extends Note {
  /** The signatures of known keys, each verified. */
  verified: NoteSignature[];
  /** Signatures of keys not among the verifiers: ignored, as the spec says. */
  unverified: NoteSignature[];
}

/**
 * Parses a note and verifies it: a signature of a known key (same name AND key ID) that fails is an
 * error (the whole note is refused); so is a note no known key signed.
 */
export function openNote(input: string | Uint8Array, verifiers: readonly NoteVerifier[]): OpenedNote {
  const note = parseNote(input);
  const bytes = utf8(note.text);
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  for (const sig of note.signatures) {
    const matching = verifiers.filter((v) => v.name === sig.name && v.keyId === sig.keyId);
    const distinct = new Set(matching);
    if (distinct.size > 1) throw new NoteError(`ambiguous key ${sig.name}+${hex8(sig.keyId)}`);
    const v = matching[0];
    if (v === undefined) {
      unverified.push(sig);
      continue;
    }
    if (!v.verify(bytes, sig.signature)) throw new NoteError(`invalid signature for key ${sig.name}+${hex8(sig.keyId)}`);
    if (!verified.some((s) => s.name === sig.name && s.keyId === sig.keyId && bytesEqual(s.signature, sig.signature))) verified.push(sig);
  }
  if (verified.length === 0) throw new NoteError('note has no verifiable signatures');
  return { ...note, verified, unverified };
}

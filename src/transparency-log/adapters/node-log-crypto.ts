import { createHash, createPrivateKey, createPublicKey, type KeyObject, sign, verify } from 'node:crypto';
import type { LogCrypto } from '../domain/crypto';

// DER prefixes of PKCS#8 and SPKI for Ed25519 (RFC 8410): the raw 32-byte key follows.
const PKCS8 = Buffer.from('302e020100300506032b657004220420', 'hex');
const SPKI = Buffer.from('302a300506032b6570032100', 'hex');

// Importing a key costs more than signing with it: keep the last one (a process signs with one key).
let lastSeed: Buffer | undefined;
let lastKey: KeyObject | undefined;
function privateKey(seed: Uint8Array): KeyObject {
  if (lastKey && lastSeed && lastSeed.equals(seed)) return lastKey;
  lastKey = createPrivateKey({ key: Buffer.concat([PKCS8, seed]), format: 'der', type: 'pkcs8' });
  lastSeed = Buffer.from(seed);
  return lastKey;
}

/** The node:crypto binding of LogCrypto (the domain may import no builtin, so it is passed in). */
export const nodeLogCrypto: LogCrypto = {
  sha256(...parts) {
    const h = createHash('sha256');
    for (const p of parts) h.update(p);
    return new Uint8Array(h.digest());
  },
  ed25519PublicKey(seed) {
    const der = createPublicKey(privateKey(seed)).export({ format: 'der', type: 'spki' });
    return new Uint8Array(der.subarray(SPKI.length));
  },
  ed25519Sign(seed, message) {
    return new Uint8Array(sign(null, message, privateKey(seed)));
  },
  ed25519Verify(publicKey, message, signature) {
    if (publicKey.length !== 32) return false;
    try {
      const key = createPublicKey({ key: Buffer.concat([SPKI, publicKey]), format: 'der', type: 'spki' });
      return verify(null, message, key, signature);
    } catch {
      return false;
    }
  },
};

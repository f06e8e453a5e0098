/**
 * The primitives the transparency-log core needs, passed in rather than imported: the domain layer
 * may import no Node builtin (`domain-no-node-builtins` in .dependency-cruiser.cjs), so SHA-256 and
 * Ed25519 come from the caller. The node:crypto binding is a few lines (see
 * src/transparency-log/adapters/node-log-crypto.ts); everything here is deterministic.
 *
 * Keys are raw bytes as RFC 8032 defines them: a 32-byte Ed25519 private seed, a 32-byte public key,
 * 64-byte signatures.
 */
export interface LogCrypto {
  /** SHA-256 of the concatenation of `parts`. */
  sha256(...parts: readonly Uint8Array[]): Uint8Array;
  ed25519PublicKey(seed: Uint8Array): Uint8Array;
  ed25519Sign(seed: Uint8Array, message: Uint8Array): Uint8Array;
  ed25519Verify(publicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean;
}

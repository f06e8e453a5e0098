/** Where witnesses' cosignatures are kept (adapters/sqlite-cosignature-store.ts), beside the checkpoints. */
export interface StoredCosignature {
  size: number;
  /** The witness's key name. */
  witness: string;
  keyId: number;
  /** The signature line as published, `— <name> <base64>\n`. */
  line: string;
  /** The cosignature's own timestamp (POSIX seconds). */
  timestamp: bigint;
}

export interface CosignatureStore {
  /** The signed note of the checkpoint of exactly this size, as the log published it; undefined: none. */
  checkpointNote(size: number): string | undefined;
  /** Keeps the witness's latest cosignature of that size (a newer one replaces it). */
  save(cosignature: StoredCosignature): void;
  /** The cosignature lines of a size, in the order of LOG_WITNESS_KEYS' witnesses is the caller's. */
  forSize(size: number): StoredCosignature[];
  close(): void;
}

export const COSIGNATURE_STORE = Symbol('COSIGNATURE_STORE');

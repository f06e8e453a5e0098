import { InvalidArgument } from '../../shared/refusal';
import { MerkleProofs, type Rfc6962Hasher } from '../domain/merkle';
import type { SignedCheckpoint, TransparencyLogStore } from './log-store.port';

export interface InclusionProofAnswer {
  index: number;
  size: number;
  hashes: Uint8Array[];
}

export interface ConsistencyProofAnswer {
  from: number;
  to: number;
  hashes: Uint8Array[];
}

/** A query parameter as given: a whole number, or why not (the same rules over HTTP and GraphQL). */
export function parseTreeIndex(name: string, raw: unknown): number {
  if (typeof raw === 'number' && Number.isSafeInteger(raw) && raw >= 0) return raw;
  if (typeof raw === 'string' && /^(?:0|[1-9][0-9]{0,15})$/.test(raw) && Number.isSafeInteger(Number(raw))) return Number(raw);
  if (raw === undefined || raw === '') throw new InvalidArgument(`${name} is required: a whole number`, { field: name });
  if (Array.isArray(raw)) throw new InvalidArgument(`${name} may be given once`, { field: name });
  throw new InvalidArgument(`${name} must be a whole number of 0 or more, without leading zeroes (got ${JSON.stringify(String(raw)).slice(0, 40)})`, { field: name });
}

/**
 * Proofs against the signed checkpoints: a size is answered only up to the latest checkpoint's,
 * since only a signed tree head lets a client check a proof (leaves after it are provable once the
 * next checkpoint is signed, within LOG_CHECKPOINT_INTERVAL_MS). Proofs carry hashes only, never
 * an event's content.
 */
export class LogProofs {
  private readonly proofs: MerkleProofs;

  constructor(
    private readonly store: TransparencyLogStore,
    hasher: Rfc6962Hasher,
  ) {
    this.proofs = new MerkleProofs(hasher, store);
  }

  private signedSize(): number {
    return this.store.latestCheckpoint()?.size ?? 0;
  }

  private checkSize(name: string, size: number): void {
    const signed = this.signedSize();
    if (size > signed) {
      throw new InvalidArgument(`${name} ${size} is beyond the latest checkpoint's tree size ${signed}: ask for a size up to it (GET /log/checkpoint)`, { field: name, max: signed });
    }
  }

  latestCheckpoint(): SignedCheckpoint | undefined {
    return this.store.latestCheckpoint();
  }

  inclusion(index: number, size: number): InclusionProofAnswer {
    this.checkSize('size', size);
    if (index >= size) throw new InvalidArgument(`index ${index} must be below size ${size} (leaves are numbered from 0)`, { field: 'index', max: Math.max(0, size - 1) });
    return { index, size, hashes: this.proofs.inclusionProof(index, size) };
  }

  /** `names`: what the caller calls the two sizes (from/to over HTTP, fromSize/toSize in GraphQL), for the refusals. */
  consistency(from: number, to: number, names: { from: string; to: string } = { from: 'from', to: 'to' }): ConsistencyProofAnswer {
    this.checkSize(names.to, to);
    if (from === 0) throw new InvalidArgument(`${names.from} must be at least 1: every tree extends the empty one, and there is no proof from it`, { field: names.from });
    if (from > to) throw new InvalidArgument(`${names.from} ${from} must not be above ${names.to} ${to}`, { field: names.from, max: to });
    return { from, to, hashes: this.proofs.consistencyProof(from, to) };
  }
}

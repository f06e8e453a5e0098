/**
 * The proof bundle of a published fact-check: the leaf indexes of its claim's events, and for each
 * public event (domain/public-events.ts) its entry bytes and a C2SP tlog-proof to the latest signed
 * checkpoint, which verifies offline (domain/fact-check-proof.ts). Private events are named by their
 * leaf index only: never their entry, type or content.
 */
import type { EventStore, RecordedEvent } from '../../event-store/event-store.port';
import { Refusal } from '../../shared/refusal';
import { bytesEqual, toBase64 } from '../domain/bytes';
import { formatTlogProof } from '../domain/checkpoint';
import { logEntryOf } from '../domain/entry';
import { MerkleProofs, type Rfc6962Hasher } from '../domain/merkle';
import { isPublicFactCheckEvent } from '../domain/public-events';
import type { LeafRecord, TransparencyLogStore } from './log-store.port';

export interface FactCheckProofEvent {
  /** The event's leaf index (0-based, in global order). */
  index: number;
  type: string;
  revision: number;
  recordedAt: string;
  /** base64 of the canonical entry bytes (docs/transparency-log.md, "The log entry"). */
  entry: string;
  /** base64 of SHA-256(0x00 ‖ entry). */
  leafHash: string;
  /** The C2SP tlog-proof: index, inclusion hashes to the checkpoint, the checkpoint note verbatim. */
  proof: string;
}

/** A public event not yet under a signed checkpoint: provable with the next one. */
export interface PendingFactCheckEvent {
  /** Its leaf index, or null while the log has not appended it yet. */
  index: number | null;
  type: string;
  revision: number;
  recordedAt: string;
}

export interface FactCheckProofBundle {
  claimId: string;
  /** The fact-check's public url, as its ClaimReview gives it. */
  url: string;
  /** The latest signed checkpoint the proofs lead to; null while none covers any event yet. */
  checkpoint: { size: number; rootHash: string; note: string } | null;
  publicEvents: FactCheckProofEvent[];
  pending: PendingFactCheckEvent[];
  /** Leaf indexes of the claim's other events: hashes only are ever served for them. */
  privateLeafIndexes: number[];
}

/** The claim's events and the log's leaves disagree: the store was changed after the log took it in. */
export class LogDisagreesWithStore extends Refusal<'LOG_MISMATCH'> {
  override readonly name = 'LogDisagreesWithStore';
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('LOG_MISMATCH', message, details);
  }
}

export interface FactCheckVisibility {
  /** The fact-check's public url when the claim is publicly visible (PUBLISHED or RETRACTED); undefined otherwise. */
  publicUrlOf(claimId: string): string | undefined;
}

export class FactCheckProofs {
  private readonly proofs: MerkleProofs;

  constructor(
    private readonly events: EventStore,
    private readonly store: TransparencyLogStore,
    private readonly hasher: Rfc6962Hasher,
    private readonly visibility: FactCheckVisibility,
    private readonly streamOf: (claimId: string) => string,
  ) {
    this.proofs = new MerkleProofs(hasher, store);
  }

  /**
   * The bundle of a publicly visible claim; undefined for an unknown or unpublished one alike (whether
   * a draft exists is not public). Throws LogDisagreesWithStore, never a bundle that fails, when an
   * event no longer hashes to its leaf or a logged event is gone from the stream.
   */
  async bundle(claimId: string): Promise<FactCheckProofBundle | undefined> {
    const url = this.visibility.publicUrlOf(claimId);
    if (url === undefined) return undefined;
    const stream = this.streamOf(claimId);
    const read = await this.events.readStream(stream);
    const events = read.found ? read.events : [];
    // Both read at one moment: the checkpoint first, so every leaf it covers is already in the leaves read next.
    const checkpoint = this.store.latestCheckpoint();
    const leaves = this.store.leavesOfStream(stream);
    const byEvent = new Map<string, RecordedEvent>(events.map((e) => [e.id, e]));
    const leafOf = new Map<string, LeafRecord>();
    for (const leaf of leaves) {
      const event = byEvent.get(leaf.eventId);
      if (event === undefined || event.revision !== leaf.revision) {
        throw new LogDisagreesWithStore(`The event store was altered after it was logged: leaf ${leaf.index} (${stream} revision ${leaf.revision}) is no longer that event of the stream`, { index: leaf.index });
      }
      leafOf.set(leaf.eventId, leaf);
    }
    const signedSize = checkpoint?.size ?? 0;
    const bundle: FactCheckProofBundle = {
      claimId,
      url,
      checkpoint: checkpoint ? { size: checkpoint.size, rootHash: toBase64(checkpoint.rootHash), note: checkpoint.note } : null,
      publicEvents: [],
      pending: [],
      privateLeafIndexes: [],
    };
    for (const event of events) {
      const leaf = leafOf.get(event.id);
      const entry = leaf ? this.checkedEntry(event, leaf) : undefined;
      if (!isPublicFactCheckEvent(event.type)) {
        if (leaf) bundle.privateLeafIndexes.push(leaf.index);
        continue;
      }
      const recordedAt = event.recordedAt.toISOString();
      if (leaf === undefined || entry === undefined || checkpoint === undefined || leaf.index >= signedSize) {
        bundle.pending.push({ index: leaf?.index ?? null, type: event.type, revision: event.revision, recordedAt });
        continue;
      }
      const proof = formatTlogProof({ index: leaf.index, hashes: this.proofs.inclusionProof(leaf.index, signedSize), checkpoint: checkpoint.note });
      bundle.publicEvents.push({ index: leaf.index, type: event.type, revision: event.revision, recordedAt, entry: toBase64(entry), leafHash: toBase64(this.hasher.hashLeaf(entry)), proof });
    }
    bundle.privateLeafIndexes.sort((a, b) => a - b);
    return bundle;
  }

  /** The event's entry, checked against the leaf hash the log stored when it took the event in. */
  private checkedEntry(event: RecordedEvent, leaf: LeafRecord): Uint8Array {
    const entry = logEntryOf(event);
    if (!bytesEqual(this.hasher.hashLeaf(entry), this.store.node(0, leaf.index))) {
      throw new LogDisagreesWithStore(`The event store was altered after it was logged: ${event.stream} revision ${event.revision} no longer hashes to leaf ${leaf.index}`, { index: leaf.index });
    }
    return entry;
  }
}

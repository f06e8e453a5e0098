/**
 * Verifying one public event of a fact-check's proof bundle (GET /log/fact-checks/:claimId), offline:
 * the entry's bytes, hashed as an RFC 6962 leaf, are included at the proof's index in a checkpoint
 * signed by the log's key. Pure; the offline verifier (`npm run log:verify`) builds on it.
 */
import { fromBase64 } from './bytes';
import { type CosignatureVerifier, verifyTlogProof, type VerifiedTlogProof } from './checkpoint';
import { decodeLogEntry, LogEntryError, type LogEntryFields } from './entry';
import type { Rfc6962Hasher } from './merkle';
import type { NoteVerifier } from './note';
import { isPublicFactCheckEvent } from './public-events';

/** Who must have signed: the log's key (its origin by default the key's name), and optionally witnesses. */
export interface FactCheckProofPolicy {
  log: NoteVerifier;
  origin?: string;
  witnesses?: readonly CosignatureVerifier[];
  minWitnesses?: number;
}

/** One public event as a bundle serves it: `entry` base64 (as in the JSON) or bytes, `proof` the tlog-proof text. */
export interface FactCheckEventProof {
  entry: string | Uint8Array;
  proof: string;
}

export interface VerifiedFactCheckEvent extends VerifiedTlogProof {
  /** The decoded entry: the claim's stream, the event's revision, type, data and metadata bytes, recorded time. */
  entry: LogEntryFields;
}

/**
 * Verifies one public event of a bundle; throws (a LogEntryError or CheckpointError) with the reason
 * when the entry is not a log entry, is not a public fact-check event, or the proof does not bind it
 * to a checkpoint the policy accepts. The caller compares `entry.stream`, `type` and `revision` with
 * what it expected (e.g. `claim-<id>`).
 */
export function verifyFactCheckEvent(hasher: Rfc6962Hasher, event: FactCheckEventProof, policy: FactCheckProofPolicy): VerifiedFactCheckEvent {
  const bytes = typeof event.entry === 'string' ? fromBase64(event.entry) : event.entry;
  if (bytes === undefined) throw new LogEntryError('the entry is not standard padded base64');
  const entry = decodeLogEntry(bytes);
  if (!isPublicFactCheckEvent(entry.type)) throw new LogEntryError(`the entry is a ${JSON.stringify(entry.type)} event, not a public fact-check event`);
  const verified = verifyTlogProof(hasher, event.proof, hasher.hashLeaf(bytes), policy);
  return { ...verified, entry };
}

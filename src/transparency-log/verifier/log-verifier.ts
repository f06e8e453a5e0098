/**
 * The offline verifier of the transparency log (issue 16, point 4): plain TypeScript over the pure
 * domain, no NestJS, usable outside this service. It pins the log's verifier key and origin and keeps
 * the last checkpoint it accepted; a new checkpoint is accepted only if it is signed by the pinned key
 * and extends the saved one (RFC 9162 consistency proof). Everything else is a `Refusal` naming the
 * failed check, what was saved and what was offered.
 */
import { fromBase64, toBase64 } from '../domain/bytes';
import { openCheckpoint, verifyTlogProof, type OpenedCheckpoint } from '../domain/checkpoint';
import type { LogCrypto } from '../domain/crypto';
import { checkConsistency, Rfc6962Hasher } from '../domain/merkle';
import { decodeLogEntry } from '../domain/entry';
import { ed25519Verifier, type NoteVerifier } from '../domain/note';

/** What a verifier keeps between runs: the last checkpoint it accepted, verbatim. */
export interface SavedCheckpoint {
  origin: string;
  size: number;
  /** base64 */
  rootHash: string;
  /** The signed note as accepted. */
  note: string;
  acceptedAt: string;
}

export interface VerifierState {
  load(): SavedCheckpoint | undefined;
  save(checkpoint: SavedCheckpoint): void;
}

/** A state held in memory (tests, the witness's dry runs). */
export class MemoryState implements VerifierState {
  constructor(private saved?: SavedCheckpoint) {}
  load(): SavedCheckpoint | undefined {
    return this.saved;
  }
  save(checkpoint: SavedCheckpoint): void {
    this.saved = checkpoint;
  }
}

/** Which check refused; each has its own exit code in `npm run log:verify`. */
export type RefusalCheck = 'signature' | 'inconsistent' | 'rollback' | 'proof' | 'network' | 'input';

/** The exit code of each refusal in `npm run log:verify` and `log:witness --once` (0: accepted). */
export const EXIT: Record<RefusalCheck, number> = { signature: 2, inconsistent: 3, rollback: 4, proof: 5, network: 6, input: 64 };

export class Refusal extends Error {
  override readonly name = 'Refusal';
  constructor(
    readonly check: RefusalCheck,
    message: string,
    readonly saved?: { size: number; rootHash: string },
    readonly offered?: { size: number; rootHash: string },
  ) {
    super(message);
  }
}

/** Answers the consistency proof between two sizes (from the log, a file, anywhere): base64 or raw hashes. */
export type ConsistencyFetcher = (from: number, to: number) => Promise<readonly Uint8Array[]>;

export type Acceptance = 'first' | 'same' | 'extended';

export interface Accepted {
  outcome: Acceptance;
  /** The checkpoint saved before (undefined: none). */
  previous?: { size: number; rootHash: string };
  checkpoint: { origin: string; size: number; rootHash: string };
  opened: OpenedCheckpoint;
}

export interface BundleEvent {
  index: number;
  type?: string;
  revision?: number;
  /** base64 of the canonical entry bytes (domain/entry.ts). */
  entry: string;
  /** C2SP tlog-proof text. */
  proof: string;
}

export interface ProofBundle {
  claimId?: string;
  publicEvents: BundleEvent[];
  checkpoint: { size: number; rootHash: string; note: string };
}

export interface VerifiedBundle {
  events: { index: number; type?: string; revision?: number }[];
  checkpoint: Accepted | { outcome: 'older'; checkpoint: { size: number; rootHash: string }; saved: { size: number; rootHash: string } };
}

const summary = (cp: { size: number; rootHash: Uint8Array | string }) => ({
  size: cp.size,
  rootHash: typeof cp.rootHash === 'string' ? cp.rootHash : toBase64(cp.rootHash),
});

export interface LogVerifierOptions {
  crypto: LogCrypto;
  /** The log's verifier key (C2SP vkey), pinned. */
  vkey: string;
  /** The expected origin line; defaults to the key's name. */
  origin?: string;
  state: VerifierState;
  /** The clock for `acceptedAt` (tests pass their own). */
  now?: () => Date;
}

export class LogVerifier {
  readonly hasher: Rfc6962Hasher;
  readonly log: NoteVerifier;
  readonly origin: string;
  private readonly state: VerifierState;
  private readonly now: () => Date;

  constructor(options: LogVerifierOptions) {
    this.hasher = new Rfc6962Hasher(options.crypto);
    try {
      this.log = ed25519Verifier(options.crypto, options.vkey.trim());
    } catch (error) {
      throw new Refusal('input', `the pinned verifier key is unusable: ${(error as Error).message}`);
    }
    this.origin = options.origin ?? this.log.name;
    this.state = options.state;
    this.now = options.now ?? (() => new Date());
  }

  saved(): SavedCheckpoint | undefined {
    return this.state.load();
  }

  /** Signature and origin, or a 'signature' refusal. */
  open(note: string): OpenedCheckpoint {
    try {
      return openCheckpoint(note, this.log, { origin: this.origin });
    } catch (error) {
      throw new Refusal('signature', `the checkpoint does not verify with the pinned key ${this.log.name} for origin ${JSON.stringify(this.origin)}: ${(error as Error).message}`);
    }
  }

  /**
   * Accepts `note` if it is signed by the pinned key for the origin and extends the saved checkpoint
   * (same size: same root; larger: a consistency proof from the saved size verifies; smaller: a
   * rollback). Saves it only then; a refusal leaves the state as it was.
   */
  async acceptCheckpoint(note: string, fetchConsistency?: ConsistencyFetcher): Promise<Accepted> {
    const opened = this.open(note);
    const offered = opened.checkpoint;
    const previous = this.state.load();
    const checkpoint = { origin: offered.origin, ...summary(offered) };
    let outcome: Acceptance;
    if (previous === undefined) outcome = 'first';
    else {
      await this.checkExtends(previous, offered, fetchConsistency);
      outcome = previous.size === offered.size ? 'same' : 'extended';
    }
    // The same checkpoint again is not rewritten, unless it now carries more (cosignature) lines.
    if (outcome !== 'same' || previous?.note !== note) {
      this.state.save({ ...checkpoint, note, acceptedAt: this.now().toISOString() });
    }
    return { outcome, ...(previous ? { previous: summary(previous) } : {}), checkpoint, opened };
  }

  /**
   * A state file saved while following another log (another key, same origin name) would turn every
   * answer into a rollback or an inconsistency: say what it really is.
   */
  private checkSavedUnderPinnedKey(saved: SavedCheckpoint, offered?: { size: number; rootHash: string }): void {
    try {
      openCheckpoint(saved.note, this.log, { origin: saved.origin });
    } catch {
      throw new Refusal('input', `the saved checkpoint was not signed by the pinned key ${this.log.name}+${this.log.keyId.toString(16).padStart(8, '0')}: the state file belongs to another log or another key; use another state file`, summary(saved), offered);
    }
  }

  /** Refuses unless `offered` is the saved tree or an append-only extension of it. */
  private async checkExtends(saved: SavedCheckpoint, offered: OpenedCheckpoint['checkpoint'], fetchConsistency?: ConsistencyFetcher): Promise<void> {
    const s = summary(saved);
    const o = summary(offered);
    this.checkSavedUnderPinnedKey(saved, o);
    if (saved.origin !== offered.origin) throw new Refusal('input', `the saved checkpoint is of origin ${JSON.stringify(saved.origin)}, the offered one of ${JSON.stringify(offered.origin)}: use another state file`, s, o);
    if (offered.size < saved.size) {
      throw new Refusal('rollback', `rollback: the offered checkpoint has ${offered.size} leaves, fewer than the ${saved.size} of the one saved; a log never shrinks`, s, o);
    }
    if (offered.size === saved.size) {
      if (o.rootHash !== s.rootHash) throw new Refusal('inconsistent', `split view: two checkpoints of size ${saved.size} with different roots, both signed by the log`, s, o);
      return;
    }
    await this.checkConsistencyProof(saved.size, fromBase64(saved.rootHash) as Uint8Array, offered.size, offered.rootHash, fetchConsistency, s, o);
  }

  private async checkConsistencyProof(
    fromSize: number,
    fromRoot: Uint8Array,
    toSize: number,
    toRoot: Uint8Array,
    fetchConsistency: ConsistencyFetcher | undefined,
    s: { size: number; rootHash: string },
    o: { size: number; rootHash: string },
  ): Promise<void> {
    // The empty tree is a prefix of every tree: nothing to prove.
    if (fromSize === 0) return;
    if (fetchConsistency === undefined) throw new Refusal('input', `a consistency proof from size ${fromSize} to ${toSize} is needed: give the log's address (--log URL) to fetch it`, s, o);
    let proof: readonly Uint8Array[];
    try {
      proof = await fetchConsistency(fromSize, toSize);
    } catch (error) {
      throw new Refusal('network', `could not fetch the consistency proof from ${fromSize} to ${toSize}: ${(error as Error).message}`, s, o);
    }
    const failure = checkConsistency(this.hasher, fromSize, toSize, fromRoot, toRoot, [...proof]);
    if (failure !== undefined) {
      throw new Refusal('inconsistent', `inconsistent: the tree of size ${toSize} does not extend the one of size ${fromSize} (the consistency proof: ${failure}); the log was rewritten or shows different views`, s, o);
    }
  }

  /**
   * A fact-check's proof bundle: each public event's entry is included (its tlog-proof verifies with
   * the pinned key, for the leaf SHA-256(0x00 ‖ entry)), and the bundle's checkpoint is consistent
   * with the saved one (newer: accepted as a checkpoint and saved; older: proven a prefix of the saved).
   */
  async verifyBundle(bundleJson: string | ProofBundle, fetchConsistency?: ConsistencyFetcher): Promise<VerifiedBundle> {
    const bundle = parseBundle(bundleJson);
    const opened = this.open(bundle.checkpoint.note);
    const cp = summary(opened.checkpoint);
    if (cp.size !== bundle.checkpoint.size || cp.rootHash !== bundle.checkpoint.rootHash) {
      throw new Refusal('proof', `the bundle says its checkpoint is size ${bundle.checkpoint.size} root ${bundle.checkpoint.rootHash}, its signed note says size ${cp.size} root ${cp.rootHash}`);
    }
    const events = bundle.publicEvents.map((event, i) => {
      const where = `public event ${i + 1} (leaf ${event.index}${event.type ? `, ${event.type}` : ''})`;
      const entry = fromBase64(event.entry);
      if (entry === undefined) throw new Refusal('input', `${where}: the entry is not base64`);
      let verified;
      try {
        verified = verifyTlogProof(this.hasher, event.proof, this.hasher.hashLeaf(entry), { log: this.log, origin: this.origin });
      } catch (error) {
        throw new Refusal('proof', `${where}: ${(error as Error).message}`);
      }
      if (verified.index !== event.index) throw new Refusal('proof', `${where}: its proof is for leaf ${verified.index}`);
      checkEntryNames(where, entry, event, bundle.claimId);
      if (verified.checkpoint.size > opened.checkpoint.size) throw new Refusal('proof', `${where}: its proof's checkpoint (size ${verified.checkpoint.size}) is newer than the bundle's (${opened.checkpoint.size})`);
      return { index: event.index, ...(event.type ? { type: event.type } : {}), ...(event.revision !== undefined ? { revision: event.revision } : {}) };
    });
    // Each proof may name an earlier checkpoint than the bundle's: then it must be a prefix of it.
    for (const event of bundle.publicEvents) {
      const proofCp = this.open(event.proof.slice(event.proof.indexOf('\n\n') + 2)).checkpoint;
      if (proofCp.size < opened.checkpoint.size) {
        await this.checkConsistencyProof(proofCp.size, proofCp.rootHash, opened.checkpoint.size, opened.checkpoint.rootHash, fetchConsistency, summary(proofCp), cp);
      } else if (toBase64(proofCp.rootHash) !== cp.rootHash) {
        throw new Refusal('inconsistent', `split view: leaf ${event.index}'s proof names a checkpoint of size ${proofCp.size} whose root differs from the bundle's`, summary(proofCp), cp);
      }
    }
    const saved = this.state.load();
    if (saved !== undefined) this.checkSavedUnderPinnedKey(saved, cp);
    if (saved !== undefined && opened.checkpoint.size < saved.size) {
      await this.checkConsistencyProof(opened.checkpoint.size, opened.checkpoint.rootHash, saved.size, fromBase64(saved.rootHash) as Uint8Array, fetchConsistency, summary(saved), cp);
      return { events, checkpoint: { outcome: 'older', checkpoint: cp, saved: summary(saved) } };
    }
    return { events, checkpoint: await this.acceptCheckpoint(bundle.checkpoint.note, fetchConsistency) };
  }
}

/**
 * The proof binds the entry's bytes; the entry then says which event it is. It must be the event the
 * bundle claims: of the fact-check's own stream, of the type and revision given.
 */
function checkEntryNames(where: string, bytes: Uint8Array, event: BundleEvent, claimId: string | undefined): void {
  let entry;
  try {
    entry = decodeLogEntry(bytes);
  } catch (error) {
    throw new Refusal('proof', `${where}: the entry is not a log entry: ${(error as Error).message}`);
  }
  if (claimId !== undefined && entry.stream !== `claim-${claimId}`) throw new Refusal('proof', `${where}: the entry is of stream ${JSON.stringify(entry.stream)}, not of the fact-check claim-${claimId}`);
  if (event.type !== undefined && entry.type !== event.type) throw new Refusal('proof', `${where}: the entry is a ${entry.type}, not a ${event.type}`);
  if (event.revision !== undefined && entry.revision !== event.revision) throw new Refusal('proof', `${where}: the entry is revision ${entry.revision}, not ${event.revision}`);
}

function parseBundle(input: string | ProofBundle): ProofBundle {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new Refusal('input', `the bundle is not JSON: ${(error as Error).message}`);
    }
  }
  const b = value as ProofBundle;
  const cp = b?.checkpoint;
  if (typeof cp !== 'object' || cp === null || !Number.isSafeInteger(cp.size) || typeof cp.rootHash !== 'string' || typeof cp.note !== 'string') {
    throw new Refusal('input', 'the bundle has no checkpoint { size, rootHash, note }');
  }
  if (!Array.isArray(b.publicEvents)) throw new Refusal('input', 'the bundle has no publicEvents array');
  b.publicEvents.forEach((e, i) => {
    if (typeof e !== 'object' || e === null || !Number.isSafeInteger(e.index) || typeof e.entry !== 'string' || typeof e.proof !== 'string') {
      throw new Refusal('input', `public event ${i + 1} needs index, entry (base64) and proof (tlog-proof text)`);
    }
  });
  return b;
}

/** Proof hashes as the log serves them: base64, one a line. */
export function parseHashLines(text: string): Uint8Array[] {
  const lines = text.replace(/\n$/, '');
  if (lines === '') return [];
  return lines.split('\n').map((line, i) => {
    const hash = fromBase64(line.trim());
    if (hash === undefined || hash.length !== 32) throw new Error(`proof line ${i + 1} is not base64 of 32 bytes`);
    return hash;
  });
}

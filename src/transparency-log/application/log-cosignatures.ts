import { cosignatureTimestamp, cosignatureVerifier, parseCheckpoint, type CosignatureVerifier } from '../domain/checkpoint';
import type { LogCrypto } from '../domain/crypto';
import { formatSignatureLine, parseNote, type Note, type NoteVerifier } from '../domain/note';
import type { CosignatureStore } from './cosignature-store.port';

/** Why a cosignature was refused, with the HTTP status it is answered with. */
export class CosignatureRefused extends Error {
  override readonly name = 'CosignatureRefused';
  constructor(
    readonly status: 400 | 403 | 404,
    message: string,
  ) {
    super(message);
  }
}

/** A signed note with a cosignature line or two is small; anything larger is not one. */
export const MAX_COSIGNATURE_BYTES = 16 * 1024;

/**
 * Witnesses' cosignatures (C2SP tlog-cosignature/v1): accepted only from a witness of LOG_WITNESS_KEYS,
 * only over a checkpoint this log signed (the same text byte for byte), and published appended to
 * that checkpoint's note, after the log's own signature (the note's text is unchanged).
 */
export class LogCosignatures {
  private readonly witnesses: CosignatureVerifier[];

  constructor(
    private readonly store: CosignatureStore,
    crypto: LogCrypto,
    witnessKeys: readonly string[],
    private readonly log: Pick<NoteVerifier, 'name' | 'keyId'>,
  ) {
    this.witnesses = witnessKeys.map((k) => cosignatureVerifier(crypto, k));
  }

  /** Verifies and stores the cosignature lines of `body` (the checkpoint's text, a blank line, the lines). */
  submit(body: string): { size: number; witnesses: string[] } {
    let note: Note;
    try {
      note = parseNote(body);
    } catch (error) {
      throw new CosignatureRefused(400, `The body is not a signed note (the checkpoint's text, a blank line, the cosignature line): ${(error as Error).message}`);
    }
    let size: number;
    try {
      size = parseCheckpoint(note.text).size;
    } catch (error) {
      throw new CosignatureRefused(400, `The note is not a checkpoint: ${(error as Error).message}`);
    }
    const ours = note.signatures.filter((s) => !(s.name === this.log.name && s.keyId === this.log.keyId));
    if (ours.length === 0) throw new CosignatureRefused(400, 'The note carries no witness cosignature');
    const hex = (id: number) => id.toString(16).padStart(8, '0');
    const found = ours.map((sig) => {
      const witness = this.witnesses.find((w) => w.name === sig.name && w.keyId === sig.keyId);
      if (witness === undefined) throw new CosignatureRefused(403, `${sig.name}+${hex(sig.keyId)} is not a witness of this log (LOG_WITNESS_KEYS)`);
      return { sig, witness };
    });
    const published = this.store.checkpointNote(size);
    if (published === undefined) throw new CosignatureRefused(404, `This log signed no checkpoint of size ${size}`);
    if (parseNote(published).text !== note.text) throw new CosignatureRefused(400, `The cosigned text is not the checkpoint of size ${size} this log signed`);
    const saved = found.map(({ sig, witness }) => {
      if (witness.verifiedTimestamp(note.text, sig.signature) === undefined) {
        throw new CosignatureRefused(400, `The cosignature of ${sig.name}+${hex(sig.keyId)} does not verify over the checkpoint of size ${size}`);
      }
      return { size, witness: sig.name, keyId: sig.keyId, line: formatSignatureLine(sig.name, sig.keyId, sig.signature), timestamp: cosignatureTimestamp(sig) };
    });
    for (const c of saved) this.store.save(c);
    return { size, witnesses: saved.map((c) => c.witness) };
  }

  /** The note as published: the log's own note with its witnesses' cosignature lines appended. */
  cosigned(size: number, note: string): string {
    const lines = this.store
      .forSize(size)
      .filter((c) => this.witnesses.some((w) => w.name === c.witness && w.keyId === c.keyId))
      .map((c) => c.line)
      .filter((line) => !note.includes(line));
    return note + lines.join('');
  }

  /** Nest calls this on shutdown (the instance comes from a factory provider). */
  onApplicationShutdown(): void {
    this.store.close();
  }
}

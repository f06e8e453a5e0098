/**
 * A witness (issue 16, point 5): follows a log with its OWN saved checkpoint, exactly as the verifier
 * does, and cosigns (C2SP tlog-cosignature/v1) only a checkpoint consistent with it. An inconsistent
 * checkpoint is refused and the state kept, so the witness never cosigns two views of one log.
 */
import { parseNote } from '../domain/note';
import type { Cosigner } from '../domain/checkpoint';
import { LogVerifier, Refusal, type Accepted } from './log-verifier';

export interface WitnessLog {
  checkpoint(): Promise<string>;
  consistency(from: number, to: number): Promise<readonly Uint8Array[]>;
  submitCosignature(note: string): Promise<{ status: number; body: string }>;
}

export type WitnessStep =
  | { outcome: 'cosigned'; accepted: Accepted; note: string; submitted: { status: number; body: string } }
  | { outcome: 'already-cosigned'; accepted: Accepted }
  | { outcome: 'refused'; refusal: Refusal };

export class Witness {
  constructor(
    private readonly verifier: LogVerifier,
    private readonly cosigner: Cosigner,
    private readonly log: WitnessLog,
    private readonly clock: () => Date = () => new Date(),
  ) {}

  /** One round: fetch the checkpoint, check it against the saved one, cosign and submit it. */
  async step(): Promise<WitnessStep> {
    let note: string;
    try {
      note = await this.log.checkpoint();
    } catch (error) {
      return { outcome: 'refused', refusal: new Refusal('network', `could not fetch the checkpoint: ${(error as Error).message}`) };
    }
    let accepted: Accepted;
    try {
      accepted = await this.verifier.acceptCheckpoint(note, (from, to) => this.log.consistency(from, to));
    } catch (error) {
      if (error instanceof Refusal) return { outcome: 'refused', refusal: error };
      throw error;
    }
    // The served note carries the cosignatures the log published: ours already there, nothing to do.
    const mine = parseNote(note).signatures.some((s) => s.name === this.cosigner.name && s.keyId === this.cosigner.keyId);
    if (mine) return { outcome: 'already-cosigned', accepted };
    const line = this.cosigner.cosign(accepted.opened.text, BigInt(Math.floor(this.clock().getTime() / 1000)));
    const cosigned = `${accepted.opened.text}\n${line}`;
    return { outcome: 'cosigned', accepted, note: cosigned, submitted: await this.log.submitCosignature(cosigned) };
  }
}

import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { SavedCheckpoint, VerifierState } from './log-verifier';

/**
 * The verifier's state in a small JSON file. Written to a temp file and renamed over it, so a crash
 * leaves the old checkpoint or the new one, never half of either.
 */
export class FileState implements VerifierState {
  constructor(readonly file: string) {}

  load(): SavedCheckpoint | undefined {
    let text: string;
    try {
      text = readFileSync(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const value = JSON.parse(text) as SavedCheckpoint;
    if (typeof value?.note !== 'string' || !Number.isSafeInteger(value.size) || typeof value.rootHash !== 'string' || typeof value.origin !== 'string') {
      throw new Error(`${this.file} is not a verifier state (origin, size, rootHash, note)`);
    }
    return value;
  }

  save(checkpoint: SavedCheckpoint): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, `${JSON.stringify(checkpoint, null, 2)}\n`);
    renameSync(temp, this.file);
  }
}

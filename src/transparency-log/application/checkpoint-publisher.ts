import { formatCheckpoint } from '../domain/checkpoint';
import { signNote, type NoteSigner } from '../domain/note';
import type { SignedCheckpoint, TransparencyLogStore } from './log-store.port';

export interface CheckpointPublisherOptions {
  origin: string;
  signer: NoteSigner;
  /** A new checkpoint at most this often while leaves arrive. */
  intervalMs: number;
  now?: () => Date;
  /** A checkpoint signed on a timer that could not be saved: reported, retried with the next leaves. */
  onError?(error: Error): void;
}

/**
 * Signs the tree head as a C2SP tlog-checkpoint note: at start when there is none yet (the empty
 * tree included), then, while leaves arrive, at most once per interval: the first leaves after a quiet
 * spell are signed at once, later ones when the interval since the last checkpoint has passed.
 * Every checkpoint is kept in the store.
 */
export class CheckpointPublisher {
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly now: () => Date;

  constructor(
    private readonly store: TransparencyLogStore,
    private readonly tree: { readonly size: number; readonly root: Uint8Array },
    private readonly options: CheckpointPublisherOptions,
  ) {
    this.now = options.now ?? (() => new Date());
  }

  start(): void {
    this.stopped = false;
    const latest = this.store.latestCheckpoint();
    if (latest === undefined) this.signNow();
    else this.treeGrew();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  latest(): SignedCheckpoint | undefined {
    return this.store.latestCheckpoint();
  }

  /** Called after each committed batch: schedules the next checkpoint within the interval. */
  treeGrew(): void {
    if (this.stopped || this.timer) return;
    const latest = this.store.latestCheckpoint();
    if (latest !== undefined && latest.size >= this.tree.size) return;
    const wait = latest === undefined ? 0 : latest.signedAt.getTime() + this.options.intervalMs - this.now().getTime();
    if (wait <= 0) return void this.signNow();
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.stopped) return;
      try {
        this.signNow();
      } catch (error) {
        this.options.onError?.(error as Error);
      }
    }, wait);
    this.timer.unref?.();
  }

  /** Signs the current tree head (unless it is already the latest checkpoint). */
  signNow(): SignedCheckpoint {
    const latest = this.store.latestCheckpoint();
    const size = this.tree.size;
    if (latest !== undefined && latest.size === size) return latest;
    const rootHash = this.tree.root;
    const note = signNote(formatCheckpoint({ origin: this.options.origin, size, rootHash, extensions: [] }), [this.options.signer]);
    const checkpoint: SignedCheckpoint = { size, rootHash, note, signedAt: this.now() };
    this.store.saveCheckpoint(checkpoint);
    return checkpoint;
  }
}

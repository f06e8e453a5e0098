import type { ClaimState } from '../domain/claim';

/** What an earlier command left in a claim's stream: enough to recognise its retry without reading the stream. */
export interface RecordedCommand {
  commandType: string;
  commandHash?: string;
  /** Revision and position of the command's last event. */
  revision: number;
  position: number;
}

/** A claim as the command path last saw it: its folded state at `state.revision` and the hash to chain onto. */
export interface CachedClaim {
  /** Folded from the stored events, so `revision` is the last one's own (not a count). */
  state: ClaimState;
  lastHash: string | null;
  /** Events the stream holds (from its first stored event): what the desk's event limit counts. */
  events: number;
  /** Every command in the stream so far, by its id (the events' causationId). */
  commands: Map<string, RecordedCommand>;
  /** Rough size in memory (UTF-16 bytes of the events folded in, plus overhead), for the budget. */
  bytes: number;
}

/**
 * Recently used claims' folded state, least recently used evicted first, within a memory budget.
 * A command then reads only the events after the cached revision instead of the whole stream. The
 * entries are the command path's own: it replaces an entry after each successful append and drops
 * one on any doubt. A budget of 0 turns the cache off.
 */
export class ClaimStateCache {
  private readonly entries = new Map<string, CachedClaim>();
  private total = 0;

  constructor(private readonly budgetBytes: number) {}

  get(stream: string): CachedClaim | undefined {
    const entry = this.entries.get(stream);
    if (!entry) return undefined;
    // Map order is insertion order: re-inserting makes it the most recently used.
    this.entries.delete(stream);
    this.entries.set(stream, entry);
    return entry;
  }

  set(stream: string, entry: CachedClaim): void {
    this.delete(stream);
    if (entry.bytes > this.budgetBytes) return;
    this.entries.set(stream, entry);
    this.total += entry.bytes;
    for (const [key, oldest] of this.entries) {
      if (this.total <= this.budgetBytes) break;
      this.entries.delete(key);
      this.total -= oldest.bytes;
    }
  }

  delete(stream: string): void {
    const entry = this.entries.get(stream);
    if (!entry) return;
    this.entries.delete(stream);
    this.total -= entry.bytes;
  }

  get size(): number {
    return this.entries.size;
  }

  get bytes(): number {
    return this.total;
  }
}

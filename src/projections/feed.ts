/**
 * A typed, synchronous publish/subscribe channel: what the read models report (batches, changes,
 * a runner's lifecycle) is delivered through these, so every reader can follow who publishes what to whom.
 */
export class Feed<T> {
  private readonly listeners = new Set<(value: T) => void>();

  subscribe(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  publish(value: T): void {
    for (const listener of this.listeners) listener(value);
  }

  /** Whether anyone listens: lets a publisher skip preparing a value nobody would receive. */
  get hasSubscribers(): boolean {
    return this.listeners.size > 0;
  }
}

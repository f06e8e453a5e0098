/**
 * An async iterator fed by pushes: what a GraphQL subscription resolver returns. `return()`
 * (called when the client unsubscribes or disconnects) detaches it at once, even while a `next()`
 * is pending. A slow consumer keeps only the newest `capacity` items, so it cannot grow memory
 * without bound.
 */
export class Channel<T> implements AsyncIterableIterator<T> {
  private readonly queue: T[] = [];
  private pending?: (result: IteratorResult<T>) => void;
  private closed = false;

  constructor(
    private readonly onClose: () => void = () => undefined,
    private readonly capacity = 1000,
  ) {}

  push(value: T): void {
    if (this.closed) return;
    if (this.pending) {
      const resolve = this.pending;
      this.pending = undefined;
      resolve({ value, done: false });
      return;
    }
    this.queue.push(value);
    if (this.queue.length > this.capacity) this.queue.shift();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.queue.length > 0) return Promise.resolve({ value: this.queue.shift() as T, done: false });
    if (this.closed) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => (this.pending = resolve));
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.closed) {
      this.closed = true;
      this.queue.length = 0;
      this.pending?.({ value: undefined, done: true });
      this.pending = undefined;
      this.onClose();
    }
    return Promise.resolve({ value: undefined, done: true });
  }

  throw(error: unknown): Promise<IteratorResult<T>> {
    void this.return();
    return Promise.reject(error);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}

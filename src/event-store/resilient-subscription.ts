import { AsyncLocalStorage } from 'node:async_hooks';
import { CheckpointNotInLog, EventStoreUnavailable } from './event-store.errors';
import { RecordedEvent, SubscribeToAllOptions, Subscription } from './event-store.port';

/** What one connection of a subscription yields, in delivery order. */
export type SubscriptionItem = { kind: 'event'; event: RecordedEvent } | { kind: 'caughtUp' };

/**
 * One connection to the store, delivering items after a checkpoint. `items` finishes or throws
 * when the connection ends; `close` ends it early (and must make `items` finish).
 */
export interface SubscriptionConnection {
  items: AsyncIterable<SubscriptionItem>;
  close(): Promise<void>;
}

/**
 * Opens one connection delivering events after `checkpoint`, or from it (inclusive) when
 * `inclusive` is set: the resilient loop then skips the events at the checkpoint it had handled.
 * A connection may fail with a non-retryable `EventStoreError` (a checkpoint not in the log): the
 * subscription then stops and reports it, instead of reconnecting forever.
 */
export type ConnectFromCheckpoint = (checkpoint: number | undefined, inclusive: boolean) => SubscriptionConnection;

/** A connection that fails at once with `error`: how an adapter refuses a checkpoint it cannot serve. */
export function failedConnection(error: Error): SubscriptionConnection {
  return {
    // eslint-disable-next-line require-yield
    items: (async function* () {
      throw error;
    })(),
    close: async () => undefined,
  };
}

const DEFAULT_INITIAL_BACKOFF_MS = 100;
const DEFAULT_MAX_BACKOFF_MS = 5_000;

/**
 * Implements the port's subscription contract on top of any `connect` function: delivers events
 * one at a time (awaiting `onEvent`), tracks the checkpoint, and whenever a connection drops,
 * reports it and reconnects from the checkpoint with exponential backoff (reset by each handled
 * event). Events at or before the checkpoint are never delivered twice, whatever the server resends.
 * Events that share a position (one explicit transaction) are counted, so a connection lost in the
 * middle of them resumes at that position and skips exactly the ones already handled.
 */
export function resilientSubscription(options: SubscribeToAllOptions, connect: ConnectFromCheckpoint): Subscription {
  return new ResilientSubscription(options, connect);
}

class ResilientSubscription implements Subscription {
  private lastHandled: number | undefined;
  /** Events handled at `lastHandled`; undefined: all there are (resume after the position). */
  private handledAtLast: number | undefined;
  private stopped = false;
  private connection: SubscriptionConnection | undefined;
  private cancelSleep: () => void = () => undefined;
  /** Marks code running inside our own handlers, so `stop()` called from one does not wait on itself. */
  private readonly insideHandler = new AsyncLocalStorage<true>();
  private readonly loop: Promise<void>;

  constructor(
    private readonly options: SubscribeToAllOptions,
    private readonly connect: ConnectFromCheckpoint,
  ) {
    this.lastHandled = options.fromPosition;
    this.handledAtLast = options.fromPosition === undefined ? undefined : options.handledAtPosition;
    this.loop = this.run();
  }

  get checkpoint(): number | undefined {
    return this.lastHandled;
  }

  get handledAtCheckpoint(): number {
    return this.lastHandled === undefined ? 0 : (this.handledAtLast ?? 1);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.cancelSleep();
    await this.connection?.close().catch(() => undefined);
    if (this.insideHandler.getStore()) return;
    await this.loop;
  }

  private async run(): Promise<void> {
    const initialMs = this.options.backoff?.initialMs ?? DEFAULT_INITIAL_BACKOFF_MS;
    const maxMs = this.options.backoff?.maxMs ?? DEFAULT_MAX_BACKOFF_MS;
    let delayMs = initialMs;

    while (!this.stopped) {
      let dropped: Error;
      try {
        const inclusive = this.lastHandled !== undefined && this.handledAtLast !== undefined;
        // At the checkpoint's position on this connection: how many events to skip as already handled.
        let skipAtCheckpoint = inclusive ? (this.handledAtLast as number) : Number.POSITIVE_INFINITY;
        const resumedAt = this.lastHandled;
        this.connection = this.connect(this.lastHandled, inclusive);
        for await (const item of this.connection.items) {
          if (this.stopped) break;
          if (item.kind === 'caughtUp') {
            notify(() => this.options.onCaughtUp?.());
            continue;
          }
          const { event } = item;
          if (this.lastHandled !== undefined && event.position < this.lastHandled) continue;
          if (resumedAt !== undefined && event.position === resumedAt && skipAtCheckpoint > 0) {
            skipAtCheckpoint -= 1;
            continue;
          }
          if (!(await this.handle(event))) return;
          if (event.position === this.lastHandled) {
            this.handledAtLast = (this.handledAtLast ?? 1) + 1;
          } else {
            this.lastHandled = event.position;
            this.handledAtLast = 1;
          }
          if (event.position !== resumedAt) skipAtCheckpoint = 0;
          delayMs = initialMs;
        }
        dropped = new EventStoreUnavailable('The subscription was ended by the server');
      } catch (error) {
        // Only a checkpoint the log does not hold is final: access rules and a server's version can be
        // fixed by an operator while the subscription keeps trying (reported through onDropped).
        if (error instanceof CheckpointNotInLog) {
          this.stopped = true;
          notify(() => this.options.onFailed?.(error));
          return;
        }
        dropped = asError(error);
      } finally {
        await this.connection?.close().catch(() => undefined);
        this.connection = undefined;
      }
      if (this.stopped) return;

      notify(() => this.options.onDropped?.(dropped, delayMs));
      await this.sleep(delayMs);
      delayMs = Math.min(delayMs * 2, maxMs);
    }
  }

  /** Runs the subscriber's handler; on failure stops for good, since skipping the event would lose it. */
  private async handle(event: RecordedEvent): Promise<boolean> {
    try {
      await this.insideHandler.run(true, async () => this.options.onEvent(event));
      return true;
    } catch (error) {
      this.stopped = true;
      notify(() => this.options.onFailed?.(asError(error)));
      return false;
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped) return resolve(); // stop() may have run inside onDropped, before this sleep began
      const timer = setTimeout(resolve, ms);
      this.cancelSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }
}

/** Runs a notification callback (caught-up, dropped, failed), whose failure must not kill the loop. */
function notify(callback: () => void): void {
  try {
    callback();
  } catch {
    // A broken listener is the subscriber's problem; delivery and reconnection go on.
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

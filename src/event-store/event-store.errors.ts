import { ExpectedRevision } from './event-store.port';

/** What a stream's revision actually was when an expectation failed. */
export type ActualRevision = number | typeof NO_STREAM_ACTUAL;
const NO_STREAM_ACTUAL = 'no_stream' as const;

/**
 * Every failure the port raises says whether the same call may simply be tried again. Callers
 * retry only when `retrySafe` is true; everything else is a fact to report (or, for a wrong
 * expected version, a reason to re-read and decide again).
 */
export abstract class EventStoreError extends Error {
  abstract readonly retrySafe: boolean;
}

/**
 * The one error an append raises when the writer's expectation about the stream does not hold.
 * `actual` is the stream's last revision, or 'no_stream' when the stream has no events.
 */
export class WrongExpectedVersion extends EventStoreError {
  override readonly name = 'WrongExpectedVersion';
  /** The same append fails the same way: the writer must read again and decide anew. */
  readonly retrySafe = false;

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`Wrong expected version on stream "${stream}": expected ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The caller handed the store something it cannot store (bad stream name, empty batch, non-JSON data, too large). */
export class InvalidAppend extends EventStoreError {
  override readonly name = 'InvalidAppend';
  readonly retrySafe = false;
}

/**
 * The store could not be reached or answered with something unexpected. Safe to retry with the
 * same event ids: an append whose outcome was unclear has been read back first, so either nothing
 * was written, or (when even the read-back failed, as the message says) the store writes a retry
 * with the same ids at most once.
 */
export class EventStoreUnavailable extends EventStoreError {
  override readonly name = 'EventStoreUnavailable';
  readonly retrySafe = true;
}

/** The stream was tombstoned (hard-deleted): it can never be read or written again. */
export class StreamDeleted extends EventStoreError {
  override readonly name = 'StreamDeleted';
  readonly retrySafe = false;

  constructor(readonly stream: string) {
    super(`Stream "${stream}" was permanently deleted (tombstoned) in the event store`);
  }
}

/** The store refused the call for the credentials in use: a configuration problem, not a transient one. */
export class AccessDenied extends EventStoreError {
  override readonly name = 'AccessDenied';
  readonly retrySafe = false;
}

/** The server runs a version this adapter does not support (below the stated floor). */
export class UnsupportedServer extends EventStoreError {
  override readonly name = 'UnsupportedServer';
  readonly retrySafe = false;
}

/**
 * A subscription's checkpoint is not a position of this store's log: beyond its end (read models
 * kept from another store, a restored server) or between two events. Waiting would never deliver
 * anything; the read models must be rebuilt.
 */
export class CheckpointNotInLog extends EventStoreError {
  override readonly name = 'CheckpointNotInLog';
  readonly retrySafe = false;

  constructor(
    readonly checkpoint: number,
    readonly reason: 'beyond-end' | 'not-an-event',
    readonly logEnd: number | undefined,
  ) {
    super(
      reason === 'beyond-end'
        ? `Checkpoint ${checkpoint} lies beyond the end of the event log (${logEnd ?? 'empty'}): these read models were built from another store; rebuild them`
        : `Checkpoint ${checkpoint} is not the position of an event in the log: rebuild the read models`,
    );
  }
}

import { ExpectedRevision } from './event-store.port';

/** What a stream's revision actually was when an expectation failed. */
export type ActualRevision = number | typeof NO_STREAM_ACTUAL;
const NO_STREAM_ACTUAL = 'no_stream' as const;

/**
 * The one error an append raises when the writer's expectation about the stream does not hold.
 * `actual` is the stream's last revision, or 'no_stream' when the stream has no events.
 */
export class WrongExpectedVersion extends Error {
  override readonly name = 'WrongExpectedVersion';

  constructor(
    readonly stream: string,
    readonly expected: ExpectedRevision,
    readonly actual: ActualRevision,
  ) {
    super(`Wrong expected version on stream "${stream}": expected ${String(expected)}, actual ${String(actual)}`);
  }
}

/** The caller handed the store something it cannot store (bad stream name, empty batch, non-JSON data). */
export class InvalidAppend extends Error {
  override readonly name = 'InvalidAppend';
}

/** The store could not be reached or answered with something unexpected. Safe to retry. */
export class EventStoreUnavailable extends Error {
  override readonly name = 'EventStoreUnavailable';
}

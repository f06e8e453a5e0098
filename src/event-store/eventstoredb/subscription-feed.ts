import { AllStreamResolvedEvent, AllStreamSubscription } from '@eventstore/db-client';
import { SubscriptionItem } from '../resilient-subscription';
import { toRecordedEvent } from './client-mapping';

/**
 * Turns a client subscription into an ordered feed of events and caught-up marks.
 *
 * The client emits 'caughtUp' as the server's message passes through its transform stream, while
 * earlier events may still sit in the stream's buffer. So a mark is recorded as "after N events
 * read" (N = events read so far + events buffered) and yielded once exactly N have been read.
 */
export async function* feed(subscription: AllStreamSubscription, mapError: (error: Error) => Error): AsyncGenerator<SubscriptionItem> {
  let read = 0;
  const caughtUpAfter: number[] = [];
  let failure: Error | undefined;
  let ended = false;
  let wake: () => void = () => undefined;

  const listeners = {
    caughtUp: () => {
      caughtUpAfter.push(read + subscription.readableLength);
      wake();
    },
    readable: () => wake(),
    error: (error: Error) => {
      failure = mapError(error);
      wake();
    },
    end: () => {
      ended = true;
      wake();
    },
  };
  subscription.on('caughtUp', listeners.caughtUp);
  subscription.on('readable', listeners.readable);
  subscription.on('error', listeners.error);
  subscription.on('end', listeners.end);
  subscription.on('close', listeners.end);

  try {
    for (;;) {
      if (caughtUpAfter.length > 0 && caughtUpAfter[0] <= read) {
        caughtUpAfter.shift();
        yield { kind: 'caughtUp' };
        continue;
      }
      const next = subscription.destroyed ? null : (subscription.read() as AllStreamResolvedEvent | null);
      if (next !== null) {
        read += 1;
        const event = toRecordedEvent(next);
        if (event) yield { kind: 'event', event };
        continue;
      }
      if (failure) throw failure;
      if (ended) return;
      await new Promise<void>((resolve) => (wake = resolve));
    }
  } finally {
    subscription.off('caughtUp', listeners.caughtUp);
    subscription.off('readable', listeners.readable);
    subscription.off('end', listeners.end);
    subscription.off('close', listeners.end);
    // Keep an error listener: a late error on an abandoned stream must not crash the process.
    subscription.off('error', listeners.error);
    subscription.on('error', () => undefined);
  }
}

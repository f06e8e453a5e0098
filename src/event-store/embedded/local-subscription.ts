import { RecordedEvent } from '../event-store.port';
import { SubscriptionConnection, SubscriptionItem } from '../resilient-subscription';

/**
 * One "connection" of a catch-up subscription over the local file: reads pages after the
 * checkpoint until none is left, reports caught-up, then sleeps until the next append. Reads and
 * appends share one connection and one thread, so nothing can be committed between "the read found
 * nothing" and "start waiting": no live event is missed. Delivery, checkpoints and stopping are the
 * shared resilient loop's job.
 */
export function localConnection(
  checkpoint: number | undefined,
  readAfter: (position: number, limit: number) => RecordedEvent[],
  waitForAppend: (wake: Promise<void>) => Promise<void>,
  pageSize: number,
): SubscriptionConnection {
  let closed = false;
  let wake!: () => void;
  const woken = new Promise<void>((resolve) => (wake = resolve));

  async function* items(): AsyncGenerator<SubscriptionItem> {
    let position = checkpoint ?? 0;
    let caughtUp = false;
    while (!closed) {
      const page = readAfter(position, pageSize);
      if (page.length === 0) {
        if (!caughtUp) yield { kind: 'caughtUp' };
        caughtUp = true;
        await waitForAppend(woken);
        continue;
      }
      caughtUp = false;
      for (const event of page) {
        if (closed) return;
        yield { kind: 'event', event };
        position = event.position;
      }
    }
  }

  return {
    items: items(),
    close: async () => {
      closed = true;
      wake();
    },
  };
}

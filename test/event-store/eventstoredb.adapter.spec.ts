import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EventStoreUnavailable } from '../../src/event-store/event-store.errors';
import { NewEvent, RecordedEvent, Subscription } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer } from '../support/esdb-test-server';
import { eventually } from '../support/eventually';
import { runEventStoreContract } from './event-store.contract';

// The contract against the in-process server runs with and without BatchAppend advertised, in
// eventstoredb.append-path.spec.ts.

const realServer = process.env.EVENTSTORE_CONNECTION_STRING;
if (realServer) {
  // The contract names every stream uniquely, so it can run against a shared, non-empty server.
  runEventStoreContract('EventStoreDB adapter against EVENTSTORE_CONNECTION_STRING', async () => {
    const store = EventStoreDbEventStore.fromConnectionString(realServer);
    return { store, cleanup: () => store.close() };
  });
}

describe('EventStoreDB adapter: what only EventStoreDB can do to it', () => {
  let server: EsdbTestServer;
  let store: EventStoreDbEventStore;
  let raw: EventStoreDBClient;
  const subscriptions: Subscription[] = [];

  beforeEach(async () => {
    server = new EsdbTestServer();
    const { connectionString } = await server.start();
    store = EventStoreDbEventStore.fromConnectionString(connectionString);
    raw = EventStoreDBClient.connectionString(connectionString);
  });

  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    await store.close();
    await raw.dispose();
    await server.stop();
  });

  const event = (type: string, data: Record<string, number> = {}): NewEvent => ({ id: randomUUID(), type, data });

  function subscribe(fromPosition?: number) {
    const seen: RecordedEvent[] = [];
    const drops: { error: Error; retryInMs: number }[] = [];
    /** How many events had been handled each time caught-up was reported. */
    const caughtUpAfter: number[] = [];
    const subscription = store.subscribeToAll({
      fromPosition,
      backoff: { initialMs: 1, maxMs: 20 },
      onEvent: async (e) => {
        // Yield so that the server gets ahead of the handler and the client buffers events.
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(e);
      },
      onCaughtUp: () => caughtUpAfter.push(seen.length),
      onDropped: (error, retryInMs) => drops.push({ error, retryInMs }),
    });
    subscriptions.push(subscription);
    return { seen, drops, subscription, caughtUpAfter, caughtUp: () => caughtUpAfter.length };
  }

  describe('a subscription dropped by the server', () => {
    it('resumes from its checkpoint, delivering every event exactly once and in order, while appends continue', async () => {
      const streams = ['claim-a', 'claim-b', 'claim-c'].map((s) => `${s}-${randomUUID()}`);
      for (const s of streams) await store.append(s, [event('History', { n: 1 }), event('History', { n: 2 })]);

      server.dropSubscriptionsAfter(4); // mid catch-up
      const { seen, drops, subscription } = subscribe();
      await eventually(() => expect(drops).toHaveLength(1));
      await eventually(() => expect(server.liveSubscriptions).toBe(1));

      let forcedDrops = 0;
      const writers = streams.map(async (s, w) => {
        for (let i = 0; i < 15; i++) {
          await store.append(s, [event('Live', { w, i })]);
          if (w === 0 && i === 5) forcedDrops += server.dropSubscriptions(); // while live
          if (w === 1 && i === 9) server.dropSubscriptionsAfter(3); // mid-stream, while live
        }
      });
      await Promise.all(writers);

      const appended = (await store.readAll()).map((e) => e.id);
      expect(appended).toHaveLength(6 + 45);
      await eventually(() => expect(seen).toHaveLength(appended.length));
      expect(seen.map((e) => e.id)).toEqual(appended);

      expect(forcedDrops).toBe(1);
      expect(drops).toHaveLength(3);
      for (const drop of drops) {
        expect(drop.error).toBeInstanceOf(EventStoreUnavailable);
        expect(drop.retryInMs).toBeGreaterThan(0);
      }
      // Every resubscription started AT (inclusive) the last event the handler had finished with,
      // the loop skipping that one: how a drop inside events sharing a position resumes exactly.
      const handledPositions = new Set(seen.map((e) => e.position));
      const [first, ...resumed] = server.subscriptionStarts;
      expect(first).toBe('start');
      expect(resumed.length).toBe(drops.length);
      for (const start of resumed) expect(handledPositions.has(start as number)).toBe(true);
      expect(subscription.checkpoint).toBe(seen[seen.length - 1].position);
    });

    it('resumes after the checkpoint it was given, even if the very first connection drops', async () => {
      const s = `claim-${randomUUID()}`;
      await store.append(s, [event('Before'), event('Checkpoint')]);
      const all = await store.readAll();
      const checkpoint = all[all.length - 1].position;
      await store.append(s, [event('After1'), event('After2'), event('After3')]);

      server.dropSubscriptionsAfter(1);
      const { seen, drops } = subscribe(checkpoint);
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['After1', 'After2', 'After3']));
      expect(drops).toHaveLength(1);
      // First after the given checkpoint, then at the last event handled (inclusive).
      expect(server.subscriptionStarts).toEqual([checkpoint, seen[0].position]);
    });

    it('reports caught-up only once the history is handled, and again after each resubscription', async () => {
      const history = Array.from({ length: 40 }, (_, n) => event('History', { n }));
      await store.append(`claim-${randomUUID()}`, history);
      const { seen, caughtUpAfter, drops } = subscribe();
      await eventually(() => expect(caughtUpAfter).toEqual([40]));

      server.dropSubscriptions();
      await eventually(() => expect(drops).toHaveLength(1));
      await eventually(() => expect(caughtUpAfter).toEqual([40, 40]));
      expect(seen).toHaveLength(40);
    });

    it('treats a subscription the server completes normally as dropped, and resumes', async () => {
      const s = `claim-${randomUUID()}`;
      const { seen, drops } = subscribe();
      await eventually(() => expect(server.liveSubscriptions).toBe(1));
      await store.append(s, [event('One')]);
      await eventually(() => expect(seen).toHaveLength(1));

      expect(server.endSubscriptions()).toBe(1);
      await eventually(() => expect(drops).toHaveLength(1));
      await store.append(s, [event('Two')]);
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['One', 'Two']));
      expect(server.subscriptionStarts).toEqual(['start', seen[0].position]);
    });

    it('can be stopped from inside its own handler without waiting on itself', async () => {
      await store.append(`claim-${randomUUID()}`, [event('One'), event('Two'), event('Three')]);
      const handled: string[] = [];
      let stopReturned = false;
      const subscription = store.subscribeToAll({
        onEvent: async (e) => {
          handled.push(e.type);
          await subscription.stop();
          stopReturned = true;
        },
      });
      subscriptions.push(subscription);
      await eventually(() => expect(stopReturned).toBe(true));
      await subscription.stop(); // from outside: waits for the loop to finish
      expect(handled).toEqual(['One']);
      expect(subscription.checkpoint).toBe((await store.readAll())[0].position);
    });

    it('stops reconnecting once stopped', async () => {
      const { drops, subscription } = subscribe();
      await eventually(() => expect(server.liveSubscriptions).toBe(1));
      await subscription.stop();
      server.dropSubscriptions();
      const starts = server.subscriptionStarts.length;
      await store.append(`claim-${randomUUID()}`, [event('After')]);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(server.subscriptionStarts).toHaveLength(starts);
      expect(drops).toHaveLength(0);
    });
  });

  describe('system events', () => {
    async function appendSystemEvents(userStream: string) {
      // Written with the raw client: the adapter refuses '$' types and streams on purpose.
      await raw.appendToStream(userStream, jsonEvent({ type: '$system-type', data: {} }));
      await raw.appendToStream(`$system-stream-${randomUUID()}`, jsonEvent({ type: 'LooksLikeOurs', data: {} }));
      await raw.appendToStream(`$$${userStream}`, jsonEvent({ type: '$metadata', data: { $maxCount: 10 } }));
    }

    it('are neither read from $all nor delivered to subscribers', async () => {
      const s = `claim-${randomUUID()}`;
      const { seen, caughtUp } = subscribe();
      await eventually(() => expect(caughtUp()).toBe(1));

      await store.append(s, [event('First')]);
      await appendSystemEvents(s);
      await store.append(s, [event('Last')]);

      expect(server.events.filter((e) => e.type.startsWith('$') || e.stream.startsWith('$')).length).toBeGreaterThanOrEqual(5);
      const read = await store.readAll();
      expect(read.map((e) => e.type)).toEqual(['First', 'Last']);
      expect((await store.readAll({ direction: 'backwards' })).map((e) => e.type)).toEqual(['Last', 'First']);
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['First', 'Last']));
    });

    it('do not count against maxCount when reading $all', async () => {
      const s = `claim-${randomUUID()}`;
      await store.append(s, [event('First')]);
      for (let i = 0; i < 120; i++) await raw.appendToStream(s, jsonEvent({ type: '$noise', data: { i } }));
      await store.append(s, [event('Last')]);

      const tail = await store.readAll({ direction: 'backwards', maxCount: 2 });
      expect(tail.map((e) => e.type)).toEqual(['Last', 'First']);
      const head = await store.readAll({ maxCount: 2 });
      expect(head.map((e) => e.type)).toEqual(['First', 'Last']);
      const fromFirst = await store.readAll({ fromPosition: head[0].position, maxCount: 2 });
      expect(fromFirst.map((e) => e.type)).toEqual(['First', 'Last']);
    });
  });

  describe('idempotent re-append on a server that answers it without a position', () => {
    it('still returns the original result, reading the position back', async () => {
      const oldServer = new EsdbTestServer({ idempotentAppendsWithoutPosition: true });
      const oldStore = EventStoreDbEventStore.fromConnectionString((await oldServer.start()).connectionString);
      try {
        const s = `claim-${randomUUID()}`;
        await oldStore.append(s, [event('Other')]);
        const batch = [event('First'), event('Second')];
        const first = await oldStore.append(s, batch, 0);
        await oldStore.append(s, [event('Later')]);
        await expect(oldStore.append(s, batch, 0)).resolves.toEqual(first);
        expect(oldServer.events.filter((e) => e.stream === s)).toHaveLength(4);
      } finally {
        await oldStore.close();
        await oldServer.stop();
      }
    });
  });

  describe('health', () => {
    it('reports the position of the end of $all', async () => {
      const { position } = await store.append(`claim-${randomUUID()}`, [event('One')]);
      await expect(store.health()).resolves.toMatchObject({ reachable: true, adapter: 'eventstoredb', lastPosition: position });
    });

    it('reports an unreachable server instead of throwing', async () => {
      await server.stop();
      const health = await store.health();
      expect(health).toMatchObject({ reachable: false, adapter: 'eventstoredb' });
      expect(health.detail).toEqual(expect.any(String));
    });

    it('turns a connection failure on append into EventStoreUnavailable', async () => {
      await server.stop();
      await expect(store.append(`claim-${randomUUID()}`, [event('Lost')])).rejects.toBeInstanceOf(EventStoreUnavailable);
    });
  });
});

import { EventStoreDBClient } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { CheckpointNotInLog } from '../../src/event-store/event-store.errors';
import { NO_STREAM, NewEvent, RecordedEvent, Subscription } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer, EsdbTestServerOptions } from '../support/esdb-test-server';
import { eventually } from '../support/eventually';

// What a real server does that the embedded store never does: truncation and soft deletes that
// keep revisions, events sharing one commit position, system events at the tail, and the
// requires-leader header on the reads that decide.

describe('EventStoreDB adapter: the server as it is', () => {
  let server: EsdbTestServer;
  let store: EventStoreDbEventStore;
  let raw: EventStoreDBClient;
  const open: Subscription[] = [];
  let clock = Date.now();

  async function startWith(options: EsdbTestServerOptions = {}) {
    server = new EsdbTestServer({ now: () => clock, ...options });
    const { connectionString } = await server.start();
    store = EventStoreDbEventStore.fromConnectionString(connectionString);
    raw = EventStoreDBClient.connectionString(connectionString);
  }

  beforeEach(() => startWith());

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop()));
    await store.close();
    await raw.dispose();
    await server.stop();
  });

  const event = (type = 'Happened', data: Record<string, number> = {}): NewEvent => ({ id: randomUUID(), type, data });
  const stream = () => `claim-${randomUUID()}`;
  async function revisions(s: string, options?: Parameters<EventStoreDbEventStore['readStream']>[1]) {
    const read = await store.readStream(s, options);
    if (!read.found) throw new Error(`${s} should be found`);
    return read.events.map((e) => e.revision);
  }

  function subscribe(options: { fromPosition?: number; handledAtPosition?: number } = {}) {
    const seen: RecordedEvent[] = [];
    const drops: Error[] = [];
    let failure: Error | undefined;
    const subscription = store.subscribeToAll({
      ...options,
      backoff: { initialMs: 1, maxMs: 5 },
      onEvent: async (e) => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push(e);
      },
      onDropped: (error) => drops.push(error),
      onFailed: (error) => (failure = error),
    });
    open.push(subscription);
    return { seen, drops, subscription, failure: () => failure };
  }

  describe('revisions as the server gives them', () => {
    it('$maxCount: the oldest events are hidden, the rest keep their revisions, appends go on', async () => {
      const s = stream();
      await store.append(s, [0, 1, 2, 3, 4].map((n) => event('Counted', { n })));
      await raw.setStreamMetadata(s, { maxCount: 2 });
      expect(await revisions(s)).toEqual([3, 4]);
      expect(await revisions(s, { direction: 'backwards' })).toEqual([4, 3]);
      expect(await revisions(s, { fromRevision: 0, maxCount: 1 })).toEqual([3]);
      await expect(store.append(s, [event()], 4)).resolves.toMatchObject({ nextExpectedRevision: 5 });
      expect(await revisions(s)).toEqual([4, 5]);
    });

    it('$tb: events before the revision are hidden', async () => {
      const s = stream();
      await store.append(s, [0, 1, 2, 3, 4].map((n) => event('Counted', { n })));
      await raw.setStreamMetadata(s, { truncateBefore: 3 });
      expect(await revisions(s)).toEqual([3, 4]);
      await expect(store.append(s, [event()], 4)).resolves.toMatchObject({ nextExpectedRevision: 5 });
    });

    it('$maxAge: events older than it are hidden', async () => {
      const s = stream();
      await store.append(s, [event('Old'), event('Old')]);
      clock += 120_000;
      await store.append(s, [event('New')]);
      await raw.setStreamMetadata(s, { maxAge: 60 });
      expect(await revisions(s)).toEqual([2]);
    });

    it('a stream whose every event is truncated reads as found with no events, and takes appends at its revision', async () => {
      const s = stream();
      await store.append(s, [event(), event(), event()]);
      await raw.setStreamMetadata(s, { truncateBefore: 3 });
      await expect(store.readStream(s)).resolves.toEqual({ found: true, stream: s, events: [] });
      await expect(store.readStream(s, { direction: 'backwards' })).resolves.toEqual({ found: true, stream: s, events: [] });
      await expect(store.append(s, [event()], 2)).resolves.toMatchObject({ nextExpectedRevision: 3 });
      expect(await revisions(s)).toEqual([3]);
    });

    it('soft-deleted: not found; written again, its revisions continue after the last one', async () => {
      const s = stream();
      await store.append(s, [event(), event(), event()]);
      await raw.deleteStream(s);
      await expect(store.readStream(s)).resolves.toEqual({ found: false, stream: s });

      const recreated = await store.append(s, [event('Again')], NO_STREAM);
      expect(recreated.nextExpectedRevision).toBe(3);
      expect(await revisions(s)).toEqual([3]);
      await expect(store.append(s, [event('More')], 3)).resolves.toMatchObject({ nextExpectedRevision: 4 });
      expect(await revisions(s)).toEqual([3, 4]);
    });
  });

  describe('reads that decide use the leader', () => {
    it('every stream read carries requires-leader: true', async () => {
      const s = stream();
      await store.append(s, [event(), event()]);
      const before = server.requestHeaders.length;
      await store.readStream(s);
      await store.readStream(s, { direction: 'backwards', maxCount: 1 });
      await store.readStream(stream());
      const reads = server.requestHeaders.slice(before).filter((h) => h.rpc === 'read');
      expect(reads).toHaveLength(3);
      expect(reads.every((h) => h.requiresLeader)).toBe(true);
    });
  });

  describe('checkpoints', () => {
    it('one inside an event record (a byte offset no event starts at) fails with CheckpointNotInLog', async () => {
      await store.append(stream(), [event('A'), event('B')]);
      const [, a] = await store.readAll({ direction: 'backwards', maxCount: 2 });
      const { failure, seen } = subscribe({ fromPosition: a.position + 1 });
      await eventually(() => expect(failure()).toBeInstanceOf(CheckpointNotInLog));
      expect(failure()).toMatchObject({ checkpoint: a.position + 1, reason: 'not-an-event' });
      expect(seen).toEqual([]);
    });

    it('is checked on every connection: a server restored from an older backup is refused on resubscription', async () => {
      const s = stream();
      await store.append(s, [event('A')]);
      const { seen, failure } = subscribe();
      await eventually(() => expect(seen).toHaveLength(1));
      // The checkpoint is now A's position; the server the client reconnects to has a shorter log.
      const newServer = new EsdbTestServer();
      const port = server.port;
      await server.stop();
      server = newServer;
      await newServer.start(port);
      await eventually(() => expect(failure()).toBeInstanceOf(CheckpointNotInLog));
      expect(failure()).toMatchObject({ reason: 'beyond-end', checkpoint: seen[0].position });
    });
  });

  describe('health', () => {
    it('reports the position of the last USER event, whatever system events follow it', async () => {
      const { position } = await store.append(stream(), [event()]);
      for (let i = 0; i < 3; i++) server.writeSystemEvent();
      server.writeSystemEvent('$epoch');
      expect(server.events[server.events.length - 1].position).toBeGreaterThan(position);
      await expect(store.health()).resolves.toMatchObject({ reachable: true, lastPosition: position, serverVersion: '24.10.14' });
    });

    it('reports 0 on a log that holds system events only', async () => {
      server.writeSystemEvent();
      await expect(store.health()).resolves.toMatchObject({ reachable: true, lastPosition: 0 });
    });

    it('stays bounded: beyond its scan it does not pretend to know', async () => {
      await store.append(stream(), [event()]);
      for (let i = 0; i < 600; i++) server.writeSystemEvent();
      const health = await store.health();
      expect(health).toMatchObject({ reachable: true, lastPosition: undefined });
      expect(health.detail).toContain('no user event among the last 500 events');
    });
  });

  describe('events sharing one commit position (an explicit transaction)', () => {
    async function transactionAmid() {
      const s = stream();
      await store.append(s, [event('Before')]);
      const written = server.writeTransaction(s, [
        { type: 'T1', data: {} },
        { type: 'T2', data: {} },
        { type: 'T3', data: {} },
      ]);
      await store.append(s, [event('After')]);
      return { s, commit: written[0].position };
    }

    it('are all read, in order, by readAll from their position, forwards and backwards, and across pages', async () => {
      const { commit } = await transactionAmid();
      const forwards = await store.readAll({ fromPosition: commit });
      expect(forwards.map((e) => e.type)).toEqual(['T1', 'T2', 'T3', 'After']);
      expect(forwards.slice(0, 3).every((e) => e.position === commit)).toBe(true);
      expect((await store.readAll({ fromPosition: commit, direction: 'backwards' })).map((e) => e.type)).toEqual(['T3', 'T2', 'T1', 'Before']);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['Before', 'T1', 'T2', 'T3', 'After']);
      expect((await store.readAll({ direction: 'backwards' })).map((e) => e.type)).toEqual(['After', 'T3', 'T2', 'T1', 'Before']);
    });

    it('are read whole when a page boundary falls inside them, forwards and backwards', async () => {
      const s = stream();
      // $all: 2 start-up system events, 95 fillers, T0..T4 (one commit), 98 system events, Last.
      // A readAll page is 100 records: forwards the first ends at T2, backwards at T4.
      await store.append(s, Array.from({ length: 95 }, (_, n) => event('Filler', { n })));
      server.writeTransaction(s, Array.from({ length: 5 }, (_, n) => ({ type: `T${n}`, data: {} })));
      for (let i = 0; i < 98; i++) server.writeSystemEvent();
      await store.append(s, [event('Last')]);
      const fillers = Array.from({ length: 95 }, () => 'Filler');
      const group = ['T0', 'T1', 'T2', 'T3', 'T4'];

      expect((await store.readAll({ maxCount: 100 })).map((e) => e.type)).toEqual([...fillers, ...group]);
      expect((await store.readAll({ direction: 'backwards', maxCount: 100 })).map((e) => e.type)).toEqual([
        'Last',
        ...[...group].reverse(),
        ...fillers.slice(0, 94),
      ]);
      expect((await store.readAll()).map((e) => e.type)).toEqual([...fillers, ...group, 'Last']);
    });

    it('are all delivered, in order, to a subscription', async () => {
      await transactionAmid();
      const { seen, subscription } = subscribe();
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['Before', 'T1', 'T2', 'T3', 'After']));
      expect(subscription.checkpoint).toBe(seen[4].position);
    });

    it('a subscription dropped in the middle of them resumes at their position and delivers exactly the rest', async () => {
      const { commit } = await transactionAmid();
      server.dropSubscriptionsAfter(3); // Before, T1, T2 sent; dropped before T3
      const { seen, drops, subscription } = subscribe();
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['Before', 'T1', 'T2', 'T3', 'After']));
      expect(drops).toHaveLength(1);
      // Resumed AT the shared position (inclusive), skipping the two handled there.
      expect(server.subscriptionStarts).toEqual(['start', commit]);
      expect(subscription.checkpoint).toBe(seen[4].position);
    });

    it('a subscriber that handled some of them resumes inside the group (handledAtPosition)', async () => {
      const { commit } = await transactionAmid();
      const first = subscribe();
      await eventually(() => expect(first.seen.map((e) => e.type)).toEqual(['Before', 'T1', 'T2', 'T3', 'After']));
      await first.subscription.stop();

      const resumed = subscribe({ fromPosition: commit, handledAtPosition: 1 });
      await eventually(() => expect(resumed.seen.map((e) => e.type)).toEqual(['T2', 'T3', 'After']));
      const afterAll = subscribe({ fromPosition: commit });
      await eventually(() => expect(afterAll.seen.map((e) => e.type)).toEqual(['After']));
      expect(resumed.subscription.handledAtCheckpoint).toBe(1);
    });

    it('handledAtCheckpoint counts them while the checkpoint is their position', async () => {
      const s = stream();
      const written = server.writeTransaction(s, [
        { type: 'T1', data: {} },
        { type: 'T2', data: {} },
      ]);
      const { seen, subscription } = subscribe();
      await eventually(() => expect(seen).toHaveLength(2));
      expect(subscription.checkpoint).toBe(written[0].position);
      expect(subscription.handledAtCheckpoint).toBe(2);
    });
  });
});

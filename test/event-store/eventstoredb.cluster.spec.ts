import { EventStoreDBClient, FORWARDS, START, jsonEvent } from '@eventstore/db-client';
import { randomUUID } from 'node:crypto';
import { EventStoreUnavailable } from '../../src/event-store/event-store.errors';
import { NewEvent } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestCluster } from '../support/esdb-test-server';
import { eventually } from '../support/eventually';

// A three-node cluster sharing one log: leaders change, nodes die and lag. The adapter writes to
// and decides from the leader only, follows NotLeader once, and recovers from a failed discovery.

/** Discovery settings that fail fast (the default is 10 attempts 100 ms apart). */
const FAST_DISCOVERY = 'maxDiscoverAttempts=3&discoveryInterval=20&gossipTimeout=1';

describe('EventStoreDB adapter in a cluster', () => {
  let cluster: EsdbTestCluster;
  const closers: (() => Promise<void>)[] = [];

  beforeEach(async () => {
    cluster = await EsdbTestCluster.start(3);
  });

  afterEach(async () => {
    for (const close of closers.splice(0).reverse()) await close();
    await cluster.stop();
  });

  function adapter(connectionString: string): EventStoreDbEventStore {
    const store = EventStoreDbEventStore.fromConnectionString(connectionString);
    closers.push(() => store.close());
    return store;
  }
  function rawClient(connectionString: string): EventStoreDBClient {
    const client = EventStoreDBClient.connectionString(connectionString);
    closers.push(() => client.dispose());
    return client;
  }
  const nodeString = (node: number, extra = '') => `esdb://127.0.0.1:${cluster.nodes[node].port}?tls=false${extra ? `&${extra}` : ''}`;
  const event = (type = 'Happened'): NewEvent => ({ id: randomUUID(), type, data: {} });
  const stream = () => `claim-${randomUUID()}`;
  const copiesOf = (s: string) => cluster.nodes[0].events.filter((e) => e.stream === s).length;

  describe('NotLeader', () => {
    it('an append reaching a follower is refused there, and made once on the leader the client reconnects to', async () => {
      const store = adapter(nodeString(1));
      const s = stream();
      await expect(store.append(s, [event()])).resolves.toMatchObject({ nextExpectedRevision: 0 });
      expect(copiesOf(s)).toBe(1);
      expect(cluster.nodes[1].requestHeaders.filter((h) => h.rpc === 'append')).toEqual([{ rpc: 'append', requiresLeader: true }]);
      expect(cluster.nodes[0].calls.append).toBe(1);
      // Now connected to the leader: no more detours.
      await store.append(s, [event()]);
      expect(cluster.nodes[1].calls.append).toBe(1);
      expect(cluster.nodes[0].calls.append).toBe(2);
    });

    it('a stream read reaching a follower is made on the leader', async () => {
      const store = adapter(nodeString(2));
      const s = stream();
      await rawClient(cluster.connectionString).appendToStream(s, jsonEvent({ type: 'Written', data: {} }));
      await expect(store.readStream(s)).resolves.toMatchObject({ found: true, events: [{ type: 'Written' }] });
      expect(cluster.nodes[2].requestHeaders.filter((h) => h.rpc === 'read')).toEqual([{ rpc: 'read', requiresLeader: true }]);
    });

    it('after an election, the next append follows the new leader', async () => {
      const store = adapter(cluster.connectionString);
      const s = stream();
      await store.append(s, [event()]);
      expect(cluster.nodes[0].calls.append).toBe(1);
      cluster.electLeader(1);
      await expect(store.append(s, [event()], 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(cluster.nodes[1].calls.append).toBe(1);
      expect(copiesOf(s)).toBe(2);
    });
  });

  describe('reads that decide use the leader', () => {
    it('a write made on a new leader is seen, though the node the adapter is connected to is a stale replica', async () => {
      const store = adapter(nodeString(0));
      const s = stream();
      await store.append(s, [event('Before')]);
      cluster.electLeader(1);
      cluster.freezeFollower(0); // the old leader, now a follower that stops seeing new events
      await rawClient(cluster.connectionString).appendToStream(s, jsonEvent({ type: 'OnTheNewLeader', data: {} }));

      // What node 0 would answer a read that does not insist on the leader: stale.
      const staleRead = rawClient(nodeString(0)).readStream(s, { fromRevision: START, direction: FORWARDS });
      const stale: string[] = [];
      for await (const resolved of staleRead) stale.push(resolved.event?.type ?? '');
      expect(stale).toEqual(['Before']);

      const read = await store.readStream(s);
      expect(read.found && read.events.map((e) => e.type)).toEqual(['Before', 'OnTheNewLeader']);
      // And the decision made on it holds on the leader.
      await expect(store.append(s, [event('Decided')], 1)).resolves.toMatchObject({ nextExpectedRevision: 2 });
    });
  });

  describe('subscriptions', () => {
    it('a checkpoint is checked against the leader: a lagging replica does not make a recent one "beyond the end"', async () => {
      const writer = adapter(cluster.connectionString);
      const s = stream();
      await writer.append(s, [event('E1')]);
      cluster.freezeFollower(2);
      const { position: checkpoint } = await writer.append(s, [event('E2')]);

      const reader = adapter(nodeString(2));
      const seen: string[] = [];
      let failure: Error | undefined;
      const subscription = reader.subscribeToAll({
        fromPosition: checkpoint,
        onEvent: (e) => void seen.push(e.type),
        onFailed: (error) => (failure = error),
        backoff: { initialMs: 1, maxMs: 5 },
      });
      closers.push(() => subscription.stop());
      await writer.append(s, [event('E3')]);
      await eventually(() => expect(seen).toEqual(['E3']));
      expect(failure).toBeUndefined();
    });
  });

  describe('discovery', () => {
    async function onlyAPreLeader() {
      await cluster.kill(1);
      await cluster.kill(2);
      cluster.setState(0, 'PreLeader');
    }

    it.each([
      ['gossip seeds', () => `${cluster.connectionString}&${FAST_DISCOVERY}`],
      ['DNS-style discovery', () => `${cluster.discoverConnectionString}&${FAST_DISCOVERY}`],
    ])('after a failed discovery (%s), appends work again once a leader appears, without a restart', async (_label, connectionString) => {
      await onlyAPreLeader();
      const store = adapter(connectionString());
      const s = stream();

      const refused = await store.append(s, [event()]).catch((error: Error) => error);
      expect(refused).toBeInstanceOf(EventStoreUnavailable);
      expect((refused as Error).message).toContain('Failed to discover');
      await expect(store.readStream(s)).rejects.toBeInstanceOf(EventStoreUnavailable);
      const health = await store.health();
      expect(health).toMatchObject({ reachable: false });
      expect(health.detail).toContain('Failed to discover');

      cluster.electLeader(0);
      await expect(store.append(s, [event()])).resolves.toMatchObject({ nextExpectedRevision: 0 });
      await expect(store.readStream(s)).resolves.toMatchObject({ found: true });
      await expect(store.health()).resolves.toMatchObject({ reachable: true, serverVersion: '24.10.14' });
      expect(copiesOf(s)).toBe(1);
    });

    it('control: the raw 6.2.1 client stays stuck on "Failed to discover" for appends, though reads recover', async () => {
      await onlyAPreLeader();
      const raw = rawClient(`${cluster.connectionString}&${FAST_DISCOVERY}`);
      const s = stream();
      await expect(raw.appendToStream(s, jsonEvent({ type: 'Lost', data: {} }))).rejects.toThrow('Failed to discover');

      cluster.electLeader(0);
      // Its memoized ServerFeatures promise stays rejected: every append asks it first.
      await expect(raw.appendToStream(s, jsonEvent({ type: 'StillLost', data: {} }))).rejects.toThrow('Failed to discover');
      const read = raw.readStream(s);
      await expect((async () => {
        for await (const _ of read) void _;
      })()).rejects.toThrow(/not found/);
    });

    it('health reports unreachable while no leader exists (followers only)', async () => {
      const store = adapter(`${cluster.connectionString}&${FAST_DISCOVERY}`);
      await expect(store.health()).resolves.toMatchObject({ reachable: true });
      await cluster.kill(0);
      cluster.setState(1, 'Follower');
      cluster.setState(2, 'Follower');
      // The first call finds the dead node; the next ones reach a follower, which has no leader.
      for (let i = 0; i < 3; i++) await expect(store.health()).resolves.toMatchObject({ reachable: false });
      cluster.electLeader(2);
      await expect(store.health()).resolves.toMatchObject({ reachable: true });
    });
  });
});

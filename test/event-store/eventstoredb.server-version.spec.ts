import { Test } from '@nestjs/testing';
import { status } from '@grpc/grpc-js';
import { createServer, Server, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../src/config/app-config';
import { ConfigModule } from '../../src/config/config.module';
import { EventStoreUnavailable, UnsupportedServer } from '../../src/event-store/event-store.errors';
import { EventStoreModule, verifyEventStoreAtBoot } from '../../src/event-store/event-store.module';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer } from '../support/esdb-test-server';
import { eventually } from '../support/eventually';

// The server floor is 23.10: caught-up on subscriptions arrives from 23.10, positions on stream
// reads from 22.6. The adapter asks ServerFeatures (UNIMPLEMENTED: older than 21.10) once per
// connection, before the first operation, and refuses older servers with UnsupportedServer.

describe('EventStoreDB adapter: the server floor', () => {
  const started: { server: EsdbTestServer; store: EventStoreDbEventStore }[] = [];

  async function serverOf(version: string) {
    const server = new EsdbTestServer({ version });
    const { connectionString } = await server.start();
    const store = EventStoreDbEventStore.fromConnectionString(connectionString);
    started.push({ server, store });
    return { server, store, connectionString };
  }

  afterEach(async () => {
    for (const { server, store } of started.splice(0)) {
      await store.close();
      await server.stop();
    }
  });

  const event = () => ({ id: randomUUID(), type: 'Happened', data: {} });

  it.each(['22.10.3', '22.6.4', '21.10.9'])('refuses %s: every operation fails with UnsupportedServer naming the version and the floor', async (version) => {
    const { store, server } = await serverOf(version);
    const s = `claim-${randomUUID()}`;
    const refusals = await Promise.allSettled([
      store.verify(),
      store.append(s, [event()]),
      store.readStream(s),
      store.readAll(),
    ]);
    for (const refusal of refusals) {
      expect(refusal.status).toBe('rejected');
      const error = (refusal as PromiseRejectedResult).reason as Error;
      expect(error).toBeInstanceOf(UnsupportedServer);
      expect(error.message).toContain(version);
      expect(error.message).toContain('23.10');
      expect((error as UnsupportedServer).retrySafe).toBe(false);
    }
    expect(server.events.filter((e) => e.stream === s)).toHaveLength(0);

    // A subscription says why it cannot follow the log, and keeps trying: the server may be upgraded in place.
    let failed: Error | undefined;
    let dropped: Error | undefined;
    const subscription = store.subscribeToAll({
      onEvent: () => undefined,
      onFailed: (e) => (failed = e),
      onDropped: (e) => (dropped = e),
      backoff: { initialMs: 1, maxMs: 5 },
    });
    await eventually(() => expect(dropped).toBeInstanceOf(UnsupportedServer));
    expect(failed).toBeUndefined();
    await subscription.stop();

    const health = await store.health();
    expect(health).toMatchObject({ reachable: true, adapter: 'eventstoredb', serverVersion: version });
    expect(health.unusable).toContain(version);
    expect(health.unusable).toContain('23.10');
  });

  it('refuses a server without ServerFeatures (before 21.10), saying so', async () => {
    const { store } = await serverOf('20.6.1');
    const error = await store.verify().catch((e: Error) => e);
    expect(error).toBeInstanceOf(UnsupportedServer);
    expect((error as Error).message).toContain('older than 21.10');
    await expect(store.health()).resolves.toMatchObject({ reachable: true, serverVersion: 'older than 21.10' });
  });

  it.each(['23.10.0', '24.10.14', '25.0.1'])('accepts %s', async (version) => {
    const { store } = await serverOf(version);
    await expect(store.verify()).resolves.toBeUndefined();
    const s = `claim-${randomUUID()}`;
    await expect(store.append(s, [event()])).resolves.toMatchObject({ nextExpectedRevision: 0 });
    await expect(store.readStream(s)).resolves.toMatchObject({ found: true });
    await expect(store.health()).resolves.toMatchObject({ reachable: true, serverVersion: version });
    expect((await store.health()).unusable).toBeUndefined();
  });

  it('asks once per connection, before the first operation, and again after the connection failed', async () => {
    const { store, server } = await serverOf('24.10.14');
    const s = `claim-${randomUUID()}`;
    await store.append(s, [event()]);
    await store.readStream(s);
    await store.readAll();
    await store.append(s, [event()]);
    expect(server.calls.serverFeatures).toBe(1);
    expect(server.requestHeaders[0].rpc).toBe('serverFeatures');

    server.injectFault({ rpc: 'read', code: status.UNAVAILABLE, stream: s });
    await expect(store.readStream(s)).rejects.toBeInstanceOf(EventStoreUnavailable);
    await store.readStream(s);
    expect(server.calls.serverFeatures).toBe(2);
  });

  it('a failed question is not an answer: unreachable, then asked again once the server answers', async () => {
    const { store, server } = await serverOf('24.10.14');
    server.injectFault({ rpc: 'serverFeatures', code: status.UNAVAILABLE, details: 'Server Is Not Ready', times: 2 });
    await expect(store.verify()).rejects.toBeInstanceOf(EventStoreUnavailable);
    await expect(store.health()).resolves.toMatchObject({ reachable: false });
    await expect(store.verify()).resolves.toBeUndefined();
    expect(server.calls.serverFeatures).toBe(3);
  });

  describe('at boot (EventStoreModule)', () => {
    async function boot(connectionString: string): Promise<{ store: EventStore; close: () => Promise<void> }> {
      const config = loadConfig({ EVENTSTORE_CONNECTION_STRING: connectionString });
      const module = await Test.createTestingModule({ imports: [ConfigModule.forRoot(config), EventStoreModule] }).compile();
      return { store: module.get<EventStore>(EVENT_STORE), close: () => module.close() };
    }

    it('fails below the floor, with the adapter\'s message', async () => {
      const { connectionString } = await serverOf('22.10.3');
      const error = await boot(connectionString).catch((e: Error) => e);
      expect(error).toBeInstanceOf(UnsupportedServer);
      expect((error as Error).message).toMatch(/22\.10\.3.*23\.10/);
    });

    it.each(['23.10.0', '24.10.14'])('goes on with %s', async (version) => {
      const { connectionString } = await serverOf(version);
      const app = await boot(connectionString);
      await expect(app.store.health()).resolves.toMatchObject({ reachable: true, serverVersion: version });
      await app.close();
    });

    it('goes on when the server cannot be reached, warning; health shows it', async () => {
      const server = new EsdbTestServer();
      const { connectionString } = await server.start();
      await server.stop();
      const warnings: string[] = [];
      const store = EventStoreDbEventStore.fromConnectionString(connectionString);
      await verifyEventStoreAtBoot(store, { warn: (message: string) => void warnings.push(message) });
      expect(warnings).toEqual([expect.stringContaining('EventStoreDB is not reachable yet')]);
      await expect(store.health()).resolves.toMatchObject({ reachable: false });
      await store.close();

      const app = await boot(connectionString);
      await expect(app.store.health()).resolves.toMatchObject({ reachable: false });
      await app.close();
    });

    it('waits a bounded time for a server that never answers', async () => {
      // Accepts TCP connections and never speaks HTTP/2.
      const sockets = new Set<Socket>();
      const silent: Server = createServer((socket) => void sockets.add(socket));
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
      const { port } = silent.address() as { port: number };
      const store = EventStoreDbEventStore.fromConnectionString(`esdb://127.0.0.1:${port}?tls=false`);
      const warnings: string[] = [];
      try {
        await verifyEventStoreAtBoot(store, { warn: (message: string) => void warnings.push(message) }, 50);
        expect(warnings).toEqual([expect.stringContaining('did not answer within 50 ms')]);
      } finally {
        await store.close();
        sockets.forEach((socket) => socket.destroy());
        await new Promise((resolve) => silent.close(resolve));
      }
    });
  });
});

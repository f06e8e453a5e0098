import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { status } from '@grpc/grpc-js';
import { randomUUID } from 'node:crypto';
import {
  AccessDenied,
  EventStoreUnavailable,
  InvalidAppend,
  StreamDeleted,
  WrongExpectedVersion,
} from '../../src/event-store/event-store.errors';
import { ANY, ExpectedRevision, NO_STREAM, NewEvent, RecordedEvent, STREAM_EXISTS, Subscription } from '../../src/event-store/event-store.port';
import { EventStoreDbEventStore } from '../../src/event-store/eventstoredb/eventstoredb.event-store';
import { EsdbTestServer, EsdbTestServerOptions } from '../support/esdb-test-server';
import { eventually } from '../support/eventually';

// Every failure a real server can answer with, and what the adapter makes of it: the port's error
// with a truthful `retrySafe`, or, for an append whose outcome is unclear, the truth read back.

/** The codes a real node fails calls with besides the domain errors (KurrentDB 24.10 RpcExceptions, shutdown, deadlines). */
const UNCLEAR: { code: status; details: string }[] = [
  { code: status.UNAVAILABLE, details: 'Server Is Not Ready' },
  { code: status.UNAVAILABLE, details: 'Server Is Too Busy' },
  { code: status.CANCELLED, details: 'Call cancelled: the node is shutting down' },
  { code: status.INTERNAL, details: 'Unexpected server failure' },
  { code: status.DEADLINE_EXCEEDED, details: 'Deadline Exceeded' },
  { code: status.ABORTED, details: 'Operation timed out: commit' },
  { code: status.UNKNOWN, details: 'Unexpected OperationResult: CommitTimeout' },
];

describe('EventStoreDB adapter: every failure mapped truthfully', () => {
  let server: EsdbTestServer;
  let store: EventStoreDbEventStore;
  let raw: EventStoreDBClient;
  const open: Subscription[] = [];

  async function startWith(options: EsdbTestServerOptions = {}) {
    server = new EsdbTestServer(options);
    const { connectionString } = await server.start();
    store = EventStoreDbEventStore.fromConnectionString(connectionString);
    raw = EventStoreDBClient.connectionString(connectionString);
  }

  afterEach(async () => {
    await Promise.all(open.splice(0).map((s) => s.stop()));
    await store.close();
    await raw.dispose();
    await server.stop();
  });

  /** The same fault on whichever append RPC the client uses (6.2.1 takes BatchAppend when advertised). */
  function faultAppends(fault: Omit<Parameters<EsdbTestServer['injectFault']>[0], 'rpc'>) {
    server.injectFault({ ...fault, rpc: 'append' });
    server.injectFault({ ...fault, rpc: 'batchAppend' });
  }

  const event = (type = 'Happened', data: Record<string, number | string> = {}): NewEvent => ({ id: randomUUID(), type, data });
  const stream = () => `claim-${randomUUID()}`;
  const storedIn = (s: string) => server.events.filter((e) => e.stream === s);

  async function failure(promise: Promise<unknown>): Promise<Error> {
    return promise.then(
      () => {
        throw new Error('expected a failure');
      },
      (error: Error) => error,
    );
  }

  describe('an append whose outcome is unclear is read back from the leader', () => {
    const expectations: [string, (s: string) => Promise<ExpectedRevision>][] = [
      ['an exact revision', async (s) => (await store.append(s, [event('First')])).nextExpectedRevision],
      ['NO_STREAM', async () => NO_STREAM],
      ['ANY', async (s) => (await store.append(s, [event('First')]), ANY)],
      ['STREAM_EXISTS', async (s) => (await store.append(s, [event('First')]), STREAM_EXISTS)],
    ];

    describe.each(UNCLEAR)('failed with $code "$details" after the write', ({ code, details }) => {
      it.each(expectations)('with %s: answers success, and a retry with the same ids writes nothing twice', async (_label, prepare) => {
        await startWith();
        const s = stream();
        const expected = await prepare(s);
        const before = storedIn(s).length;
        const batch = [event('Second'), event('Third')];
        faultAppends({ when: 'after-write', code, details, stream: s });

        const result = await store.append(s, batch, expected);
        const written = storedIn(s);
        expect(written).toHaveLength(before + 2);
        expect(result).toEqual({ nextExpectedRevision: written[written.length - 1].revision, position: written[written.length - 1].position });

        await expect(store.append(s, batch, expected)).resolves.toEqual(result);
        expect(storedIn(s)).toHaveLength(before + 2);
      });
    });

    it.each(UNCLEAR)('failed with $code "$details" before the write: EventStoreUnavailable, nothing written, a retry writes once', async ({ code, details }) => {
      await startWith();
      const s = stream();
      await store.append(s, [event('First')]);
      const batch = [event('Second')];
      faultAppends({ when: 'before', code, details, stream: s });

      const error = await failure(store.append(s, batch, 0));
      expect(error).toBeInstanceOf(EventStoreUnavailable);
      expect((error as EventStoreUnavailable).retrySafe).toBe(true);
      expect(error.message).toContain('nothing was written');
      expect(storedIn(s)).toHaveLength(1);

      await expect(store.append(s, batch, 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
      await expect(store.append(s, batch, 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(storedIn(s)).toHaveLength(2);
    });

    it('when the stream cannot be read back either: EventStoreUnavailable saying it may have been written; a retry is idempotent', async () => {
      await startWith();
      const s = stream();
      await store.append(s, [event('First')]);
      const batch = [event('Second')];
      faultAppends({ when: 'after-write', code: status.UNAVAILABLE, stream: s });
      server.injectFault({ rpc: 'read', code: status.UNAVAILABLE, details: 'Server Is Not Ready', stream: s, times: 2 });

      const error = await failure(store.append(s, batch, 0));
      expect(error).toBeInstanceOf(EventStoreUnavailable);
      expect(error.message).toContain('may have been written');
      expect(storedIn(s)).toHaveLength(2);

      await expect(store.append(s, batch, 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
      expect(storedIn(s)).toHaveLength(2);
    });
  });

  it('a write still held by the server when the client\'s deadline passes: read back, not there, EventStoreUnavailable; a retry writes once', async () => {
    await startWith();
    await store.close();
    store = EventStoreDbEventStore.fromConnectionString(`${server.connectionString}&defaultDeadline=300`);
    const s = stream();
    await store.append(s, [event('First')]);
    const batch = [event('Second')];
    const release = server.holdWrites();

    const error = await failure(store.append(s, batch, 0));
    expect(error).toBeInstanceOf(EventStoreUnavailable);
    expect(error.message).toContain('DEADLINE_EXCEEDED');
    expect(error.message).toContain('not in the stream');
    expect(server.heldWrites).toBe(1);
    release(); // the server drops the cancelled write, as its writer drops cancelled requests
    expect(storedIn(s)).toHaveLength(1);

    await expect(store.append(s, batch, 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
    await expect(store.append(s, batch, 0)).resolves.toMatchObject({ nextExpectedRevision: 1 });
    expect(storedIn(s)).toHaveLength(2);
  });

  describe('refusals', () => {
    it('WrongExpectedVersion names the actual revision, not retry-safe', async () => {
      await startWith();
      const s = stream();
      await store.append(s, [event(), event()]);
      const error = await failure(store.append(s, [event()], 0));
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(error).toMatchObject({ stream: s, expected: 0, actual: 1, retrySafe: false });
    });

    it('an append larger than the server takes is InvalidAppend, and nothing is written', async () => {
      await startWith({ maxAppendSize: 4096 });
      const s = stream();
      const error = await failure(store.append(s, [event('Huge', { text: 'x'.repeat(5000) })]));
      expect(error).toBeInstanceOf(InvalidAppend);
      expect((error as InvalidAppend).retrySafe).toBe(false);
      expect(storedIn(s)).toHaveLength(0);
      await expect(store.append(s, [event('Small', { text: 'x'.repeat(100) })])).resolves.toMatchObject({ nextExpectedRevision: 0 });
    });

    it('a tombstoned stream is StreamDeleted, for reads and for appends of every expectation', async () => {
      await startWith();
      const s = stream();
      await store.append(s, [event()]);
      await raw.tombstoneStream(s);

      for (const read of [store.readStream(s), store.readStream(s, { direction: 'backwards' })]) {
        const error = await failure(read);
        expect(error).toBeInstanceOf(StreamDeleted);
        expect(error).toMatchObject({ stream: s, retrySafe: false });
      }
      for (const expected of [ANY, NO_STREAM, STREAM_EXISTS, 0] as ExpectedRevision[]) {
        const error = await failure(store.append(s, [event()], expected));
        expect(error).toBeInstanceOf(StreamDeleted);
        expect(error).toMatchObject({ stream: s });
      }
    });

    it('a soft-deleted stream reads as not found; STREAM_EXISTS on it is a wrong expectation, not StreamDeleted', async () => {
      await startWith();
      const s = stream();
      await store.append(s, [event(), event()]);
      await raw.deleteStream(s);

      await expect(store.readStream(s)).resolves.toEqual({ found: false, stream: s });
      const error = await failure(store.append(s, [event()], STREAM_EXISTS));
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(error).toMatchObject({ stream: s, expected: STREAM_EXISTS, actual: 'no_stream' });
    });

    it('a refused right is AccessDenied, not retry-safe, for appends and reads; a subscription reports it and recovers once access is granted', async () => {
      const denied = stream();
      let subscriptionsDenied = true;
      await startWith({ deny: ({ stream: target, rpc }) => target === denied || (subscriptionsDenied && rpc === 'subscribe' && target === '$all') });
      const appendError = await failure(store.append(denied, [event()]));
      expect(appendError).toBeInstanceOf(AccessDenied);
      expect((appendError as AccessDenied).retrySafe).toBe(false);
      await expect(store.readStream(denied)).rejects.toBeInstanceOf(AccessDenied);

      // An operator may fix access rules while the service runs: the subscription keeps trying, saying why.
      let failed: Error | undefined;
      const drops: Error[] = [];
      const seen: string[] = [];
      const subscription = store.subscribeToAll({
        onEvent: (e) => void seen.push(e.stream),
        onFailed: (e) => (failed = e),
        onDropped: (e) => void drops.push(e),
        backoff: { initialMs: 1, maxMs: 5 },
      });
      open.push(subscription);
      await eventually(() => expect(drops.length).toBeGreaterThanOrEqual(2));
      expect(drops[0]).toBeInstanceOf(AccessDenied);
      // Other streams are untouched.
      const other = stream();
      await expect(store.append(other, [event()])).resolves.toMatchObject({ nextExpectedRevision: 0 });
      subscriptionsDenied = false;
      await eventually(() => expect(seen).toContain(other));
      expect(failed).toBeUndefined();
    });
  });

  describe('reads', () => {
    it.each(UNCLEAR)('failing with $code "$details" are EventStoreUnavailable (retry-safe), and the next read works', async ({ code, details }) => {
      await startWith();
      const s = stream();
      await store.append(s, [event()]);
      server.injectFault({ rpc: 'read', code, details, stream: s });
      const error = await failure(store.readStream(s));
      expect(error).toBeInstanceOf(EventStoreUnavailable);
      expect((error as EventStoreUnavailable).retrySafe).toBe(true);
      await expect(store.readStream(s)).resolves.toMatchObject({ found: true });

      server.injectFault({ rpc: 'read', code, details, stream: '$all' });
      await expect(store.readAll()).rejects.toBeInstanceOf(EventStoreUnavailable);
      await expect(store.readAll()).resolves.toHaveLength(1);
    });

    it.each(UNCLEAR)('failing with $code "$details" in the middle of the answer are EventStoreUnavailable too', async ({ code, details }) => {
      await startWith();
      const s = stream();
      await store.append(s, [event(), event(), event()]);
      server.injectFault({ rpc: 'read', when: 'mid-stream', afterMessages: 2, code, details, stream: s });
      await expect(store.readStream(s)).rejects.toBeInstanceOf(EventStoreUnavailable);
      await expect(store.readStream(s)).resolves.toMatchObject({ found: true, events: [{}, {}, {}] });
    });
  });

  describe('subscriptions', () => {
    it.each(UNCLEAR)('failed mid-stream with $code "$details" resume and deliver every event exactly once', async ({ code, details }) => {
      await startWith();
      const s = stream();
      await store.append(s, [event('One'), event('Two'), event('Three'), event('Four')]);
      server.injectFault({ rpc: 'subscribe', when: 'mid-stream', afterMessages: 2, code, details });
      server.injectFault({ rpc: 'subscribe', when: 'before', code, details });

      const seen: RecordedEvent[] = [];
      const drops: Error[] = [];
      const subscription = store.subscribeToAll({
        onEvent: (e) => void seen.push(e),
        onDropped: (error) => drops.push(error),
        backoff: { initialMs: 1, maxMs: 5 },
      });
      open.push(subscription);
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['One', 'Two', 'Three', 'Four']));
      await store.append(s, [event('Five')]);
      await eventually(() => expect(seen.map((e) => e.type)).toEqual(['One', 'Two', 'Three', 'Four', 'Five']));
      expect(drops.length).toBeGreaterThanOrEqual(1);
      for (const drop of drops) expect(drop).toBeInstanceOf(EventStoreUnavailable);
    });
  });

  it('the raw client under the same after-write fault leaves the outcome to the caller (why the read-back exists)', async () => {
    await startWith({ batchAppend: false });
    const s = stream();
    server.injectFault({ rpc: 'append', when: 'after-write', code: status.UNAVAILABLE, details: 'Server Is Not Ready', stream: s });
    await expect(raw.appendToStream(s, jsonEvent({ type: 'Raw', data: {} }))).rejects.toThrow();
    expect(storedIn(s)).toHaveLength(1);
  });
});

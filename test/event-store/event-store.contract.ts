import { randomUUID } from 'node:crypto';
import { CheckpointNotInLog, InvalidAppend, WrongExpectedVersion } from '../../src/event-store/event-store.errors';
import {
  ANY,
  EventStore,
  NO_STREAM,
  NewEvent,
  RecordedEvent,
  STREAM_EXISTS,
  Subscription,
} from '../../src/event-store/event-store.port';
import { eventually } from '../support/eventually';

export interface ContractSubject {
  store: EventStore;
  cleanup(): Promise<void>;
}

/**
 * The semantics every event-store adapter must share. Streams get unique names per test so the
 * suite can also run against a real, non-empty EventStoreDB.
 */
export function runEventStoreContract(name: string, makeStore: () => Promise<ContractSubject>): void {
  describe(`event store contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    const open: Subscription[] = [];

    beforeEach(async () => {
      subject = await makeStore();
      store = subject.store;
    });

    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.stop()));
      await subject.cleanup();
    });

    const stream = (prefix = 'claim') => `${prefix}-${randomUUID()}`;
    const event = (type = 'ClaimSubmitted', data: Record<string, string | number> = {}): NewEvent => ({
      id: randomUUID(),
      type,
      data: { ...data },
      metadata: { actorId: 'alice', correlationId: randomUUID() },
    });

    async function expectWrongExpectedVersion(promise: Promise<unknown>, expected: unknown, actual: unknown, streamName: string) {
      const error = await promise.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(WrongExpectedVersion);
      expect(error).toMatchObject({ stream: streamName, expected, actual });
    }

    describe('append and read a stream', () => {
      it('stores events with id, type, data, metadata, revision, position and recorded time', async () => {
        const s = stream();
        const first = event('ClaimSubmitted', { statement: 'Twelve people were detained' });
        const second = event('CitationAdded', { url: 'https://example.org/a' });
        const before = Date.now();
        const result = await store.append(s, [first, second], NO_STREAM);

        expect(result.nextExpectedRevision).toBe(1);
        const read = await store.readStream(s);
        if (!read.found) throw new Error('stream should exist');
        expect(read.events.map((e) => [e.id, e.type, e.revision, e.stream])).toEqual([
          [first.id, 'ClaimSubmitted', 0, s],
          [second.id, 'CitationAdded', 1, s],
        ]);
        expect(read.events[0].data).toEqual({ statement: 'Twelve people were detained' });
        expect(read.events[0].metadata).toEqual(first.metadata);
        expect(read.events[1].position).toBeGreaterThan(read.events[0].position);
        expect(read.events[1].position).toBe(result.position);
        expect(read.events[0].recordedAt).toBeInstanceOf(Date);
        expect(read.events[0].recordedAt.getTime()).toBeGreaterThanOrEqual(before - 5_000);
      });

      it('assigns an id when the writer gives none', async () => {
        const s = stream();
        await store.append(s, [{ type: 'ClaimSubmitted', data: { n: 1 } }]);
        const read = await store.readStream(s);
        if (!read.found) throw new Error('stream should exist');
        expect(read.events[0].id).toMatch(/^[0-9a-f-]{36}$/);
        expect(read.events[0].metadata).toEqual({});
      });

      it('reports a missing stream as a distinct outcome, not an empty list', async () => {
        const s = stream();
        await expect(store.readStream(s)).resolves.toEqual({ found: false, stream: s });
      });

      it('reads backwards, from a revision, and at most maxCount events', async () => {
        const s = stream();
        await store.append(s, [0, 1, 2, 3, 4].map((n) => event('Counted', { n })));
        const revisions = async (opts: Parameters<EventStore['readStream']>[1]) => {
          const read = await store.readStream(s, opts);
          if (!read.found) throw new Error('stream should exist');
          return read.events.map((e) => e.revision);
        };
        expect(await revisions({ direction: 'backwards' })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ fromRevision: 2 })).toEqual([2, 3, 4]);
        expect(await revisions({ fromRevision: 2, maxCount: 2 })).toEqual([2, 3]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3, maxCount: 2 })).toEqual([3, 2]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4]);
      });
    });

    describe('expected revision', () => {
      it('NO_STREAM succeeds on a new stream and fails once it exists, naming the actual revision', async () => {
        const s = stream();
        await store.append(s, [event()], NO_STREAM);
        await expectWrongExpectedVersion(store.append(s, [event()], NO_STREAM), NO_STREAM, 0, s);
      });

      it('STREAM_EXISTS fails on a missing stream and succeeds on an existing one', async () => {
        const s = stream();
        await expectWrongExpectedVersion(store.append(s, [event()], STREAM_EXISTS), STREAM_EXISTS, 'no_stream', s);
        await expect(store.readStream(s)).resolves.toMatchObject({ found: false });
        await store.append(s, [event()], ANY);
        await expect(store.append(s, [event()], STREAM_EXISTS)).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('an exact revision must be the stream\'s last revision', async () => {
        const s = stream();
        const { nextExpectedRevision } = await store.append(s, [event(), event()], NO_STREAM);
        expect(nextExpectedRevision).toBe(1);
        await expectWrongExpectedVersion(store.append(s, [event()], 0), 0, 1, s);
        await expectWrongExpectedVersion(store.append(s, [event()], 5), 5, 1, s);
        await expect(store.append(s, [event()], 1)).resolves.toMatchObject({ nextExpectedRevision: 2 });
      });

      it('an exact revision on a missing stream reports no_stream as the actual revision', async () => {
        const s = stream();
        await expectWrongExpectedVersion(store.append(s, [event()], 0), 0, 'no_stream', s);
      });

      it('ANY appends whatever the stream holds', async () => {
        const s = stream();
        await store.append(s, [event()], ANY);
        await expect(store.append(s, [event()], ANY)).resolves.toMatchObject({ nextExpectedRevision: 1 });
      });

      it('a refused append writes nothing', async () => {
        const s = stream();
        await store.append(s, [event()], NO_STREAM);
        await expect(store.append(s, [event(), event()], 7)).rejects.toBeInstanceOf(WrongExpectedVersion);
        const read = await store.readStream(s);
        expect(read.found && read.events.length).toBe(1);
      });

      it('of many writers racing at the same expected revision, exactly one wins', async () => {
        const s = stream();
        await store.append(s, [event()], NO_STREAM);
        const racers = Array.from({ length: 12 }, (_, i) => store.append(s, [event('VerdictRecorded', { racer: i })], 0));
        const outcomes = await Promise.allSettled(racers);
        const winners = outcomes.filter((o) => o.status === 'fulfilled');
        const losers = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers).toHaveLength(11);
        for (const loser of losers) expect(loser.reason).toBeInstanceOf(WrongExpectedVersion);
        const read = await store.readStream(s);
        expect(read.found && read.events.length).toBe(2);
      });

      it('racing NO_STREAM creators: exactly one creates the stream', async () => {
        const s = stream();
        const outcomes = await Promise.allSettled(Array.from({ length: 8 }, () => store.append(s, [event()], NO_STREAM)));
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      });
    });

    describe('append to several streams (appendStreams)', () => {
      it('writes every batch in order, one result per batch, each at its own expected revision', async () => {
        const [a, b, c] = [stream(), stream(), stream()];
        await store.append(b, [event('Before')], NO_STREAM);
        const results = await store.appendStreams([
          { stream: a, events: [event('A1'), event('A2')], expectedRevision: NO_STREAM },
          { stream: b, events: [event('B1')], expectedRevision: 0 },
          { stream: c, events: [event('C1')], expectedRevision: ANY },
        ]);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1, 0]);
        expect(results[0].position).toBeLessThan(results[1].position);
        expect(results[1].position).toBeLessThan(results[2].position);
        const ours = (await store.readAll()).filter((e) => [a, b, c].includes(e.stream)).map((e) => e.type);
        expect(ours).toEqual(['Before', 'A1', 'A2', 'B1', 'C1']);
      });

      it('a stale expected revision in one batch: on an atomic store nothing is written, on another the batches before it stand', async () => {
        const [a, b, c] = [stream(), stream(), stream()];
        await store.append(b, [event('Before')], NO_STREAM);
        const before = (await store.readAll()).length;
        const call = store.appendStreams([
          { stream: a, events: [event('A1'), event('A2')], expectedRevision: NO_STREAM },
          { stream: b, events: [event('B1')], expectedRevision: 5 },
          { stream: c, events: [event('C1')], expectedRevision: NO_STREAM },
        ]);
        await expectWrongExpectedVersion(call, 5, 0, b);
        const read = async (s: string) => {
          const r = await store.readStream(s);
          return r.found ? r.events.length : 0;
        };
        const written = (await store.readAll()).length - before;
        if (store.atomicAcrossStreams) {
          expect([await read(a), await read(b), await read(c)]).toEqual([0, 1, 0]);
          expect(written).toBe(0);
        } else {
          expect([await read(a), await read(b), await read(c)]).toEqual([2, 1, 0]);
        }
      });

      it('bad input in any batch is refused before anything is written', async () => {
        const [a, b] = [stream(), stream()];
        await expect(
          store.appendStreams([
            { stream: a, events: [event('A1')], expectedRevision: NO_STREAM },
            { stream: b, events: [], expectedRevision: NO_STREAM },
          ]),
        ).rejects.toBeInstanceOf(InvalidAppend);
        expect((await store.readStream(a)).found).toBe(false);
      });

      it('the events reach a subscription in the order written', async () => {
        const prefix = `multi-${randomUUID()}`;
        const seen: RecordedEvent[] = [];
        const subscription = store.subscribeToAll({ onEvent: (e) => void (e.stream.startsWith(prefix) && seen.push(e)) });
        open.push(subscription);
        await store.appendStreams([
          { stream: `${prefix}-1`, events: [event('X1'), event('X2')], expectedRevision: NO_STREAM },
          { stream: `${prefix}-2`, events: [event('Y1')], expectedRevision: NO_STREAM },
        ]);
        await eventually(() => expect(seen.map((e) => e.type)).toEqual(['X1', 'X2', 'Y1']));
      });

      it('a retry of the same batches writes nothing more', async () => {
        const [a, b] = [stream(), stream()];
        const batches = [
          { stream: a, events: [event('A1')], expectedRevision: NO_STREAM as typeof NO_STREAM },
          { stream: b, events: [event('B1'), event('B2')], expectedRevision: NO_STREAM as typeof NO_STREAM },
        ];
        const first = await store.appendStreams(batches);
        await expect(store.appendStreams(batches)).resolves.toEqual(first);
        const r = await store.readStream(b);
        expect(r.found && r.events.length).toBe(2);
      });
    });

    describe('idempotent re-append', () => {
      it('re-appending the same ids at the same expected revision returns the first result and writes nothing', async () => {
        const s = stream();
        await store.append(s, [event()], NO_STREAM);
        const batch = [event('VerdictRecorded'), event('VerdictRevised')];
        const first = await store.append(s, batch, 0);
        const retry = await store.append(s, batch, 0);
        expect(retry).toEqual(first);
        const read = await store.readStream(s);
        expect(read.found && read.events.map((e) => e.id)).toEqual([expect.any(String), batch[0].id, batch[1].id]);
      });

      it('a retried stream creation (NO_STREAM) is idempotent too', async () => {
        const s = stream();
        const batch = [event()];
        const first = await store.append(s, batch, NO_STREAM);
        await expect(store.append(s, batch, NO_STREAM)).resolves.toEqual(first);
      });

      it('a retry with ANY is idempotent when the ids are already in the stream', async () => {
        const s = stream();
        const batch = [event(), event()];
        const first = await store.append(s, batch, ANY);
        await store.append(s, [event()], ANY);
        await expect(store.append(s, batch, ANY)).resolves.toEqual(first);
        const read = await store.readStream(s);
        expect(read.found && read.events.length).toBe(3);
      });

      it('new ids at a stale expected revision are still refused', async () => {
        const s = stream();
        await store.append(s, [event()], NO_STREAM);
        await store.append(s, [event()], 0);
        await expect(store.append(s, [event()], 0)).rejects.toBeInstanceOf(WrongExpectedVersion);
      });
    });

    describe('bad input is refused before anything is written', () => {
      it.each([
        ['an empty batch', () => [] as NewEvent[]],
        ['an event without a type', () => [{ type: '', data: {} }]],
        ['a system event type', () => [{ type: '$metadata', data: {} }]],
        ['data that is not an object', () => [{ type: 'X', data: [1, 2] as unknown as NewEvent['data'] }]],
        ['an id that is not a uuid', () => [{ id: 'not-a-uuid', type: 'X', data: {} }]],
      ])('%s', async (_label, batch) => {
        const s = stream();
        await expect(store.append(s, batch())).rejects.toBeInstanceOf(InvalidAppend);
        await expect(store.readStream(s)).resolves.toMatchObject({ found: false });
      });

      it('a reserved or empty stream name', async () => {
        await expect(store.append('$all', [event()])).rejects.toBeInstanceOf(InvalidAppend);
        await expect(store.append('', [event()])).rejects.toBeInstanceOf(InvalidAppend);
      });
    });

    describe('read all', () => {
      it('returns events of every stream in global order, from an inclusive position, forwards and backwards', async () => {
        const a = stream('a');
        const b = stream('b');
        await store.append(a, [event('A1')]);
        await store.append(b, [event('B1')]);
        await store.append(a, [event('A2')]);
        const mine = (events: RecordedEvent[]) => events.filter((e) => e.stream === a || e.stream === b);

        const tail = await store.readAll({ direction: 'backwards', maxCount: 3 });
        expect(tail.map((e) => e.type)).toEqual(['A2', 'B1', 'A1']);
        const firstOfMine = tail[2].position;

        const forwards = mine(await store.readAll({ fromPosition: firstOfMine }));
        expect(forwards.map((e) => e.type)).toEqual(['A1', 'B1', 'A2']);
        for (let i = 1; i < forwards.length; i++) expect(forwards[i].position).toBeGreaterThan(forwards[i - 1].position);

        const two = await store.readAll({ fromPosition: firstOfMine, maxCount: 2 });
        expect(two.map((e) => e.type)).toEqual(['A1', 'B1']);

        const backwardsFrom = await store.readAll({ fromPosition: tail[1].position, direction: 'backwards', maxCount: 2 });
        expect(backwardsFrom.map((e) => e.type)).toEqual(['B1', 'A1']);
      });
    });

    describe('catch-up subscription to all', () => {
      function collect(fromPosition?: number, onCaughtUp?: () => void) {
        const seen: RecordedEvent[] = [];
        let active = 0;
        let overlapped = false;
        const subscription = store.subscribeToAll({
          fromPosition,
          onCaughtUp,
          onEvent: async (e) => {
            active += 1;
            if (active > 1) overlapped = true;
            await new Promise((r) => setImmediate(r));
            seen.push(e);
            active -= 1;
          },
        });
        open.push(subscription);
        return { seen, subscription, overlapped: () => overlapped };
      }

      it('replays history, then delivers live appends, in global order with no gap or duplicate under concurrent writers', async () => {
        const prefix = `sub-${randomUUID()}`;
        const history = [stream(prefix), stream(prefix)];
        await store.append(history[0], [event('H1'), event('H2')]);
        await store.append(history[1], [event('H3')]);

        let caughtUp = false;
        const { seen, overlapped } = collect(undefined, () => (caughtUp = true));
        const ours = () => seen.filter((e) => e.stream.startsWith(prefix));
        await eventually(() => expect(ours()).toHaveLength(3));
        await eventually(() => expect(caughtUp).toBe(true));

        const writers = Array.from({ length: 8 }, async (_, w) => {
          const s = `${prefix}-live-${w}`;
          for (let i = 0; i < 10; i++) await store.append(s, [event('Live', { w, i })]);
        });
        await Promise.all(writers);
        await eventually(() => expect(ours()).toHaveLength(83));

        const expected = (await store.readAll()).filter((e) => e.stream.startsWith(prefix));
        expect(ours().map((e) => e.id)).toEqual(expected.map((e) => e.id));
        const positions = seen.map((e) => e.position);
        expect(positions).toEqual([...positions].sort((x, y) => x - y));
        expect(new Set(positions).size).toBe(positions.length);
        expect(overlapped()).toBe(false);
      });

      it('resumes after its checkpoint: nothing before it, everything after it', async () => {
        const s = stream('resume');
        await store.append(s, [event('R1'), event('R2')]);
        const first = collect();
        await eventually(() => expect(first.seen.filter((e) => e.stream === s)).toHaveLength(2));
        await first.subscription.stop();
        const checkpoint = first.subscription.checkpoint;
        expect(checkpoint).toBe(first.seen[first.seen.length - 1].position);

        await store.append(s, [event('R3')]);
        const second = collect(checkpoint);
        await eventually(() => expect(second.seen.filter((e) => e.stream === s).map((e) => e.type)).toEqual(['R3']));
        expect(second.seen.every((e) => e.position > (checkpoint as number))).toBe(true);
      });

      describe('a checkpoint that is no event of this log fails the subscription through onFailed', () => {
        function subscribeFrom(fromPosition: number) {
          const handled: RecordedEvent[] = [];
          let failure: Error | undefined;
          const subscription = store.subscribeToAll({
            fromPosition,
            onEvent: (e) => void handled.push(e),
            onFailed: (error) => (failure = error),
            backoff: { initialMs: 1, maxMs: 5 },
          });
          open.push(subscription);
          return { handled, failure: () => failure };
        }

        it('beyond the end of the log (read models kept from another store)', async () => {
          await store.append(stream('beyond'), [event()]);
          const [last] = await store.readAll({ direction: 'backwards', maxCount: 1 });
          const checkpoint = last.position + 1_000_000_000;
          const subscription = subscribeFrom(checkpoint);
          await eventually(() => expect(subscription.failure()).toBeInstanceOf(CheckpointNotInLog));
          expect(subscription.failure()).toMatchObject({ checkpoint, reason: 'beyond-end', retrySafe: false });
          expect(subscription.handled).toEqual([]);
        });

        it('between the positions of two events', async () => {
          const s = stream('between');
          await store.append(s, [event('A'), event('B')]);
          const [b, a] = await store.readAll({ direction: 'backwards', maxCount: 2 });
          const checkpoint = (a.position + b.position) / 2;
          const subscription = subscribeFrom(checkpoint);
          await eventually(() => expect(subscription.failure()).toBeInstanceOf(CheckpointNotInLog));
          expect(subscription.failure()).toMatchObject({ checkpoint, reason: 'not-an-event', retrySafe: false });
          expect(subscription.handled).toEqual([]);
        });
      });

      it('stops delivering once stopped', async () => {
        const s = stream('stop');
        const { seen, subscription } = collect();
        await store.append(s, [event('Before')]);
        await eventually(() => expect(seen.some((e) => e.stream === s)).toBe(true));
        await subscription.stop();
        await store.append(s, [event('After')]);
        await new Promise((r) => setTimeout(r, 50));
        expect(seen.filter((e) => e.stream === s).map((e) => e.type)).toEqual(['Before']);
      });

      it('stop() called from inside the handler returns, and nothing more is delivered', async () => {
        const s = stream('stop-inside');
        await store.append(s, [event('First'), event('Second')]);
        const handled: string[] = [];
        let stopping: Promise<void> | undefined;
        const subscription: Subscription = store.subscribeToAll({
          onEvent: async (e) => {
            if (e.stream !== s) return;
            handled.push(e.type);
            stopping = subscription.stop();
            await stopping;
          },
        });
        open.push(subscription);
        await eventually(() => expect(stopping).toBeDefined());
        await stopping;
        await store.append(s, [event('Third')]);
        await new Promise((r) => setTimeout(r, 50));
        expect(handled).toEqual(['First']);
      });

      it('a failing handler stops the subscription and is reported, rather than skipping the event', async () => {
        const s = stream('fail');
        await store.append(s, [event('Poison'), event('Next')]);
        const handled: string[] = [];
        let failure: Error | undefined;
        const subscription = store.subscribeToAll({
          onEvent: (e) => {
            if (e.stream !== s) return;
            if (e.type === 'Poison') throw new Error('projection bug');
            handled.push(e.type);
          },
          onFailed: (error) => (failure = error),
        });
        open.push(subscription);
        await eventually(() => expect(failure?.message).toBe('projection bug'));
        expect(handled).toEqual([]);
      });
    });
  });
}

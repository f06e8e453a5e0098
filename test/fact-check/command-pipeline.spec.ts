import fc from 'fast-check';
import { join } from 'node:path';
import { AddCitationCommand, CommandRequest, SubmitClaimCommand } from '../../src/claims/application/claim-commands';
import { ClaimStateCache } from '../../src/claims/application/claim-state-cache';
import { claimStream } from '../../src/claims/application/claim-stream';
import { commandIds } from '../../src/claims/application/command-ids';
import { KeyedQueue } from '../../src/shared/keyed-queue';
import { initialClaimState } from '../../src/claims/domain/claim';
import { DEFAULT_CLAIM_LIMITS } from '../../src/claims/domain/commands';
import { DeskError } from '../../src/claims/domain/desk-error';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { EventStore, ReadStreamOptions } from '../../src/event-store/event-store.port';
import { SECRET, alice, pipelineOn, request } from '../support/command-pipeline';
import { makeTempDir } from '../support/temp-dir';

/** The event-store port, counting what the command path reads through it. */
function counting(store: EventStore) {
  const reads: { stream: string; options?: ReadStreamOptions; events: number }[] = [];
  const wrapper: EventStore = Object.create(store) as EventStore;
  wrapper.readStream = async (stream, options) => {
    const result = await store.readStream(stream, options);
    reads.push({ stream, options, events: result.found ? result.events.length : 0 });
    return result;
  };
  wrapper.append = (...args) => store.append(...args);
  return { store: wrapper, reads, eventsRead: () => reads.reduce((n, r) => n + r.events, 0), reset: () => reads.splice(0) };
}

const submission = () =>
  new SubmitClaimCommand(
    { statement: 'Two men died in the raids.', claimant: { name: 'Agency', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] },
    request(),
  );
const citation = (claimId: string, n: number, extra: Partial<CommandRequest> = {}) =>
  new AddCitationCommand({ claimId, url: `https://example.org/${n}`, title: `Source ${n}`, publisher: 'Wire', excerpt: `Excerpt ${n}.`, stance: 'REFUTES' }, request(extra));

describe('the command path reads only what it has not folded yet (state cache)', () => {
  const dir = makeTempDir();
  const sqlite = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
  let claimId = '';
  const MAX = DEFAULT_CLAIM_LIMITS.citations;

  beforeAll(async () => {
    // A claim with as many citations as the desk allows, written through a cache-less pipeline.
    const writer = pipelineOn(sqlite, 0);
    claimId = (await writer.run(submission())).createdId!;
    for (let n = 1; n <= MAX; n++) await writer.run(citation(claimId, n));
  });
  afterAll(async () => {
    await sqlite.close();
    dir.remove();
  });

  it(`without the cache, every command on a ${MAX}-citation claim reads its whole stream (${MAX + 1} events)`, async () => {
    const port = counting(sqlite);
    const pipeline = pipelineOn(port.store, 0);
    for (let i = 0; i < 3; i++) await expect(pipeline.run(citation(claimId, 1000 + i))).rejects.toMatchObject({ code: 'CLAIM_LIMIT_REACHED', details: { limit: 'citations', max: MAX } });
    expect(port.reads.map((r) => r.events)).toEqual([MAX + 1, MAX + 1, MAX + 1]);
  });

  it('with the cache, the first command reads the stream once; later ones read no event at all, only what others appended', async () => {
    const port = counting(sqlite);
    const pipeline = pipelineOn(port.store);
    const other = pipelineOn(sqlite, 0);
    const refused = () => expect(pipeline.run(citation(claimId, 2000))).rejects.toBeInstanceOf(DeskError);

    await refused();
    expect(port.eventsRead()).toBe(MAX + 1);
    port.reset();
    for (let i = 0; i < 5; i++) await refused();
    expect(port.reads).toHaveLength(5);
    expect(port.eventsRead()).toBe(0);
    expect(port.reads.every((r) => r.options?.fromRevision === MAX + 1)).toBe(true);

    // Another instance (here: another pipeline on the same store) retracts nothing but revises the claim: one event.
    const { ReviseClaimDetailsCommand } = await import('../../src/claims/application/claim-commands');
    await other.run(new ReviseClaimDetailsCommand({ claimId, topics: ['raids'], reason: 'Tagged' }, request()));
    port.reset();
    await refused();
    expect(port.eventsRead()).toBe(1);
  });

  it('a retry with the same mutationId is recognised from the cache, reading no event, and writes nothing', async () => {
    const dir2 = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir2.path, 'events.sqlite') });
    try {
      const port = counting(store);
      const pipeline = pipelineOn(port.store);
      const id = (await pipeline.run(submission())).createdId!;
      const first = await pipeline.run(citation(id, 1, { mutationId: 'cite-1' }));
      port.reset();
      const again = await pipeline.run(citation(id, 1, { mutationId: 'cite-1' }));
      expect(again).toEqual({ ...first, replayed: true });
      expect(port.eventsRead()).toBe(0);
      const read = await store.readStream(claimStream(id));
      expect(read.found && read.events.length).toBe(2);

      // The same mutationId for a different act is still refused.
      await expect(pipeline.run(citation(id, 2, { mutationId: 'cite-1' }))).rejects.toMatchObject({ code: 'MUTATION_ID_REUSED' });
    } finally {
      await store.close();
      dir2.remove();
    }
  });
});

describe('two instances writing one claim (two pipelines on one store)', () => {
  it('20 writers without expectedRevision, 10 on each instance, all succeed: the loser of a race decides again after a jittered pause', async () => {
    const dir = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    try {
      const port = counting(store);
      const [a, b] = [pipelineOn(port.store), pipelineOn(port.store)];
      const id = (await a.run(submission())).createdId!;
      const outcomes = await Promise.allSettled(Array.from({ length: 20 }, (_, n) => (n % 2 ? a : b).run(citation(id, n))));
      expect(outcomes.filter((o) => o.status === 'rejected')).toEqual([]);
      const read = await store.readStream(claimStream(id));
      expect(read.found && read.events.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, i) => i));
      // After the first read, each instance reads only the events the other appended (and never the whole stream again).
      expect(port.reads.filter((r) => r.options?.fromRevision === undefined).length).toBeLessThanOrEqual(2);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('ids derived from a mutationId', () => {
  it('are the same for the same secret, actor and mutationId, and differ with any of them', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), fc.string({ minLength: 1 }), (actorId, mutationId, otherMutation) => {
        const actor = { id: actorId, name: actorId, roles: [] };
        const ids = commandIds({ actor, mutationId }, SECRET);
        expect(commandIds({ actor, mutationId }, SECRET).created('claim')).toBe(ids.created('claim'));
        expect(commandIds({ actor, mutationId }, `${SECRET}-other`).created('claim')).not.toBe(ids.created('claim'));
        if (otherMutation !== mutationId) expect(commandIds({ actor, mutationId: otherMutation }, SECRET).created('claim')).not.toBe(ids.created('claim'));
        expect(ids.created('claim')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }),
    );
  });

  it('cannot be computed from the actor and the mutationId alone (the old, unkeyed derivation no longer matches)', async () => {
    const { deterministicUuid } = await import('../../src/shared/deterministic-id');
    const ids = commandIds({ actor: alice, mutationId: 'submit' }, SECRET);
    expect(ids.created('claim')).not.toBe(deterministicUuid('claim:alice:submit'));
    expect(ids.commandId).not.toBe(deterministicUuid('mutation:alice:submit'));
  });
});

describe('the state cache stays within its budget', () => {
  it('never holds more bytes than its budget, whatever is set, read or dropped', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.array(fc.tuple(fc.constantFrom('set', 'get', 'delete'), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 0, max: 5_000 })), { maxLength: 200 }),
        (budget, ops) => {
          const cache = new ClaimStateCache(budget);
          for (const [op, key, bytes] of ops) {
            const stream = `claim-${key}`;
            if (op === 'set') cache.set(stream, { state: initialClaimState(), lastHash: null, events: 0, commands: new Map(), bytes });
            else if (op === 'get') cache.get(stream);
            else cache.delete(stream);
            expect(cache.bytes).toBeLessThanOrEqual(budget);
            expect(cache.bytes).toBeGreaterThanOrEqual(0);
          }
        },
      ),
    );
  });

  it('evicts the least recently used first', () => {
    const cache = new ClaimStateCache(300);
    const entry = () => ({ state: initialClaimState(), lastHash: null, events: 0, commands: new Map(), bytes: 100 });
    cache.set('a', entry());
    cache.set('b', entry());
    cache.set('c', entry());
    cache.get('a');
    cache.set('d', entry());
    expect(['a', 'b', 'c', 'd'].filter((k) => cache.get(k))).toEqual(['a', 'c', 'd']);
  });
});

describe('the per-claim queue', () => {
  it('runs one task at a time per key, all of them, in order, and forgets a key once idle', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.boolean()), { minLength: 1, maxLength: 40 }), async (tasks) => {
        const queue = new KeyedQueue();
        const running = new Map<number, number>();
        const done: Record<number, number[]> = {};
        let maxConcurrentPerKey = 0;
        await Promise.allSettled(
          tasks.map(([key, fails], i) =>
            queue.run(String(key), async () => {
              running.set(key, (running.get(key) ?? 0) + 1);
              maxConcurrentPerKey = Math.max(maxConcurrentPerKey, running.get(key)!);
              await new Promise((r) => setImmediate(r));
              running.set(key, running.get(key)! - 1);
              (done[key] ??= []).push(i);
              if (fails) throw new Error('refused');
            }),
          ),
        );
        expect(maxConcurrentPerKey).toBe(1);
        for (const [key, list] of Object.entries(done)) expect(list).toEqual(tasks.map(([k], i) => (String(k) === key ? i : -1)).filter((i) => i >= 0));
        await new Promise((r) => setImmediate(r));
        expect(queue.size).toBe(0);
      }),
      { numRuns: 50 },
    );
  });
});

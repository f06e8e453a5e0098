import { join } from 'node:path';
import { MAX_ATTEMPTS } from '../../src/claims/application/claim-command-pipeline';
import { AddCitationCommand, CommandRequest, ReviseClaimDetailsCommand, SubmitClaimCommand } from '../../src/claims/application/claim-commands';
import { claimStream } from '../../src/claims/application/claim-stream';
import { DEFAULT_CLAIM_LIMITS } from '../../src/claims/domain/commands';
import { SqliteEventStore } from '../../src/event-store/embedded/sqlite.event-store';
import { AccessDenied, EventStoreUnavailable, InvalidAppend, StreamDeleted, UnsupportedServer } from '../../src/event-store/event-store.errors';
import { EventStore, NO_STREAM } from '../../src/event-store/event-store.port';
import { formatError } from '../../src/graphql/error-format';
import { GraphQLError } from 'graphql';
import { MemoryEventStore } from '../support/memory-event-store';
import { pipelineOn, request } from '../support/command-pipeline';
import { makeTempDir } from '../support/temp-dir';

const submission = (extra: Partial<CommandRequest> = {}) =>
  new SubmitClaimCommand(
    { statement: 'Two men died in the raids.', claimant: { name: 'Agency', kind: 'ORGANIZATION' }, claimDate: '2025-06-28', appearances: [], language: 'en', topics: [] },
    request(extra),
  );
const citation = (claimId: string, n: number, extra: Partial<CommandRequest> = {}) =>
  new AddCitationCommand({ claimId, url: `https://example.org/${n}`, title: `Source ${n}`, publisher: 'Wire', excerpt: `Excerpt ${n}.`, stance: 'REFUTES' }, request(extra));

async function storedRevisions(store: EventStore, claimId: string): Promise<number[]> {
  const read = await store.readStream(claimStream(claimId));
  return read.found ? read.events.map((e) => e.revision) : [];
}

describe.each([
  ['with the state cache', 64],
  ['without the state cache', 0],
])('a claim stream that starts above revision 0 (%s)', (_label, cacheMb) => {
  it('given a stream whose first event gets revision 40, when commands follow one another, then each appends at the last event\'s own revision', async () => {
    const store = new MemoryEventStore({ firstRevision: () => 40 });
    const pipeline = pipelineOn(store, cacheMb);

    const submitted = await pipeline.run(submission());
    const claimId = submitted.createdId!;
    const first = await pipeline.run(citation(claimId, 1));
    const second = await pipeline.run(citation(claimId, 2));

    expect([submitted.revision, first.revision, second.revision]).toEqual([40, 41, 42]);
    expect(store.appendCalls.map((c) => c.expectedRevision)).toEqual([NO_STREAM, 40, 41]);
    expect(await storedRevisions(store, claimId)).toEqual([40, 41, 42]);
  });

  it('given such a stream, when the client passes the revision it saw, then the command is accepted; a revision counted from 0 is a CONFLICT naming the real one', async () => {
    const store = new MemoryEventStore({ firstRevision: () => 40 });
    const pipeline = pipelineOn(store, cacheMb);
    const claimId = (await pipeline.run(submission())).createdId!;
    await pipeline.run(citation(claimId, 1));

    await expect(pipeline.run(citation(claimId, 2, { expectedRevision: 1 }))).rejects.toMatchObject({
      code: 'CONFLICT',
      details: { expectedRevision: 1, currentRevision: 41 },
    });
    await expect(pipeline.run(citation(claimId, 2, { expectedRevision: 41 }))).resolves.toMatchObject({ revision: 42, replayed: false });
  });

  it('given a stream recreated above the desk\'s event limit, when a command comes, then the limit counts the events the stream holds, not its revision', async () => {
    const store = new MemoryEventStore({ firstRevision: () => DEFAULT_CLAIM_LIMITS.events + 500 });
    const pipeline = pipelineOn(store, cacheMb);
    const claimId = (await pipeline.run(submission())).createdId!;

    await expect(pipeline.run(citation(claimId, 1))).resolves.toMatchObject({ revision: DEFAULT_CLAIM_LIMITS.events + 501 });
  });

  it('given a claim soft-deleted and submitted again, when commands follow, then its revisions continue after the deleted ones and the retry of an act is still recognised', async () => {
    const store = new MemoryEventStore();
    const pipeline = pipelineOn(store, cacheMb);
    const claimId = (await pipeline.run(submission({ mutationId: 'submit' }))).createdId!;
    await pipeline.run(citation(claimId, 1));
    await pipeline.run(citation(claimId, 2));
    store.softDelete(claimStream(claimId));

    // The same mutationId gives the same claim id; the old submission is no longer in the stream.
    const again = await pipeline.run(submission({ mutationId: 'submit' }));
    expect(again).toMatchObject({ createdId: claimId, revision: 3, replayed: false });
    const cited = await pipeline.run(citation(claimId, 3, { mutationId: 'cite-3' }));
    expect(cited.revision).toBe(4);
    await expect(pipeline.run(citation(claimId, 3, { mutationId: 'cite-3' }))).resolves.toEqual({ ...cited, replayed: true });
    expect(store.appendCalls.slice(-2).map((c) => c.expectedRevision)).toEqual([NO_STREAM, 3]);
    expect(await storedRevisions(store, claimId)).toEqual([3, 4]);
  });
});

describe('a claim stream whose start was truncated', () => {
  it('given the first events truncated away, when a command comes, then it is refused as HISTORY_INCOMPLETE naming where the stored history begins, and nothing is written', async () => {
    const store = new MemoryEventStore();
    const writer = pipelineOn(store, 0);
    const claimId = (await writer.run(submission())).createdId!;
    await writer.run(citation(claimId, 1));
    await writer.run(citation(claimId, 2));
    store.truncateBefore(claimStream(claimId), 2);
    const appends = store.appendCalls.length;

    const error = await pipelineOn(store).run(citation(claimId, 3)).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'HISTORY_INCOMPLETE', details: { claimId, firstRevision: 2 } });
    expect((error as Error).message).toMatch(/no longer holds claim .*'s events before revision 2/);
    expect(store.appendCalls.length).toBe(appends);
  });

  it('given every event truncated away (the stream exists but holds none), when a command comes, then it is refused as HISTORY_INCOMPLETE, not as a missing claim', async () => {
    const store = new MemoryEventStore();
    const writer = pipelineOn(store, 0);
    const claimId = (await writer.run(submission())).createdId!;
    store.truncateBefore(claimStream(claimId), 10);

    await expect(pipelineOn(store).run(citation(claimId, 1))).rejects.toMatchObject({ code: 'HISTORY_INCOMPLETE', details: { claimId, firstRevision: null } });
    expect(store.appendCalls.length).toBe(1);
  });
});

describe('the normal case on the embedded store', () => {
  it('given a claim on the embedded store, when the client passes the revisions it was given, then each command is accepted at the next revision', async () => {
    const dir = makeTempDir();
    const store = new SqliteEventStore({ file: join(dir.path, 'events.sqlite') });
    try {
      const pipeline = pipelineOn(store, 0);
      const submitted = await pipeline.run(submission());
      const claimId = submitted.createdId!;
      const first = await pipeline.run(citation(claimId, 1, { expectedRevision: submitted.revision }));
      const second = await pipeline.run(new ReviseClaimDetailsCommand({ claimId, topics: ['raids'], reason: 'Tagged' }, request({ expectedRevision: first.revision })));
      expect([submitted.revision, first.revision, second.revision]).toEqual([0, 1, 2]);
      expect(await storedRevisions(store, claimId)).toEqual([0, 1, 2]);
    } finally {
      await store.close();
      dir.remove();
    }
  });
});

describe('store failures are handled by whether a retry is safe', () => {
  async function claimOn(store: MemoryEventStore) {
    const claimId = (await pipelineOn(store, 0).run(submission())).createdId!;
    return { claimId, appendsBefore: store.appendCalls.length, eventsBefore: store.log.length };
  }

  it('given an append that fails twice as unavailable (nothing written), when a command runs, then it is tried again with the same event ids and succeeds once', async () => {
    const store = new MemoryEventStore();
    const { claimId, appendsBefore } = await claimOn(store);
    store.failNext('append', new EventStoreUnavailable('connection reset'), 2);

    const outcome = await pipelineOn(store).run(citation(claimId, 1));

    const tries = store.appendCalls.slice(appendsBefore);
    expect(tries).toHaveLength(3);
    expect(new Set(tries.map((t) => t.events.map((e) => e.id).join()))).toEqual(new Set([tries[0].events.map((e) => e.id).join()]));
    expect(outcome.revision).toBe(1);
    expect(await storedRevisions(store, claimId)).toEqual([0, 1]);
  });

  it('given a read that fails as unavailable, when a command runs, then the read is tried again and the command succeeds', async () => {
    const store = new MemoryEventStore();
    const { claimId } = await claimOn(store);
    store.failNext('readStream', new EventStoreUnavailable('timeout'), 1);

    await expect(pipelineOn(store, 0).run(citation(claimId, 1))).resolves.toMatchObject({ revision: 1 });
  });

  it(`given a store that stays unavailable, when a command runs, then it gives up after ${MAX_ATTEMPTS} attempts with EVENT_STORE_UNAVAILABLE and nothing is written`, async () => {
    const store = new MemoryEventStore();
    const { claimId, appendsBefore, eventsBefore } = await claimOn(store);
    store.failNext('append', new EventStoreUnavailable('down'), 1000);

    await expect(pipelineOn(store).run(citation(claimId, 1))).rejects.toMatchObject({ code: 'EVENT_STORE_UNAVAILABLE', details: { claimId, attempts: MAX_ATTEMPTS } });
    expect(store.appendCalls.length - appendsBefore).toBe(MAX_ATTEMPTS);
    expect(store.log.length).toBe(eventsBefore);
  });

  it.each([
    ['a tombstoned stream', 'CLAIM_DELETED', () => new StreamDeleted('claim-x'), /permanently deleted from the event store/],
    ['credentials the store refuses', 'EVENT_STORE_ACCESS_DENIED', () => new AccessDenied('Access denied'), /denied this service access/],
    ['a server below the supported floor', 'EVENT_STORE_UNSUPPORTED', () => new UnsupportedServer('EventStoreDB 21.10 is below the supported 22.10'), /below the supported 22\.10/],
    ['events the store will not take', 'EVENTS_REFUSED_BY_STORE', () => new InvalidAppend('Maximum append size of 1048576 bytes exceeded'), /Maximum append size/],
  ])('given an append refused for %s, when a command runs, then it is answered at once with %s and nothing is written', async (_what, code, error, message) => {
    const store = new MemoryEventStore();
    const { claimId, appendsBefore, eventsBefore } = await claimOn(store);
    store.failNext('append', error(), 1000);

    const refused = await pipelineOn(store).run(citation(claimId, 1)).catch((e: unknown) => e);
    expect(refused).toMatchObject({ code, details: { claimId } });
    expect((refused as Error).message).toMatch(message);
    expect((refused as Error).message).toMatch(/Nothing was written/);
    expect(store.appendCalls.length - appendsBefore).toBe(1);
    expect(store.log.length).toBe(eventsBefore);

    // What the GraphQL client reads: the code and the message, not INTERNAL_SERVER_ERROR.
    const formatted = formatError({ message: 'x' }, new GraphQLError('x', { originalError: refused as Error, path: ['addCitation'] }), () => undefined);
    expect(formatted).toMatchObject({ message: (refused as Error).message, extensions: { code, claimId } });
  });

  it('given a claim whose stream was tombstoned, when a command reads it, then CLAIM_DELETED is answered without any append', async () => {
    const store = new MemoryEventStore();
    const { claimId, appendsBefore } = await claimOn(store);
    store.tombstone(claimStream(claimId));

    await expect(pipelineOn(store).run(citation(claimId, 1))).rejects.toMatchObject({ code: 'CLAIM_DELETED', details: { claimId } });
    expect(store.appendCalls.length).toBe(appendsBefore);
  });
});

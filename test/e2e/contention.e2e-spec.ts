import { claimStream } from '../../src/claims/application/claim-stream';
import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Many writers on one claim at once. Without `expectedRevision` a command that still passes the
 * desk's rules is decided again on fresh state, so none is refused; with one, the writer is told the
 * claim moved on (CONFLICT), as before.
 */
describe('concurrent writers on one claim (e2e)', () => {
  let app: TestApp;
  let alice: DeskClient;
  const WRITERS = 20;

  beforeAll(async () => {
    app = await startTestApp();
    alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
  });
  afterAll(async () => app.close());

  it(`${WRITERS} concurrent addCitation without expectedRevision all succeed: ${WRITERS} citations, revisions 1..${WRITERS}`, async () => {
    const { claimId } = await alice.ok('submitClaim', claimInput());
    const writers = await Promise.all(
      Array.from({ length: WRITERS }, async (_, i) => new DeskClient(app, await app.token({ sub: `writer-${i}`, name: `Writer ${i}`, roles: ['reviewer'] }))),
    );
    const outcomes = await Promise.all(writers.map((writer, i) => writer.mutate('addCitation', citationInput(claimId, i))));

    expect(outcomes.filter((o) => o.error).map((o) => o.error)).toEqual([]);
    expect(outcomes.map((o) => o.result!.revision).sort((a, b) => a - b)).toEqual(Array.from({ length: WRITERS }, (_, i) => i + 1));
    const claim = await alice.claim(claimId);
    expect(claim!.citations).toHaveLength(WRITERS);
    expect(new Set(claim!.citations.map((c: { url: string }) => c.url)).size).toBe(WRITERS);
    const stream = await app.app.get<EventStore>(EVENT_STORE).readStream(claimStream(claimId));
    expect(stream.found && stream.events.length).toBe(WRITERS + 1);
  });

  it('concurrent writers on different claims do not wait on each other\'s claims, and each claim gets exactly its own', async () => {
    const ids = await Promise.all([0, 1, 2].map((n) => alice.ok('submitClaim', claimInput(`Claim number ${n} of the test.`)).then((r) => r.claimId)));
    const outcomes = await Promise.all(ids.flatMap((claimId) => Array.from({ length: 5 }, (_, i) => alice.mutate('addCitation', citationInput(claimId, i)))));
    expect(outcomes.filter((o) => o.error)).toEqual([]);
    for (const claimId of ids) expect((await alice.claim(claimId))!.citations).toHaveLength(5);
  });

  it('with expectedRevision, the writers who decided on an old revision are told CONFLICT and write nothing', async () => {
    const { claimId, revision } = await alice.ok('submitClaim', claimInput('Another claim, written by many at once.'));
    const outcomes = await Promise.all(Array.from({ length: 5 }, (_, i) => alice.mutate('addCitation', { ...citationInput(claimId, i), expectedRevision: revision })));
    expect(outcomes.filter((o) => o.result)).toHaveLength(1);
    const refused = outcomes.filter((o) => o.error).map((o) => o.error!);
    expect(refused).toHaveLength(4);
    for (const error of refused) expect(error).toMatchObject({ code: 'CONFLICT', extensions: { expectedRevision: 0, currentRevision: 1 } });
    expect((await alice.claim(claimId))!.citations).toHaveLength(1);
  });
});

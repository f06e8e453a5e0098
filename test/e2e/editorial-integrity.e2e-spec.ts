import { EVENT_STORE, EventStore } from '../../src/event-store/event-store.port';
import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { eventually } from '../support/eventually';
import { WsSubscriber } from '../support/ws-subscriber';
import { makeTempDir } from '../support/temp-dir';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 13 over real HTTP on the embedded store: the bait-and-switch refused, confirming, desk-only
 * citations after publication, refused self-reviews on record, and a methodology that a later
 * RATING_SCALE (after a restart on the same DATA_DIR) does not change.
 */
const INTEGRITY_FIELDS = `
  id status statement
  citations { id excerpt }
  verdicts { id stale staleReasons { field citationId } confirmedAt basis { claimRevision } }
  publication { rating ratingLabel citationIds methodology { scaleVersion scaleHash scale { key value label onScale } policy { minReviewers minSources requireIndependentEditor } policyHash } }
`;

async function claimOf(app: TestApp, id: string, token: string): Promise<Record<string, any> | null> {
  const response = await app.graphql<{ claim: Record<string, any> | null }>(`query($id: ID!) { claim(id: $id) { ${INTEGRITY_FIELDS} } }`, { id }, token);
  if (response.errors?.length) throw new Error(response.errors[0].message);
  return response.data?.claim ?? null;
}

async function desk(app: TestApp) {
  const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
  return {
    alice: await as('alice', 'Alice Contributor', ['contributor', 'reviewer']),
    rita: await as('rita', 'Rita Reviewer', ['reviewer']),
    rafael: await as('rafael', 'Rafael Reviewer', ['reviewer']),
    edgar: await as('edgar', 'Edgar Editor', ['editor']),
  };
}

/** Alice's claim with two citations, Rita and Rafael assigned, both verdicts FALSE on the first citation. */
async function rated(people: Awaited<ReturnType<typeof desk>>, statement?: string) {
  const { alice, rita, rafael, edgar } = people;
  const { claimId } = await alice.ok('submitClaim', claimInput(statement));
  const c1 = (await alice.ok('addCitation', citationInput(claimId, 1))).citationId as string;
  const c2 = (await alice.ok('addCitation', citationInput(claimId, 2, 'SUPPORTS'))).citationId as string;
  await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }] });
  const v1 = (await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Officials reported one death.', citationIds: [c1] })).verdictId as string;
  const v2 = (await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'Two outlets count one.', citationIds: [c1] })).verdictId as string;
  return { claimId, c1, c2, v1, v2 };
}

describe('editorial integrity over GraphQL (e2e)', () => {
  let app: TestApp;
  let people: Awaited<ReturnType<typeof desk>>;

  beforeAll(async () => {
    app = await startTestApp();
    people = await desk(app);
  });
  afterAll(async () => app.close());

  it('the bait-and-switch: statement and a cited excerpt revised after both verdicts; publishing refused (STALE_VERDICTS) until both reviewers confirm or revise', async () => {
    const { alice, rita, rafael, edgar } = people;
    const { claimId, c1, v1, v2 } = await rated(people);
    await alice.ok('reviseClaimDetails', { claimId, statement: 'Nobody died during the raids.', reason: 'Reworded' });
    await alice.ok('reviseCitation', { claimId, citationId: c1, excerpt: 'No deaths were reported.', reason: 'Fixed the quote' });

    const claim = await claimOf(app, claimId, edgar.token);
    expect(claim?.verdicts).toEqual([
      expect.objectContaining({ id: v1, stale: true, staleReasons: [{ field: 'statement', citationId: null }, { field: 'excerpt', citationId: c1 }] }),
      expect.objectContaining({ id: v2, stale: true }),
    ]);

    const refused = await edgar.mutate('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.' });
    expect(refused.error?.code).toBe('STALE_VERDICTS');
    expect(refused.error?.message).toContain(v1);
    expect(refused.error?.message).toContain('citation ' + c1 + ' excerpt');

    // Only the verdict's own reviewer may confirm it.
    expect((await rafael.mutate('confirmVerdict', { claimId, verdictId: v1 })).error?.code).toBe('NOT_AUTHOR');
    await rita.ok('confirmVerdict', { claimId, verdictId: v1 });
    expect((await edgar.mutate('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.' })).error?.code).toBe('STALE_VERDICTS');
    await rafael.ok('reviseVerdict', { claimId, verdictId: v2, rating: 'MOSTLY_FALSE', reason: 'Read the new statement' });

    const current = await claimOf(app, claimId, edgar.token);
    expect(current?.verdicts.map((v: { stale: boolean }) => v.stale)).toEqual([false, false]);
    expect(current?.verdicts[0].confirmedAt).toEqual(expect.any(String));
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.', justification: 'The reviewers split between false and mostly false.' });

    const history = await app.graphql<{ claimHistory: { edges: { node: { type: string; summary: string } }[] } }>(
      `query($id: ID!) { claimHistory(claimId: $id, first: 50) { edges { node { type summary } } } }`,
      { id: claimId },
      edgar.token,
    );
    const types = history.data?.claimHistory.edges.map((e) => e.node.type);
    expect(types).toEqual(expect.arrayContaining(['ClaimDetailsRevised', 'CitationRevised', 'VerdictConfirmed', 'VerdictRevised', 'FactCheckPublished']));
  });

  it('publishing needs PUBLISH_MIN_SOURCES standing citations (NOT_ENOUGH_SOURCES)', async () => {
    const { alice, edgar } = people;
    const { claimId, c2 } = await rated(people);
    await alice.ok('retractCitation', { claimId, citationId: c2, reason: 'Dead link' });
    expect((await edgar.mutate('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.' })).error?.code).toBe('NOT_ENOUGH_SOURCES');
  });

  it('a citation added after publication is desk-only (claim, search) until a correction includes it', async () => {
    const { alice, edgar } = people;
    const { claimId } = await rated(people, 'Forty-two reindeer were detained in Yekaterinburg.');
    const published = await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'None were.' });
    // A reader's live summary: its citation count must not reveal the desk-only citation either.
    const reader = new WsSubscriber(app.url);
    const live = reader.subscribe<{ claimUpdated: { revision: number; citationCount: number } }>('subscription($id: ID!) { claimUpdated(id: $id) { revision citationCount } }', { id: claimId });
    await eventually(() => expect(live.received.at(-1)?.claimUpdated.revision).toBe(published.revision));
    const late = (await alice.ok('addCitation', { ...citationInput(claimId, 9), excerpt: 'A zanzibarian ledger of the raid.' })).citationId as string;
    await eventually(() => expect(live.received.at(-1)?.claimUpdated.revision).toBeGreaterThan(published.revision as number));
    expect(live.received.at(-1)?.claimUpdated.citationCount).toBe(2);

    const search = async (token: string) =>
      (await app.graphql<{ claims: { totalCount: number } }>(`{ claims(filter: { search: "zanzibarian" }) { totalCount } }`, {}, token)).data?.claims.totalCount;
    expect((await claimOf(app, claimId, ''))?.citations.map((c: { id: string }) => c.id)).not.toContain(late);
    expect((await claimOf(app, claimId, edgar.token))?.citations.map((c: { id: string }) => c.id)).toContain(late);
    expect(await search('')).toBe(0);
    expect(await search(edgar.token)).toBe(1);
    const exported = await (await fetch(`${app.url}/claims/${claimId}/claim-review.jsonld`)).text();
    expect(exported).not.toContain('zanzibarian');

    await edgar.ok('correctFactCheck', { claimId, note: 'Added the ledger.', addedCitationIds: [late] });
    await eventually(() => expect(live.received.at(-1)?.claimUpdated.citationCount).toBe(3));
    await reader.close();
    expect((await claimOf(app, claimId, ''))?.citations.map((c: { id: string }) => c.id)).toContain(late);
    expect(await search('')).toBe(1);
  });

  it('a refused self-review answers as before and is recorded in desk-refusals, the claim stream untouched', async () => {
    const { alice, edgar } = people;
    const { claimId } = await alice.ok('submitClaim', claimInput('Alice rates her own claim.'));
    await alice.ok('addCitation', citationInput(claimId, 1));
    await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }] });
    const before = (await claimOf(app, claimId, edgar.token)) as Record<string, unknown>;
    const refused = await alice.mutate('recordVerdict', { claimId, rating: 'TRUE', rationale: 'Mine.', citationIds: ['x'] });
    expect(refused.error).toMatchObject({ code: 'CONFLICT_OF_INTEREST', message: 'You submitted this claim, so you cannot rate it' });
    const store = app.app.get<EventStore>(EVENT_STORE);
    const refusals = await store.readStream('desk-refusals');
    const mine = refusals.found ? refusals.events.filter((e) => e.data.claimId === claimId) : [];
    expect(mine.map((e) => [e.type, e.data.attempted, (e.data.actor as { id: string }).id])).toEqual([['SelfReviewRefused', 'RecordVerdict', 'alice']]);
    expect(mine[0].metadata).toMatchObject({ schemaVersion: 1, actorId: 'alice', commandType: 'RecordVerdict' });
    const claimStream = await store.readStream(`claim-${claimId}`);
    expect(claimStream.found && claimStream.events.map((e) => e.type)).toEqual(['ClaimSubmitted', 'CitationAdded', 'ReviewersAssigned', 'ClaimReviewStarted']);
    expect(await claimOf(app, claimId, edgar.token)).toEqual(before);
  });
});

describe('the methodology pinned at publication survives a new RATING_SCALE (e2e, restart on the same DATA_DIR)', () => {
  it('the claim and its ClaimReview read the same after the restart; a correction rates against the published scale', async () => {
    const dataDir = makeTempDir('factcheck-methodology-');
    try {
      const first = await startTestApp({ DATA_DIR: dataDir.path });
      const people = await desk(first);
      const { claimId } = await rated(people);
      await people.edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.' });
      const before = await claimOf(first, claimId, '');
      const exportedBefore = await (await fetch(`${first.url}/claims/${claimId}/claim-review.jsonld`)).json();
      await first.close();

      // The same key, another label and value, and a scale without MOSTLY_FALSE.
      const scale = [
        { key: 'TRUE', label: 'Correct', value: 3 },
        { key: 'FALSE', label: 'Wrong', value: 9 },
        { key: 'NOPE', label: 'Nope', value: 1 },
      ];
      const restarted = await startTestApp({ DATA_DIR: dataDir.path, RATING_SCALE: JSON.stringify(scale), RATING_SCALE_VERSION: 'desk-2026' });
      try {
        const after = await claimOf(restarted, claimId, '');
        expect(after).toEqual(before);
        expect(after?.publication).toMatchObject({ rating: 'FALSE', ratingLabel: 'False', methodology: { scaleVersion: 'default' } });
        const exportedAfter = (await (await fetch(`${restarted.url}/claims/${claimId}/claim-review.jsonld`)).json()) as Record<string, any>;
        expect(exportedAfter).toEqual(exportedBefore);
        expect(exportedAfter.reviewRating).toMatchObject({ ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' });

        const again = await desk(restarted);
        expect((await again.edgar.mutate('correctFactCheck', { claimId, note: 'n', newRating: 'NOPE' })).error?.code).toBe('UNKNOWN_RATING');
        await again.edgar.ok('correctFactCheck', { claimId, note: 'Milder.', newRating: 'MOSTLY_FALSE' });
        expect((await claimOf(restarted, claimId, ''))?.publication.ratingLabel).toBe('Mostly false');
      } finally {
        await restarted.close();
      }
    } finally {
      dataDir.remove();
    }
  });
});

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
    rosa: await as('rosa', 'Rosa Reviewer', ['reviewer']),
    rhea: await as('rhea', 'Rhea Reviewer-Editor', ['reviewer', 'editor']),
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
      // A deployment keeps its public address across restarts; a random port (PORT=0) would rename every url.
      const address = { PUBLIC_BASE_URL: 'https://desk.example' };
      const first = await startTestApp({ DATA_DIR: dataDir.path, ...address });
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
      const restarted = await startTestApp({ DATA_DIR: dataDir.path, ...address, RATING_SCALE: JSON.stringify(scale), RATING_SCALE_VERSION: 'desk-2026' });
      try {
        const after = await claimOf(restarted, claimId, '');
        expect(after).toEqual(before);
        expect(after?.publication).toMatchObject({ rating: 'FALSE', ratingLabel: 'False', methodology: { scaleVersion: 'default' } });
        const exportedAfter = (await (await fetch(`${restarted.url}/claims/${claimId}/claim-review.jsonld`)).json()) as Record<string, any>;
        expect(exportedAfter).toEqual(exportedBefore);
        expect(exportedAfter.reviewRating).toMatchObject({ ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'False' });

        const again = await desk(restarted);
        expect((await again.edgar.mutate('correctFactCheck', { claimId, note: 'n', newRating: 'NOPE' })).error?.code).toBe('UNKNOWN_RATING');
        await again.edgar.ok('correctFactCheck', { claimId, note: 'Milder.', newRating: 'MOSTLY_FALSE', justification: 'One death is confirmed after all.' });
        expect((await claimOf(restarted, claimId, ''))?.publication.ratingLabel).toBe('Mostly false');
      } finally {
        await restarted.close();
      }
    } finally {
      dataDir.remove();
    }
  });
});

/**
 * Issue 13 follow-up: what an outside attacker did over HTTP, each refused now (each of these passed,
 * or answered otherwise, on the code before the fix).
 */
describe('editorial integrity: the attacker\'s findings (e2e)', () => {
  let app: TestApp;
  let people: Awaited<ReturnType<typeof desk>>;

  beforeAll(async () => {
    app = await startTestApp();
    people = await desk(app);
  });
  afterAll(async () => app.close());

  const PUBLIC_FIELDS = `id citations { id url excerpt stance retraction { reason } } publication { citationIds }`;
  const publicClaim = async (id: string, token = '') => {
    const response = await app.graphql<{ claim: Record<string, any> | null }>(`query($id: ID!) { claim(id: $id) { ${PUBLIC_FIELDS} } }`, { id }, token);
    if (response.errors?.length) throw new Error(response.errors[0].message);
    return response.data?.claim ?? null;
  };
  const assign = (claimId: string, ...ids: string[]) =>
    people.edgar.ok('assignReviewers', { claimId, reviewers: ids.map((id) => ({ id, name: `${id[0].toUpperCase()}${id.slice(1)} Reviewer` })) });
  const verdict = async (client: DeskClient, claimId: string, rating: string, citationIds: string[]) =>
    (await client.ok('recordVerdict', { claimId, rating, rationale: `Rated ${rating}.`, citationIds })).verdictId as string;

  it('1. published evidence is frozen: an uncited public citation can be neither revised nor retracted; a desk-only one still can', async () => {
    const { alice, edgar } = people;
    const { claimId, c1, c2 } = await rated(people, 'Finding one: a published excerpt rewritten with no correction.');
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.' });
    const before = await publicClaim(claimId);
    expect(before?.publication.citationIds).toEqual([c1]);

    for (const changes of [{ excerpt: 'Rewritten after publication.' }, { stance: 'REFUTES' }, { url: 'https://example.org/elsewhere' }]) {
      const revised = await alice.mutate('reviseCitation', { claimId, citationId: c2, ...changes, reason: 'Typo' });
      expect(revised.error?.code).toBe('INVALID_TRANSITION');
      expect(revised.error?.message).toContain('publish a correction');
    }
    expect((await alice.mutate('retractCitation', { claimId, citationId: c2, reason: 'Gone' })).error?.code).toBe('INVALID_TRANSITION');
    expect((await edgar.mutate('retractCitation', { claimId, citationId: c1, reason: 'Gone' })).error?.code).toBe('INVALID_TRANSITION');
    expect(await publicClaim(claimId)).toEqual(before);

    const late = (await alice.ok('addCitation', citationInput(claimId, 7))).citationId as string;
    await alice.ok('reviseCitation', { claimId, citationId: late, excerpt: 'A better quote.', reason: 'Quoted more' });
    await edgar.ok('retractCitation', { claimId, citationId: late, reason: 'Not needed' });
  });

  it('2. a dissent made stale by a "typo" fix still needs a justification to publish against; the standards report counts the departure', async () => {
    const { alice, rita, rafael, rosa, edgar } = people;
    const { claimId } = await alice.ok('submitClaim', claimInput('Finding two: the dissent silenced by staling it.'));
    const a = (await alice.ok('addCitation', citationInput(claimId, 1, 'SUPPORTS'))).citationId as string;
    const d = (await alice.ok('addCitation', citationInput(claimId, 2))).citationId as string;
    await assign(claimId, 'rita', 'rafael', 'rosa');
    await verdict(rita, claimId, 'TRUE', [a]);
    await verdict(rafael, claimId, 'TRUE', [a]);
    const dissent = await verdict(rosa, claimId, 'FALSE', [d]);
    expect((await edgar.mutate('publishFactCheck', { claimId, rating: 'TRUE', summary: 'True.' })).error?.code).toBe('JUSTIFICATION_REQUIRED');

    await alice.ok('reviseCitation', { claimId, citationId: d, excerpt: 'Verbatim excerpt number 2, typo fixed.', reason: 'Typo' });
    const claim = await claimOf(app, claimId, edgar.token);
    expect(claim?.verdicts.find((v: { id: string }) => v.id === dissent)).toMatchObject({ stale: true });

    const refused = await edgar.mutate('publishFactCheck', { claimId, rating: 'TRUE', summary: 'True.' });
    expect(refused.error?.code).toBe('JUSTIFICATION_REQUIRED');
    expect(refused.error?.message).toContain(dissent);
    await edgar.ok('publishFactCheck', { claimId, rating: 'TRUE', summary: 'True.', justification: 'Rosa read the wrong table.' });

    const report = async () =>
      (await app.graphql<{ standardsReport: { factChecks: { claimId: string; departedFromConsensus: boolean | null; justification: string | null }[] } }>(
        `{ standardsReport { factChecks { claimId departedFromConsensus justification } } }`,
        {},
        edgar.token,
      )).data?.standardsReport.factChecks.find((f) => f.claimId === claimId);
    await eventually(async () => expect(await report()).toMatchObject({ departedFromConsensus: true, justification: 'Rosa read the wrong table.' }));
  });

  it('3. two citations of one source, however the url is spelled, count once toward PUBLISH_MIN_SOURCES', async () => {
    const { alice, rita, rafael, edgar } = people;
    const { claimId } = await alice.ok('submitClaim', claimInput('Finding three: one source cited twice.'));
    const k1 = (await alice.ok('addCitation', { ...citationInput(claimId, 1), url: 'https://dup.example.org/b' })).citationId as string;
    const k2 = (await alice.ok('addCitation', { ...citationInput(claimId, 2), url: 'https://DUP.example.org/b/' })).citationId as string;
    await assign(claimId, 'rita', 'rafael');
    await verdict(rita, claimId, 'FALSE', [k1]);
    await verdict(rafael, claimId, 'FALSE', [k2]);
    const refused = await edgar.mutate('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });
    expect(refused.error?.code).toBe('NOT_ENOUGH_SOURCES');
    expect(refused.error?.message).toContain('this claim has 1 distinct source (2 standing citations');
    await alice.ok('addCitation', { ...citationInput(claimId, 3), url: 'https://dup.example.org/c' });
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });
  });

  it('5. a verdict whose cited citation is retracted is stale, cannot be confirmed, and is left out of the count', async () => {
    const { alice, rita, rafael, rosa, edgar } = people;
    const { claimId } = await alice.ok('submitClaim', claimInput('Finding five: a verdict on a retracted citation.'));
    const k1 = (await alice.ok('addCitation', citationInput(claimId, 1))).citationId as string;
    await alice.ok('addCitation', citationInput(claimId, 2));
    const k3 = (await alice.ok('addCitation', citationInput(claimId, 3))).citationId as string;
    await assign(claimId, 'rita', 'rafael', 'rosa');
    await verdict(rita, claimId, 'FALSE', [k1]);
    await verdict(rafael, claimId, 'FALSE', [k1]);
    const onRetracted = await verdict(rosa, claimId, 'FALSE', [k3]);
    await alice.ok('retractCitation', { claimId, citationId: k3, reason: 'Doctored page' });

    const claim = await claimOf(app, claimId, edgar.token);
    expect(claim?.verdicts.find((v: { id: string }) => v.id === onRetracted)).toMatchObject({ stale: true, staleReasons: [{ field: 'retracted', citationId: k3 }] });
    const confirmed = await rosa.mutate('confirmVerdict', { claimId, verdictId: onRetracted });
    expect(confirmed.error?.code).toBe('CITATION_RETRACTED');
    expect(confirmed.error?.message).toContain('revise it without that citation');
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });
  });

  it('5. with too few other current verdicts, publishing answers STALE_VERDICTS naming the retraction', async () => {
    const { alice, rita, rafael, edgar } = people;
    const { claimId } = await alice.ok('submitClaim', claimInput('Finding five, again: too few current verdicts.'));
    const k1 = (await alice.ok('addCitation', citationInput(claimId, 1))).citationId as string;
    const k2 = (await alice.ok('addCitation', citationInput(claimId, 2))).citationId as string;
    await alice.ok('addCitation', citationInput(claimId, 3));
    await assign(claimId, 'rita', 'rafael');
    const v1 = await verdict(rita, claimId, 'FALSE', [k1, k2]);
    await verdict(rafael, claimId, 'FALSE', [k1]);
    await alice.ok('retractCitation', { claimId, citationId: k2, reason: 'Doctored page' });
    const refused = await edgar.mutate('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });
    expect(refused.error?.code).toBe('STALE_VERDICTS');
    expect(refused.error?.message).toContain(`${v1} by Rita Reviewer (citation ${k2} retracted)`);
    expect(refused.error?.extensions.stale).toEqual([{ verdictId: v1, reviewerId: 'rita', reasons: [`citation ${k2} retracted`] }]);
    await rita.ok('reviseVerdict', { claimId, verdictId: v1, citationIds: [k1], reason: 'Without the doctored page' });
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });
  });

  it('6. a statement changed and changed back leaves the verdicts current, as an excerpt changed and changed back does', async () => {
    const { alice, edgar } = people;
    const statement = 'Finding six: a statement changed and reverted.';
    const { claimId, c1 } = await rated(people, statement);
    await alice.ok('reviseClaimDetails', { claimId, statement: 'Something else entirely.', reason: 'Reworded' });
    await alice.ok('reviseCitation', { claimId, citationId: c1, excerpt: 'Another excerpt.', reason: 'Fixed the quote' });
    expect((await claimOf(app, claimId, edgar.token))?.verdicts.map((v: { stale: boolean }) => v.stale)).toEqual([true, true]);
    await alice.ok('reviseClaimDetails', { claimId, statement, reason: 'Reverted' });
    await alice.ok('reviseCitation', { claimId, citationId: c1, excerpt: 'Verbatim excerpt number 1.', reason: 'Reverted' });
    const claim = await claimOf(app, claimId, edgar.token);
    expect(claim?.verdicts.map((v: { stale: boolean; staleReasons: unknown[] }) => [v.stale, v.staleReasons])).toEqual([
      [false, []],
      [false, []],
    ]);
    await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });
  });

  it('7. a withdrawn verdict shows stale: false and no reasons after a change', async () => {
    const { alice, rafael, edgar } = people;
    const { claimId, v2 } = await rated(people, 'Finding seven: a withdrawn verdict shown stale.');
    await rafael.ok('withdrawVerdict', { claimId, verdictId: v2, reason: 'Conflict found' });
    await alice.ok('reviseClaimDetails', { claimId, statement: 'Finding seven, reworded.', reason: 'Reworded' });
    const claim = await claimOf(app, claimId, edgar.token);
    expect(claim?.verdicts.map((v: { id: string; stale: boolean; staleReasons: unknown[] }) => [v.id, v.stale, v.staleReasons])).toEqual([
      [expect.any(String), true, [{ field: 'statement', citationId: null }]],
      [v2, false, []],
    ]);
  });
});

describe('editorial integrity: a correction of the rating passes the four-eyes rules (e2e, PUBLISH_REQUIRE_INDEPENDENT_EDITOR=true)', () => {
  it('4. a counted reviewer who is also an editor may not change the rating; another editor needs a justification to depart from the verdicts', async () => {
    const app = await startTestApp({ PUBLISH_REQUIRE_INDEPENDENT_EDITOR: 'true' });
    try {
      const { alice, rita, rhea, edgar } = await desk(app);
      const { claimId } = await alice.ok('submitClaim', claimInput('Finding four: a correction past the four eyes.'));
      const k1 = (await alice.ok('addCitation', citationInput(claimId, 1))).citationId as string;
      await alice.ok('addCitation', citationInput(claimId, 2));
      await edgar.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rhea', name: 'Rhea Reviewer-Editor' }] });
      await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'No.', citationIds: [k1] });
      await rhea.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'No.', citationIds: [k1] });
      expect((await rhea.mutate('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' })).error?.code).toBe('EDITOR_NOT_INDEPENDENT');
      await edgar.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'No.' });

      expect((await rhea.mutate('correctFactCheck', { claimId, note: 'Flipped.', newRating: 'TRUE' })).error?.code).toBe('EDITOR_NOT_INDEPENDENT');
      expect((await rhea.mutate('correctFactCheck', { claimId, note: 'Flipped.', newRating: 'TRUE', justification: 'Mine.' })).error?.code).toBe('EDITOR_NOT_INDEPENDENT');
      expect((await edgar.mutate('correctFactCheck', { claimId, note: 'Flipped.', newRating: 'TRUE' })).error?.code).toBe('JUSTIFICATION_REQUIRED');
      // A correction that keeps the rating is not affected.
      await rhea.ok('correctFactCheck', { claimId, note: 'Clearer.', newSummary: 'No, as the register shows.' });
      await edgar.ok('correctFactCheck', { claimId, note: 'Flipped.', newRating: 'TRUE', justification: 'The register was forged.' });
      const response = await app.graphql<{ claim: { corrections: { newRating: string; justification: string | null }[] } }>(
        `query($id: ID!) { claim(id: $id) { corrections { newRating justification } } }`,
        { id: claimId },
        '',
      );
      expect(response.data?.claim.corrections).toEqual([
        { newRating: 'FALSE', justification: null },
        { newRating: 'TRUE', justification: 'The register was forged.' },
      ]);
    } finally {
      await app.close();
    }
  });
});

describe('configuration: whole numbers are plain decimal (e2e, at start)', () => {
  it.each([['PUBLISH_MIN_SOURCES', '0x2'], ['PUBLISH_MIN_SOURCES', '1e1'], ['PUBLISH_MIN_REVIEWERS', '0x2'], ['PUBLISH_MIN_REVIEWERS', '1e1']])(
    '8. %s=%s refuses to start, naming the setting',
    async (name, value) => {
      await expect(startTestApp({ [name]: value })).rejects.toThrow(`${name} must be a whole number`);
    },
  );
});

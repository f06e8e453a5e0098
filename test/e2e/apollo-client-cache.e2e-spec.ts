import { ApolloClient, DocumentNode, gql, HttpLink, InMemoryCache, OperationVariables } from '@apollo/client';
import { citationInput, claimInput } from '../support/claim-inputs';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * A real Apollo Client 4 with its default InMemoryCache (no type policies, no possibleTypes)
 * against a real server: whatever the desk does (live queries, time travel, diffs, history with a
 * person whose name changed, mutations, node(id:)), every answer the cache gives must equal what a
 * fresh client gets from the network. A cache identity (__typename + id) shared by a live object
 * and a historical one, or by the two sides of a diff, makes the cache answer wrong; a mutation
 * whose payload lacks the claim leaves it stale, and its cached revision then CONFLICTs.
 */

const PERSON = 'personId name';
const CLAIM = `
  id revision status statement updatedAt
  submittedBy { ${PERSON} }
  assignees { ${PERSON} }
  citations { id title excerpt stance addedBy { ${PERSON} } retraction { reason } }
  verdicts { id rating rationale revisions citationIds stale reviewer { ${PERSON} } }
  publication { rating summary publishedBy { ${PERSON} } }
  corrections { note newRating by { ${PERSON} } }
`;
const CITATION = `id title excerpt stance addedBy { ${PERSON} } retraction { reason }`;
const VERDICT = `id rating rationale revisions citationIds stale reviewer { ${PERSON} }`;
const PAYLOAD = `claimId revision position replayed citationId verdictId claim { ${CLAIM} } citation { ${CITATION} } verdict { ${VERDICT} }`;

const LIVE = gql`query Live($id: ID!) { claim(id: $id) { ${CLAIM} } }`;
const VERSION = `id claimId revision status statement submittedBy { ${PERSON} } assignees { ${PERSON} }
  citations { id citationId revision title excerpt addedBy { ${PERSON} } }
  verdicts { id verdictId revision rating rationale stale reviewer { ${PERSON} } }
  publication { rating summary }`;
const AT_REVISION = gql`query AtRevision($id: ID!, $revision: Int!) { claimAtRevision(claimId: $id, revision: $revision) { existed revision claim { ${VERSION} } } }`;
/** The moment goes in as a literal, so the query reads the same whether `at` is a String or a DateTime. */
const asOf = (at: string) => gql`query AsOf($id: ID!) { claimAsOf(claimId: $id, at: "${at}") { existed revision claim { ${VERSION} } } }`;
const DIFF = gql`query Diff($id: ID!, $from: Int!, $to: Int!) { claimDiff(claimId: $id, fromRevision: $from, toRevision: $to) {
  fromRevision toRevision status { before after } rating { before after }
  assigneesAdded { ${PERSON} }
  citationsAdded { id citationId revision title }
  verdictsRecorded { id verdictId revision rating reviewer { ${PERSON} } }
  verdictsRevised { before { id verdictId revision rating rationale reviewer { ${PERSON} } } after { id verdictId revision rating rationale reviewer { ${PERSON} } } }
} }`;
const HISTORY = gql`query History($id: ID!) { claimHistory(claimId: $id, first: 50) {
  lastRevision
  edges { cursor node { id type revision recordedAt summary actor { ${PERSON} } recordedActor { personId name roles } } }
} }`;
const NODE = gql`query Node($id: ID!) { node(id: $id) {
  __typename id
  ... on Claim { revision status statement }
  ... on Citation { title excerpt }
  ... on Verdict { rating rationale reviewer { ${PERSON} } }
  ... on ClaimVersion { claimId revision status verdicts { id rating reviewer { ${PERSON} } } }
  ... on VerdictVersion { verdictId revision rating reviewer { ${PERSON} } }
  ... on InternalNote { noteId text author { name } }
} }`;

const mutation = (name: string, input: string) => gql`mutation ${name}($input: ${input}!) { ${name}(input: $input) { ${PAYLOAD} } }`;

interface Watched {
  query: DocumentNode;
  variables: OperationVariables;
  /** A connection page (the history): what a mutation appends is not in its payload, so it is asked again. */
  page?: boolean;
}

describe('A real Apollo Client cache against the service (issue 14)', () => {
  let app: TestApp;
  let tokens: Record<string, string>;
  let client: ApolloClient;
  const watched: Watched[] = [];

  const apollo = (token: string) =>
    new ApolloClient({ cache: new InMemoryCache(), link: new HttpLink({ uri: `${app.url}/graphql`, fetch, headers: { authorization: `Bearer ${token}` } }) });

  /** What the desk tool asks (it keeps the query in view, as a watching component would). */
  async function ask(query: DocumentNode, variables: OperationVariables, options: { page?: boolean } = {}) {
    const result = await client.query({ query, variables, fetchPolicy: 'network-only' });
    expect(result.error).toBeUndefined();
    if (!watched.some((w) => w.query === query && JSON.stringify(w.variables) === JSON.stringify(variables))) watched.push({ query, variables, ...options });
    return result.data as Record<string, any>;
  }

  /** Every query in view, answered from the cache alone, equals a fresh client's network answer. */
  async function cacheAgreesWithNetwork(step: string) {
    for (const { query, variables } of watched) {
      const cached = await client.query({ query, variables, fetchPolicy: 'cache-only' });
      const fresh = await apollo(tokens.elena).query({ query, variables, fetchPolicy: 'network-only' });
      expect(fresh.error).toBeUndefined();
      const name = (query.definitions[0] as { name?: { value: string } }).name?.value;
      expect({ step, query: name, variables, data: cached.data }).toEqual({ step, query: name, variables, data: fresh.data });
    }
  }

  /** A mutation as one person of the desk, through the same client (and so the same cache). */
  async function act(as: string, name: string, input: Record<string, unknown>, inputType = `${name[0].toUpperCase()}${name.slice(1)}Input`) {
    const result = await client.mutate({ mutation: mutation(name, inputType), variables: { input }, context: { headers: { authorization: `Bearer ${tokens[as]}` } } });
    expect(result.error).toBeUndefined();
    // The history page is a list the payload cannot extend: a tool asks it again, so it leaves the watch.
    for (let i = watched.length - 1; i >= 0; i -= 1) if (watched[i].page) watched.splice(i, 1);
    return (result.data as Record<string, any>)[name];
  }

  /** The revision the cache holds for the claim: what a tool would send as expectedRevision without refetching. */
  async function cachedRevision(id: string): Promise<number> {
    const cached = await client.query({ query: LIVE, variables: { id }, fetchPolicy: 'cache-only' });
    return (cached.data as { claim: { revision: number } }).claim.revision;
  }

  beforeAll(async () => {
    app = await startTestApp();
    tokens = {
      carol: await app.token({ sub: 'carol', name: 'Carol Contributor', roles: ['contributor'] }),
      elena: await app.token({ sub: 'elena', name: 'Elena Editor', roles: ['editor'] }),
      rita: await app.token({ sub: 'rita', name: 'Rita Reviewer', roles: ['reviewer'] }),
      // The same person later, after her name changed at the identity provider.
      ritaRenamed: await app.token({ sub: 'rita', name: 'Rita Okafor', roles: ['reviewer', 'editor'] }),
      rafael: await app.token({ sub: 'rafael', name: 'Rafael Reviewer', roles: ['reviewer'] }),
    };
    client = apollo(tokens.elena);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers every step from the cache exactly as the network does, and cached revisions never CONFLICT', async () => {
    const submitted = await act('carol', 'submitClaim', claimInput());
    const id: string = submitted.claimId;
    expect(submitted.claim).toMatchObject({ id, revision: submitted.revision, status: 'DRAFT' });
    await ask(LIVE, { id });
    await ask(NODE, { id });
    await cacheAgreesWithNetwork('submitted');

    // Two citations, each mutation guarded by the revision the cache holds: no refetch in between.
    const c1 = await act('rita', 'addCitation', { ...citationInput(id, 1), expectedRevision: await cachedRevision(id) });
    expect(c1.citation).toMatchObject({ id: c1.citationId, title: 'Source 1' });
    const c2 = await act('rita', 'addCitation', { ...citationInput(id, 2, 'SUPPORTS'), expectedRevision: await cachedRevision(id) });
    await ask(NODE, { id: c1.citationId });
    await cacheAgreesWithNetwork('cited');

    await act('elena', 'assignReviewers', { claimId: id, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }], expectedRevision: await cachedRevision(id) });
    const v1 = await act('rita', 'recordVerdict', { claimId: id, rating: 'UNVERIFIABLE', rationale: 'Nothing settles it yet.', citationIds: [c1.citationId], expectedRevision: await cachedRevision(id) });
    expect(v1.verdict).toMatchObject({ id: v1.verdictId, rating: 'UNVERIFIABLE', reviewer: { personId: 'rita', name: 'Rita Reviewer' } });
    await act('rafael', 'recordVerdict', { claimId: id, rating: 'MOSTLY_FALSE', rationale: 'The coroner counts one.', citationIds: [c1.citationId, c2.citationId], expectedRevision: await cachedRevision(id) });
    await cacheAgreesWithNetwork('rated');

    // Time travel to the first verdict: the snapshot must not overwrite the live claim in the cache.
    const beforeRevision = v1.revision;
    await ask(AT_REVISION, { id, revision: beforeRevision });
    await ask(AT_REVISION, { id, revision: submitted.revision });
    await cacheAgreesWithNetwork('time travel by revision');

    // Rita, renamed, revises her verdict: UNVERIFIABLE -> MOSTLY_FALSE.
    const revised = await act('ritaRenamed', 'reviseVerdict', {
      claimId: id,
      verdictId: v1.verdictId,
      rating: 'MOSTLY_FALSE',
      rationale: 'A second source confirms one death.',
      reason: 'New evidence',
      expectedRevision: await cachedRevision(id),
    });
    // The verdict keeps the reviewer as recorded with it; the revision's event records her new name.
    expect(revised.verdict).toMatchObject({ rating: 'MOSTLY_FALSE', reviewer: { personId: 'rita', name: 'Rita Reviewer' } });
    await ask(NODE, { id: v1.verdictId });
    const diff = await ask(DIFF, { id, from: beforeRevision, to: revised.revision });
    expect(diff.claimDiff.verdictsRevised).toEqual([
      expect.objectContaining({ before: expect.objectContaining({ rating: 'UNVERIFIABLE' }), after: expect.objectContaining({ rating: 'MOSTLY_FALSE' }) }),
    ]);
    await cacheAgreesWithNetwork('revised by a renamed reviewer');
    // And read back from the cache, the diff still says what changed.
    const cachedDiff = (await client.query({ query: DIFF, variables: { id, from: beforeRevision, to: revised.revision }, fetchPolicy: 'cache-only' })).data as Record<string, any>;
    expect(cachedDiff.claimDiff.verdictsRevised.map((c: any) => `${c.before.rating} -> ${c.after.rating}`)).toEqual(['UNVERIFIABLE -> MOSTLY_FALSE']);

    // The history names Rita as she was on each event, from the cache too.
    const history = await ask(HISTORY, { id }, { page: true });
    const ritaActs = history.claimHistory.edges.filter((e: any) => e.node.recordedActor.personId === 'rita').map((e: any) => e.node.recordedActor.name);
    expect(ritaActs).toEqual(['Rita Reviewer', 'Rita Reviewer', 'Rita Reviewer', 'Rita Okafor']);
    await cacheAgreesWithNetwork('history');

    // claimAsOf the moment of the first verdict, and node(id:) on a version.
    const firstVerdict = history.claimHistory.edges.find((e: any) => e.node.revision === beforeRevision).node;
    await ask(asOf(firstVerdict.recordedAt), { id });
    await ask(NODE, { id: `${id}@${beforeRevision}` });
    await ask(NODE, { id: `${v1.verdictId}@${beforeRevision}` });
    await cacheAgreesWithNetwork('as of a moment, versions by node(id:)');

    const published = await act('elena', 'publishFactCheck', { claimId: id, rating: 'MOSTLY_FALSE', summary: 'One death is confirmed, not two.', expectedRevision: await cachedRevision(id) });
    expect(published.claim).toMatchObject({ status: 'PUBLISHED', revision: published.revision, publication: { rating: 'MOSTLY_FALSE' } });
    await ask(HISTORY, { id }, { page: true });
    await ask(DIFF, { id, from: submitted.revision, to: published.revision });
    await cacheAgreesWithNetwork('published');

    const corrected = await act('elena', 'correctFactCheck', { claimId: id, note: 'The coroner confirmed a second death.', newRating: 'MIXED', justification: 'The coroner report outweighs the earlier reading.', expectedRevision: await cachedRevision(id) });
    expect(corrected.revision).toBe(published.revision + 1);
    await ask(AT_REVISION, { id, revision: published.revision });
    await cacheAgreesWithNetwork('corrected');

    // A note: its payload carries the note, which node(id:) finds again.
    const note = await client.mutate({
      mutation: gql`mutation Post($input: PostNoteInput!) { postNote(input: $input) { noteId revision position note { id noteId text author { name } } claim { ${CLAIM} } } }`,
      variables: { input: { claimId: id, text: 'Worth a follow-up on the second death.' } },
    });
    const posted = (note.data as Record<string, any>).postNote;
    expect(posted.note).toMatchObject({ id: posted.noteId, noteId: posted.noteId, text: 'Worth a follow-up on the second death.' });
    await ask(NODE, { id: posted.noteId });
    await cacheAgreesWithNetwork('noted');

    // The live claim, straight from the cache, is the corrected fact-check at its latest revision.
    const live = (await client.query({ query: LIVE, variables: { id }, fetchPolicy: 'cache-only' })).data as Record<string, any>;
    expect(live.claim).toMatchObject({ revision: corrected.revision, status: 'PUBLISHED', publication: { rating: 'MIXED' } });
    expect(live.claim.verdicts.map((v: any) => `${v.reviewer.name}: ${v.rating}`)).toEqual(['Rita Reviewer: MOSTLY_FALSE', 'Rafael Reviewer: MOSTLY_FALSE']);
  });
});

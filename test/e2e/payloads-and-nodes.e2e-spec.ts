import { citationInput, claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';

/**
 * Issue 14, points 1 and 5, over real HTTP: mutation payloads carry the claim and the part they
 * touched as claim(id) shows them to the caller (a reader asking for a correction sees no desk-only
 * data through them), and node(id:) reveals nothing the queries it stands for would not.
 */
const CLAIM = 'id revision status statement citations { id title } verdicts { id rating } publication { rating }';
const NODE = `query($id: ID!) { node(id: $id) { __typename id
  ... on Claim { status }
  ... on Citation { title }
  ... on Verdict { rating }
  ... on InternalNote { text }
  ... on CorrectionRequestNode { requestId requestStatus: status }
  ... on ClaimVersion { claimId revision status }
  ... on CitationVersion { citationId revision title }
} }`;

describe('Mutation payloads and node(id:) (issue 14)', () => {
  let app: TestApp;
  let people: Record<'carol' | 'rita' | 'rafael' | 'elena' | 'nobody', DeskClient>;
  let published: { claimId: string; c1: string; c2: string; late: string; v1: string; revision: number };
  let draft: { claimId: string; citation: string };
  let noteId: string;
  let requestId: string;

  const node = async (id: string, token = '') => app.graphql<{ node: Record<string, any> | null }>(NODE, { id }, token || undefined);
  const claimAs = async (id: string, token = '') =>
    (await app.graphql<{ claim: Record<string, any> | null }>(`query($id: ID!) { claim(id: $id) { ${CLAIM} } }`, { id }, token || undefined)).data?.claim ?? null;

  beforeAll(async () => {
    app = await startTestApp();
    const as = async (sub: string, name: string, roles: string[]) => new DeskClient(app, await app.token({ sub, name, roles }));
    people = {
      carol: await as('carol', 'Carol Contributor', ['contributor']),
      rita: await as('rita', 'Rita Reviewer', ['reviewer']),
      rafael: await as('rafael', 'Rafael Reviewer', ['reviewer']),
      elena: await as('elena', 'Elena Editor', ['editor']),
      nobody: await as('nobody', 'No Role', []),
    };
    const { carol, rita, rafael, elena } = people;
    const { claimId } = await carol.ok('submitClaim', claimInput());
    const c1 = (await carol.ok('addCitation', citationInput(claimId, 1))).citationId as string;
    const c2 = (await carol.ok('addCitation', citationInput(claimId, 2, 'SUPPORTS'))).citationId as string;
    await elena.ok('assignReviewers', { claimId, reviewers: [{ id: 'rita', name: 'Rita Reviewer' }, { id: 'rafael', name: 'Rafael Reviewer' }] });
    const v1 = (await rita.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'One death.', citationIds: [c1, c2] })).verdictId as string;
    await rafael.ok('recordVerdict', { claimId, rating: 'FALSE', rationale: 'One death.', citationIds: [c1] });
    await elena.ok('publishFactCheck', { claimId, rating: 'FALSE', summary: 'One died.' });
    // Added after publication and in no correction: desk-only.
    const lateResult = await carol.ok('addCitation', { ...citationInput(claimId, 3), title: 'Desk-only source' });
    published = { claimId, c1, c2, late: lateResult.citationId as string, v1, revision: lateResult.revision };

    const other = (await carol.ok('submitClaim', claimInput('A draft nobody outside may see.'))).claimId;
    draft = { claimId: other, citation: (await carol.ok('addCitation', citationInput(other, 1))).citationId as string };

    const posted = await app.graphql<{ postNote: { noteId: string } }>('mutation($input: PostNoteInput!) { postNote(input: $input) { noteId } }', { input: { claimId, text: 'Internal only.' } }, rita.token);
    noteId = posted.data!.postNote.noteId;
  });

  afterAll(async () => {
    await app?.close();
  });

  describe('mutation payloads', () => {
    it('carry the claim as claim(id) answers it afterwards, and the part the mutation touched', async () => {
      const response = await app.graphql<{ reviseCitation: Record<string, any> }>(
        `mutation($input: ReviseCitationInput!) { reviseCitation(input: $input) { claimId revision position claim { ${CLAIM} } citation { id title } verdict { id } } }`,
        { input: { claimId: draft.claimId, citationId: draft.citation, title: 'Source 1, retitled', reason: 'Typo' } },
        people.carol.token,
      );
      expect(response.errors).toBeUndefined();
      const payload = response.data!.reviseCitation;
      expect(payload.claim).toEqual(await claimAs(draft.claimId, people.carol.token));
      expect(payload.claim.revision).toBe(payload.revision);
      expect(payload.citation).toEqual({ id: draft.citation, title: 'Source 1, retitled' });
      expect(payload.verdict).toBeNull();
    });

    it("give a reader who asks for a correction the fact-check as the public sees it: no desk-only citation, no request", async () => {
      const response = await app.graphql<{ requestCorrection: Record<string, any> }>(
        `mutation($input: RequestCorrectionInput!) { requestCorrection(input: $input) { requestId claimId claim { ${CLAIM} } request { requestId problem } } }`,
        { input: { claimId: published.claimId, problem: 'A second death was confirmed.', contact: 'reader@example.org' } },
      );
      expect(response.errors).toBeUndefined();
      const payload = response.data!.requestCorrection;
      requestId = payload.requestId;
      expect(payload.claim).toEqual(await claimAs(published.claimId));
      expect(payload.claim.citations.map((c: { id: string }) => c.id)).toEqual([published.c1, published.c2]);
      expect(JSON.stringify(payload)).not.toContain('Desk-only source');
      expect(payload.request).toBeNull();

      // The desk sees the desk-only citation through claim(id); the public payload above did not.
      expect((await claimAs(published.claimId, people.elena.token))!.citations.map((c: { title: string }) => c.title)).toContain('Desk-only source');
    });

    it('give an editor handling the request the request itself', async () => {
      const response = await app.graphql<{ acknowledgeCorrectionRequest: Record<string, any> }>(
        'mutation($input: CorrectionRequestIdInput!) { acknowledgeCorrectionRequest(input: $input) { request { id requestId status } claim { id } } }',
        { input: { requestId } },
        people.elena.token,
      );
      expect(response.data!.acknowledgeCorrectionRequest).toEqual({ request: { id: requestId, requestId, status: 'ACKNOWLEDGED' }, claim: { id: published.claimId } });
    });
  });

  describe('node(id:)', () => {
    it('finds claims and their parts with the ids they always had', async () => {
      expect((await node(published.claimId)).data!.node).toEqual({ __typename: 'Claim', id: published.claimId, status: 'PUBLISHED' });
      expect((await node(published.c1)).data!.node).toEqual({ __typename: 'Citation', id: published.c1, title: 'Source 1' });
      expect((await node(published.v1)).data!.node).toEqual({ __typename: 'Verdict', id: published.v1, rating: 'FALSE' });
      expect((await node(noteId, people.elena.token)).data!.node).toEqual({ __typename: 'InternalNote', id: noteId, text: 'Internal only.' });
      expect((await node(requestId, people.elena.token)).data!.node).toEqual({ __typename: 'CorrectionRequestNode', id: requestId, requestId, requestStatus: 'ACKNOWLEDGED' });
    });

    it('finds versions from the history by <id>@<revision>, for the desk only', async () => {
      const version = `${published.claimId}@1`;
      expect((await node(version, people.carol.token)).data!.node).toEqual({ __typename: 'ClaimVersion', id: version, claimId: published.claimId, revision: 1, status: 'DRAFT' });
      expect((await node(`${published.c1}@1`, people.carol.token)).data!.node).toEqual({ __typename: 'CitationVersion', id: `${published.c1}@1`, citationId: published.c1, revision: 1, title: 'Source 1' });
      // The citation did not exist yet at revision 0; the claim has no revision 999.
      expect((await node(`${published.c1}@0`, people.carol.token)).data!.node).toBeNull();
      expect((await node(`${published.claimId}@999`, people.carol.token)).data!.node).toBeNull();
      // History is the desk's: not for readers, nor for a token without a role.
      expect((await node(version)).data!.node).toBeNull();
      expect((await node(version, people.nobody.token)).data!.node).toBeNull();
    });

    it('shows the public nothing claim(id) would not: no draft, no part of one, no desk-only citation, no note, no request', async () => {
      for (const token of ['', people.nobody.token]) {
        for (const id of [draft.claimId, draft.citation, published.late, noteId, requestId]) {
          const response = await node(id, token);
          expect({ id, errors: response.errors, node: response.data?.node }).toEqual({ id, errors: undefined, node: null });
        }
      }
      // The desk sees the draft and the desk-only citation.
      expect((await node(draft.claimId, people.carol.token)).data!.node).toMatchObject({ __typename: 'Claim', status: 'DRAFT' });
      expect((await node(published.late, people.carol.token)).data!.node).toMatchObject({ __typename: 'Citation', title: 'Desk-only source' });
    });

    it('gives notes only to reviewers, editors and admins, and requests only to editors and admins', async () => {
      expect((await node(noteId, people.carol.token)).data!.node).toBeNull();
      expect((await node(noteId, people.rita.token)).data!.node).toMatchObject({ __typename: 'InternalNote' });
      expect((await node(requestId, people.rita.token)).data!.node).toBeNull();
      expect((await node(requestId, people.carol.token)).data!.node).toBeNull();
    });

    it('answers null for an id that names nothing, and BAD_USER_INPUT naming the argument for a malformed one', async () => {
      expect((await node('00000000-0000-4000-8000-000000000000', people.elena.token)).data!.node).toBeNull();
      for (const bad of ['', 'has space', 'x@y', 'x@01', `${'a'.repeat(200)}`, 'a@b@1', "'; DROP TABLE claims; --"]) {
        const response = await node(bad, people.elena.token);
        expect({ bad, code: response.errors?.[0]?.extensions?.code }).toEqual({ bad, code: 'BAD_USER_INPUT' });
        expect(response.errors![0].message).toMatch(/^id must be an id this service gave out/);
      }
    });

    it('nodes(ids:) answers in order, null where there is nothing to show, and refuses too many ids', async () => {
      const response = await app.graphql<{ nodes: ({ id: string } | null)[] }>('query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }', { ids: [published.c1, draft.claimId, published.claimId] });
      expect(response.data!.nodes).toEqual([{ __typename: 'Citation', id: published.c1 }, null, { __typename: 'Claim', id: published.claimId }]);
      const tooMany = await app.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: Array.from({ length: 101 }, (_, i) => `id-${i}`) });
      expect(tooMany.errors?.[0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' }, message: 'ids may hold at most 100 ids' });
      const malformed = await app.graphql('query($ids: [ID!]!) { nodes(ids: $ids) { id } }', { ids: ['fine', 'not fine'] });
      expect(malformed.errors?.[0].message).toMatch(/^ids\[1\] must be an id this service gave out/);
      // Its path is a path like every other (["ids", 1]), not the name "ids[1]"; the deprecated `field` stays as it was.
      expect(malformed.errors?.[0].extensions).toMatchObject({ field: 'ids[1]', fields: [{ path: ['ids', 1], message: malformed.errors![0].message }] });
      const literal = await app.graphql('{ nodes(ids: ["fine", "bad id"]) { id } }');
      expect(literal.errors?.[0].extensions?.fields).toEqual([{ path: ['ids', 1], message: literal.errors![0].message }]);
    });
  });
});

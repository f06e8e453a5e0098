import { gzipSync } from 'node:zlib';
import { ApolloClient, gql, HttpLink, InMemoryCache } from '@apollo/client';
import { claimInput } from '../support/claim-inputs';
import { DeskClient } from '../support/desk-client';
import { startTestApp, TestApp } from '../support/test-app';
import { WsSubscriber } from '../support/ws-subscriber';
import { eventually } from '../support/eventually';

type GraphQLErrorJson = { message: string; path?: unknown[]; locations?: unknown[]; extensions?: Record<string, unknown> };

/**
 * Issue 14 follow-up, what an outside attacker found in the error answers: variables that do not
 * coerce over graphql-ws, a body that is not JSON, the path of nodes(ids:); and a note's author, which
 * could not be read (roles null) and shared its cache identity with whoami. Over real HTTP and WebSocket.
 */
describe('errors are the same on every transport (e2e)', () => {
  let app: TestApp;
  let editor: string;
  beforeAll(async () => {
    app = await startTestApp();
    editor = await app.token({ sub: 'elena', name: 'Elena Marchetti', roles: ['editor'] });
  });
  afterAll(() => app.close());

  /** The errors of one operation over graphql-ws (a `next` with errors or an `error` message). */
  async function overWs(query: string, variables: Record<string, unknown> = {}): Promise<GraphQLErrorJson[]> {
    const ws = new WsSubscriber(app.url, editor);
    try {
      const { errors } = ws.subscribe(query, variables);
      await eventually(() => expect(errors).toHaveLength(1));
      return errors[0] as GraphQLErrorJson[];
    } finally {
      await ws.close();
    }
  }

  const faults = () => app.logs.filter((line) => line.includes('INTERNAL_SERVER_ERROR'));

  describe('graphql-ws: variables that do not coerce are BAD_USER_INPUT, as over HTTP', () => {
    const queries: [string, string, Record<string, unknown>][] = [
      ['an Int given a string', 'query($n: Int) { claims(first: $n) { totalCount } }', { n: 'x' }],
      ['a required ID not given', 'query($id: ID!) { claim(id: $id) { id } }', {}],
      ['a DateTime that is not one', 'query($id: ID!, $at: DateTime!) { claimAsOf(claimId: $id, at: $at) { existed } }', { id: 'x', at: 'nope' }],
      ['an input object with an unknown field', 'query($f: ClaimFilterInput) { claims(filter: $f) { totalCount } }', { f: { bogus: 1 } }],
    ];
    it.each(queries)('%s: the same code, message and fields as over HTTP, not logged as a fault', async (_name, query, variables) => {
      const before = faults().length;
      const http = await app.graphql(query, variables, editor);
      const ws = await overWs(query, variables);
      expect(http.errors!.length).toBeGreaterThan(0);
      expect(http.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(ws.map(({ message, extensions }) => ({ message, extensions }))).toEqual(http.errors!.map(({ message, extensions }) => ({ message, extensions })));
      expect(faults().length).toBe(before);
    });

    const subscriptions: [string, string, Record<string, unknown>, (string | number)[]][] = [
      ['a status that is not one', 'subscription($f: DeskFeedFilterInput) { deskChanges(filter: $f) { cursor } }', { f: { status: ['NOPE'] } }, ['f', 'status', 0]],
      ['a cursor that is a number', 'subscription($a: String) { deskChanges(after: $a) { cursor } }', { a: 5 }, ['a']],
    ];
    it.each(subscriptions)('a subscription with %s: BAD_USER_INPUT with fields, not logged as a fault', async (_name, query, variables, path) => {
      const before = faults().length;
      const [error, ...more] = await overWs(query, variables);
      expect(more).toEqual([]);
      expect(error.message).toMatch(/^Variable "\$\w+" got invalid value /);
      expect(error.extensions).toEqual({ code: 'BAD_USER_INPUT', fields: [{ path, message: expect.any(String) }] });
      expect(faults().length).toBe(before);
    });
  });

  describe('a /graphql body that cannot be read is answered in the GraphQL shape', () => {
    const raw = async (body: string, accept?: string) => {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (accept) headers.accept = accept;
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body });
      return { status: response.status, contentType: response.headers.get('content-type'), body: (await response.json()) as Record<string, unknown> };
    };

    it.each(['{"query":', '"str"', 'null'])('%s: 400 BAD_REQUEST, in the negotiated media type', async (body) => {
      for (const [accept, type] of [
        [undefined, 'application/json'],
        ['application/graphql-response+json', 'application/graphql-response+json'],
        ['application/graphql-response+json, application/json;q=0.9', 'application/graphql-response+json'],
      ] as const) {
        const answer = await raw(body, accept);
        expect(answer.status).toBe(400);
        expect(answer.contentType).toBe(`${type}; charset=utf-8`);
        expect(answer.body).toEqual({ errors: [{ message: expect.stringMatching(/^The request body is not a JSON object/), extensions: { code: 'BAD_REQUEST' } }] });
      }
    });

    it('a compressed body that does not decompress (gzip, br): 400 BAD_REQUEST in the GraphQL shape, not logged as a fault', async () => {
      const before = app.logs.filter((line) => /"level":"error"/.test(line)).length;
      const truncated = gzipSync(Buffer.from(JSON.stringify({ query: '{ __typename }' }))).subarray(0, 12);
      for (const [encoding, body] of [['gzip', Buffer.from('{"query":"{__typename}"}')], ['gzip', truncated], ['br', Buffer.from('junk')]] as const) {
        const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-encoding': encoding }, body });
        expect(response.status).toBe(400);
        expect(await response.json()).toEqual({ errors: [{ message: expect.stringMatching(/^The request body could not be read/), extensions: { code: 'BAD_REQUEST' } }] });
      }
      expect(app.logs.filter((line) => /"level":"error"/.test(line)).length).toBe(before);
    });

    it('a body over the limit: 413 REQUEST_TOO_LARGE', async () => {
      const answer = await raw(JSON.stringify({ query: `{ __typename } # ${'x'.repeat(600 * 1024)}` }), 'application/graphql-response+json');
      expect(answer.status).toBe(413);
      expect(answer.contentType).toBe('application/graphql-response+json; charset=utf-8');
      expect(answer.body).toEqual({ errors: [{ message: 'The request body is larger than 524288 bytes', extensions: { code: 'REQUEST_TOO_LARGE' } }] });
    });
  });

  describe("a note's author is the person as recorded on the note", () => {
    const POST = 'mutation($input: PostNoteInput!) { postNote(input: $input) { noteId note { noteId author { __typename id personId name } } } }';
    const NOTES = gql`query Notes($id: ID!) { claimNotes(claimId: $id) { claimId notes { id noteId author { id personId name } } } }`;
    const OLD_NOTES = gql`query OldNotes($id: ID!) { claimNotes(claimId: $id) { claimId notes { id noteId author { id name } } } }`;
    const WHOAMI = gql`query Me { whoami { id name } }`;

    it('a postNote payload and claimNotes answer author without an error; a rename reaches neither the older note nor whoami in a cache', async () => {
      const alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
      const { claimId } = await alice.ok('submitClaim', claimInput('The river rose four metres overnight.'));
      const before = await app.token({ sub: 'rita', name: 'Rita Before', roles: ['reviewer'] });
      const posted = await app.graphql<{ postNote: { note: { author: unknown } } }>(POST, { input: { claimId, text: 'Check the gauge data.' } }, before);
      expect(posted.errors).toBeUndefined();
      expect(posted.data!.postNote.note.author).toEqual({ __typename: 'Person', id: 'rita', personId: 'rita', name: 'Rita Before' });

      // Rita's token now names her differently; her desk tool (one Apollo cache) reads the notes and who she is.
      const after = await app.token({ sub: 'rita', name: 'Rita After', roles: ['reviewer'] });
      const client = new ApolloClient({ cache: new InMemoryCache(), link: new HttpLink({ uri: `${app.url}/graphql`, fetch, headers: { authorization: `Bearer ${after}` } }) });
      await client.query({ query: NOTES, variables: { id: claimId }, fetchPolicy: 'network-only' });
      await client.query({ query: OLD_NOTES, variables: { id: claimId }, fetchPolicy: 'network-only' }); // a client of before: author { id name }
      expect((await client.query({ query: WHOAMI, fetchPolicy: 'network-only' })).data).toEqual({ whoami: { __typename: 'Actor', id: 'rita', name: 'Rita After' } });
      const cached = client.readQuery<{ claimNotes: { notes: { author: { name: string } }[] } }>({ query: NOTES, variables: { id: claimId } });
      expect(cached!.claimNotes.notes.map((n) => n.author.name)).toEqual(['Rita Before']);
      const cachedOld = client.readQuery<{ claimNotes: { notes: { author: { name: string } }[] } }>({ query: OLD_NOTES, variables: { id: claimId } });
      expect(cachedOld!.claimNotes.notes.map((n) => n.author.name)).toEqual(['Rita Before']);
      const network = await app.graphql<{ claimNotes: { notes: { author: { name: string } }[] } }>(NOTES.loc!.source.body, { id: claimId }, after);
      expect(network.errors).toBeUndefined();
      expect(network.data!.claimNotes.notes.map((n) => n.author.name)).toEqual(['Rita Before']);
    });

    it("the attacker's author { id name roles }: never an INTERNAL_SERVER_ERROR after the note was stored", async () => {
      const alice = new DeskClient(app, await app.token({ sub: 'alice', name: 'Alice', roles: ['contributor'] }));
      const { claimId } = await alice.ok('submitClaim', claimInput('The bridge was closed for a week.'));
      const rita = await app.token({ sub: 'rita', name: 'Rita', roles: ['reviewer'] });
      const answer = await app.graphql('mutation($input: PostNoteInput!) { postNote(input: $input) { note { author { id name roles } } } }', { input: { claimId, text: 'Ask the city.' } }, rita);
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['GRAPHQL_VALIDATION_FAILED']); // Person has no roles: refused before anything runs
      const notes = await app.graphql<{ claimNotes: { count: number } }>('query($id: ID!) { claimNotes(claimId: $id) { count } }', { id: claimId }, rita);
      expect(notes.data!.claimNotes.count).toBe(0);
    });
  });
});

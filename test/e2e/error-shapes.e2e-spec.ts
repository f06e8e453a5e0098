import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { startTestApp, TestApp } from '../support/test-app';

interface Answer {
  status: number;
  contentType: string | null;
  retryAfter: string | null;
  body: { data?: unknown; errors?: { message: string; path?: unknown[]; extensions?: Record<string, unknown> }[] };
}

const JSON_TYPE = 'application/json';
const GRAPHQL_RESPONSE = 'application/graphql-response+json';

async function post(app: TestApp, body: unknown, options: { accept?: string; token?: string; contentType?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': options.contentType ?? JSON_TYPE };
  if (options.accept) headers.accept = options.accept;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
  return { status: response.status, contentType: response.headers.get('content-type'), retryAfter: response.headers.get('retry-after'), body: (await response.json()) as Answer['body'] };
}

/** The one shape of BAD_USER_INPUT: a non-empty `fields` of `{ path: (string | number)[], message: string }`. */
function expectWellFormedFields(error: { extensions?: Record<string, unknown> }): { path: (string | number)[]; message: string }[] {
  expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  const fields = error.extensions?.fields as { path: unknown[]; message: unknown }[];
  expect(Array.isArray(fields)).toBe(true);
  expect(fields.length).toBeGreaterThan(0);
  for (const field of fields) {
    expect(Object.keys(field).sort()).toEqual(['message', 'path']);
    expect(typeof field.message).toBe('string');
    expect((field.message as string).length).toBeGreaterThan(0);
    expect(Array.isArray(field.path)).toBe(true);
    for (const part of field.path) expect(['string', 'number']).toContain(typeof part);
  }
  return fields as { path: (string | number)[]; message: string }[];
}

const SUBMIT = 'mutation($input: SubmitClaimInput!) { submitClaim(input: $input) { __typename } }';
const ADD_CITATION = 'mutation($input: AddCitationInput!) { addCitation(input: $input) { __typename } }';
const RECORD_VERDICT = 'mutation($input: RecordVerdictInput!) { recordVerdict(input: $input) { __typename } }';

const submit = () => ({
  statement: 'Two people died during the police raids.',
  claimant: { name: 'Trend News Agency', kind: 'ORGANIZATION' },
  claimDate: '2025-06-28',
  language: 'en',
  topics: ['russia'],
  appearances: [{ url: 'https://en.trend.az/', outlet: 'Trend', appearedAt: '2025-06-28', firstAppearance: true }],
});
const citation = () => ({ claimId: 'no-such-claim', url: 'https://example.org/a', title: 'A title', publisher: 'A publisher', excerpt: 'An excerpt', stance: 'SUPPORTS' });
const verdict = () => ({ claimId: 'no-such-claim', rating: 'FALSE', rationale: 'Because the sources say so.', citationIds: ['c-1'] });

describe('error shapes and HTTP status (e2e)', () => {
  let app: TestApp;
  let editor: string;
  beforeAll(async () => {
    app = await startTestApp();
    editor = await app.token({ sub: 'elena', name: 'Elena Marchetti', roles: ['editor'] });
  });
  afterAll(() => app.close());

  describe('BAD_USER_INPUT always carries fields: [{ path, message }]', () => {
    it('from variable coercion: the path starts at the variable and names the field', async () => {
      const wrongType = await post(app, { query: SUBMIT, variables: { input: { ...submit(), statement: 5 } } }, { token: editor });
      const [field] = expectWellFormedFields(wrongType.body.errors![0]);
      expect(field.path).toEqual(['input', 'statement']);
      expect(wrongType.body.errors![0].message).toMatch(/^Variable "\$input" got invalid value 5 at "input.statement"/);

      const missing = await post(app, { query: SUBMIT, variables: { input: { ...submit(), appearances: [{ url: 'https://a.example/' }] } } }, { token: editor });
      const paths = missing.body.errors!.flatMap((e) => expectWellFormedFields(e).map((f) => f.path));
      expect(paths).toContainEqual(['input', 'appearances', 0, 'outlet']);

      const unknown = await post(app, { query: SUBMIT, variables: { input: { ...submit(), bogus: true } } }, { token: editor });
      expect(unknown.body.errors!.flatMap((e) => expectWellFormedFields(e).map((f) => f.path))).toEqual([['input', 'bogus']]);

      const absent = await post(app, { query: 'query($id: ID!) { claim(id: $id) { id } }' });
      expect(expectWellFormedFields(absent.body.errors![0])).toEqual([{ path: ['id'], message: 'Variable "$id" of required type "ID!" was not provided.' }]);
    });

    it('from class-validator: one entry per problem, under the argument it validated', async () => {
      const answer = await post(app, { query: SUBMIT, variables: { input: { ...submit(), statement: '   ', appearances: [{ ...submit().appearances[0], url: 'ftp://example.org/' }] } } }, { token: editor });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toHaveLength(1);
      const fields = expectWellFormedFields(answer.body.errors![0]);
      expect(fields.map((f) => f.path)).toEqual(expect.arrayContaining([['input', 'statement'], ['input', 'appearances', 0, 'url']]));
      expect(answer.body.errors![0].message).toMatch(/^Invalid input: /);
    });

    it('from a resolver: the argument it names, with the deprecated `field` kept', async () => {
      const page = await post(app, { query: '{ claims(first: 1000) { totalCount } }' });
      expect(page.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first', max: 100 });
      expect(expectWellFormedFields(page.body.errors![0])).toEqual([{ path: ['first'], message: page.body.errors![0].message }]);

      const search = await post(app, { query: '{ claims(filter: { search: "!!" }) { totalCount } }' });
      expect(expectWellFormedFields(search.body.errors![0])).toEqual([{ path: ['filter', 'search'], message: 'search needs at least one word or number' }]);

      const id = await post(app, { query: '{ claim(id: "not an id!") { id } }' });
      expect(expectWellFormedFields(id.body.errors![0]).map((f) => f.path)).toEqual([['id']]);

      const cursor = await post(app, { query: '{ claims(first: 1, after: "forged") { totalCount } }' });
      expect(expectWellFormedFields(cursor.body.errors![0])).toEqual([{ path: ['after'], message: 'after is not a cursor this service issued' }]);
    });

    it('arbitrary bad inputs to submitClaim, addCitation and recordVerdict: always BAD_USER_INPUT with well-formed fields under "input", never INTERNAL_SERVER_ERROR', async () => {
      const json = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.string({ maxLength: 4 }).map((s) => ({ [`k${s}`]: s })), fc.array(fc.integer(), { maxLength: 3 }));
      /** A valid input spoilt by construction: a text made a non-text (not an ID, which takes numbers too), a required field nulled or removed, an unknown key, a blank or oversize text. */
      const spoil = (valid: Record<string, unknown>, texts: string[], required: string[]) =>
        fc.oneof(
          fc.record({ key: fc.constantFrom(...texts), value: json }).map(({ key, value }) => ({ ...valid, [key]: value })),
          fc.constantFrom(...required).map((key) => ({ ...valid, [key]: null })),
          fc.constantFrom(...required).map((key) => Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key))),
          fc.stringMatching(/^[a-z]{1,8}$/).filter((k) => !(k in valid)).map((key) => ({ ...valid, [`zz${key}`]: 1 })),
          fc.record({ key: fc.constantFrom(...texts), blank: fc.constantFrom(' ', '\t', '\u200b', 'x'.repeat(20_001)) }).map(({ key, blank }) => ({ ...valid, [key]: blank })),
        );
      const cases = [
        { query: SUBMIT, input: spoil(submit(), ['statement', 'language'], ['statement', 'claimant', 'claimDate', 'language']) },
        { query: ADD_CITATION, input: spoil(citation(), ['url', 'title', 'publisher', 'excerpt'], ['claimId', 'url', 'title', 'publisher', 'excerpt', 'stance']) },
        { query: RECORD_VERDICT, input: spoil(verdict(), ['rationale'], ['claimId', 'rating', 'rationale', 'citationIds']) },
      ];
      for (const { query, input } of cases) {
        await fc.assert(
          fc.asyncProperty(input, async (variables) => {
            const answer = await post(app, { query, variables: { input: variables } }, { token: editor });
            expect(answer.body.errors?.length).toBeGreaterThan(0);
            for (const error of answer.body.errors!) {
              expect(error.extensions?.code).not.toBe('INTERNAL_SERVER_ERROR');
              for (const field of expectWellFormedFields(error)) expect(field.path[0]).toBe('input');
            }
            expect(answer.status).toBe(200);
          }),
          { numRuns: 40 },
        );
      }
    });
  });

  describe('HTTP status by media type (GraphQL over HTTP)', () => {
    const requestErrors: [string, unknown, string][] = [
      ['a parse failure', { query: '{ claims { ' }, 'GRAPHQL_PARSE_FAILED'],
      ['a validation failure', { query: '{ noSuchField }' }, 'GRAPHQL_VALIDATION_FAILED'],
      ['a variable that does not coerce', { query: 'query($n: Int) { claims(first: $n) { totalCount } }', variables: { n: 'ten' } }, 'BAD_USER_INPUT'],
      ['an unknown persisted query', { extensions: { persistedQuery: { version: 1, sha256Hash: 'f'.repeat(64) } } }, 'PERSISTED_QUERY_NOT_FOUND'],
    ];

    it.each(requestErrors)('%s: 200 for application/json, 400 for application/graphql-response+json, no data either way', async (_what, body, code) => {
      for (const [accept, status, type] of [[undefined, 200, JSON_TYPE], [JSON_TYPE, 200, JSON_TYPE], [GRAPHQL_RESPONSE, 400, GRAPHQL_RESPONSE], [`${GRAPHQL_RESPONSE}, ${JSON_TYPE};q=0.9`, 400, GRAPHQL_RESPONSE], [`${GRAPHQL_RESPONSE};q=0.5, ${JSON_TYPE}`, 200, JSON_TYPE]] as const) {
        const answer = await post(app, body, { accept });
        expect({ accept, status: answer.status, type: answer.contentType?.split(';')[0], code: answer.body.errors?.[0].extensions?.code }).toEqual({ accept, status, type, code });
        expect(answer.body).not.toHaveProperty('data');
      }
    });

    it('an error once execution started (data present) is 200 for both media types', async () => {
      for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
        const answer = await post(app, { query: '{ claims(first: 1000) { totalCount } }' }, { accept });
        expect(answer.status).toBe(200);
        expect(answer.body).toHaveProperty('data', null);
      }
    });

    it('a query over the limits, a malformed request and a bad token keep their status whatever is accepted', async () => {
      for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
        const tooComplex = await post(app, { query: `{ ${Array.from({ length: 41 }, (_, i) => `a${i}: __typename`).join(' ')} }` }, { accept });
        expect([tooComplex.status, tooComplex.body.errors?.[0].extensions?.code]).toEqual([400, 'QUERY_TOO_COMPLEX']);
        const noQuery = await post(app, {}, { accept });
        expect([noQuery.status, noQuery.body.errors?.[0].extensions?.code]).toEqual([400, 'BAD_REQUEST']);
        const badJson = await post(app, '{"query": ', { accept });
        expect(badJson.status).toBe(400);
        const badToken = await post(app, { query: '{ whoami { id } }' }, { accept, token: 'not-a-jwt' });
        expect([badToken.status, badToken.body.errors?.[0].extensions?.code]).toEqual([401, 'UNAUTHENTICATED']);
      }
    });
  });

  describe('persisted queries', () => {
    const query = '{ deskCounts { total } }';
    const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

    it('an unknown hash is PERSISTED_QUERY_NOT_FOUND; sent with its query it registers, and the hash alone then runs it', async () => {
      const text = `${query} # registered by this test`;
      const own = sha256(text);
      const unknown = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: own } } }, { token: editor });
      expect(unknown.body.errors).toEqual([{ message: 'PersistedQueryNotFound', extensions: { code: 'PERSISTED_QUERY_NOT_FOUND' } }]);
      const registered = await post(app, { query: text, extensions: { persistedQuery: { version: 1, sha256Hash: own } } }, { token: editor });
      expect(registered.body).toEqual({ data: { deskCounts: { total: 0 } } });
      const byHash = await post(app, { extensions: { persistedQuery: { version: 1, sha256Hash: own } } }, { token: editor });
      expect([byHash.status, byHash.body]).toEqual([200, { data: { deskCounts: { total: 0 } } }]);
    });

    it('a hash that is not the query\'s is PERSISTED_QUERY_HASH_MISMATCH, HTTP 400, never INTERNAL_SERVER_ERROR', async () => {
      for (const accept of [JSON_TYPE, GRAPHQL_RESPONSE]) {
        const answer = await post(app, { query, extensions: { persistedQuery: { version: 1, sha256Hash: sha256('{ something else }') } } }, { accept, token: editor });
        expect(answer.status).toBe(400);
        expect(answer.body).toEqual({ errors: [{ message: "The persisted query's sha256Hash is not the SHA-256 of the query sent with it", extensions: { code: 'PERSISTED_QUERY_HASH_MISMATCH' } }] });
      }
    });

    it('another version of the protocol is PERSISTED_QUERY_NOT_SUPPORTED', async () => {
      const answer = await post(app, { query, extensions: { persistedQuery: { version: 2, sha256Hash: sha256(query) } } }, { token: editor });
      expect(answer.status).toBe(200);
      expect(answer.body.errors).toEqual([{ message: 'Only version 1 of automatic persisted queries is supported', extensions: { code: 'PERSISTED_QUERY_NOT_SUPPORTED' } }]);
    });
  });

  describe('CSRF protection (requests a browser sends without a preflight)', () => {
    it('refuses a simple POST (text/plain, form-encoded) and a simple GET, and runs nothing', async () => {
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
        const answer = await post(app, { query: 'mutation { __typename }' }, { contentType, token: editor });
        expect(answer.status).toBe(400);
        expect(answer.body.errors?.[0].message).toMatch(/Cross-Site Request Forgery/);
        expect(answer.body).not.toHaveProperty('data');
      }
      const simpleGet = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: JSON_TYPE } });
      expect(simpleGet.status).toBe(400);
      expect(await simpleGet.text()).toMatch(/Cross-Site Request Forgery/);
    });

    it('answers a GET that a browser could only send after a preflight', async () => {
      const answer = await fetch(`${app.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: JSON_TYPE, 'apollo-require-preflight': 'true' } });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ data: { __typename: 'Query' } });
    });
  });
});
